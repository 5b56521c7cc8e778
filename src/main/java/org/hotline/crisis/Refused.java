package org.hotline.crisis;

/**
 * Why a change is not valid where its author stood: thrown by the rules, caught by the fold, which
 * records the change as {@link Outcome#REFUSED} with this reason. Carries no stack trace: it is an
 * outcome, not a fault.
 */
final class Refused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The argument at fault, or null when the change is refused for the state it meets. */
  @SuppressWarnings("serial") // never serialized: an outcome inside one fold
  private final String argument;

  Refused(String reason) {
    this(null, reason);
  }

  Refused(String argument, String reason) {
    super(reason, null, false, false);
    this.argument = argument;
  }

  /** The argument at fault, if the change is refused for one of its arguments. */
  java.util.Optional<String> argument() {
    return java.util.Optional.ofNullable(argument);
  }
}
