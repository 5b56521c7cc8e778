package org.hotline;

/**
 * The one unchecked root of every expected operating error in Hotline: bad input, an unknown party,
 * an overloaded queue, a peer that refused a batch. Subclasses carry the data the edges need; only
 * the edges ({@code web}, {@code federation}, {@code cli}) turn them into HTTP problem details or
 * exit codes. No stack trace is captured: these are outcomes, not bugs.
 *
 * <p>Immutable and thread-safe.
 */
public abstract class HotlineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected HotlineException(String message) {
    super(message, null, false, false);
  }

  /** A short, stable, machine-readable name for the problem, used as the problem type. */
  public abstract String type();
}
