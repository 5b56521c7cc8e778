package org.hotline;

/**
 * The request contradicts what is already stored (a duplicate peer, an existing data directory).
 */
public final class ConflictException extends HotlineException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }

  @Override
  public String type() {
    return "conflict";
  }
}
