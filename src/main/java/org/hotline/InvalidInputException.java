package org.hotline;

/** A request, command or peer batch was malformed or broke a stated limit; nothing was stored. */
public final class InvalidInputException extends HotlineException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The offending field or parameter, or {@code ""} when the whole input is at fault. */
  public String field() {
    return field;
  }

  @Override
  public String type() {
    return "invalid-input";
  }
}
