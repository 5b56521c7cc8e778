package org.hotline;

import java.util.List;

/**
 * A formatted notification's field values break its template (docs/notifications.md): nothing is
 * signed. Carries every problem found, each at the JSON Pointer of the failing value with the rule
 * it breaks, so a form can show each beside its field. Immutable.
 */
public final class InvalidFieldsException extends HotlineException {
  private static final long serialVersionUID = 1L;

  /**
   * One failing value.
   *
   * @param pointer the JSON Pointer (RFC 6901) of the value in the fields, {@code ""} for all
   * @param rule the rule it breaks, such as {@code required} or {@code maxLength}
   * @param message one English sentence for a person
   */
  public record FieldError(String pointer, String rule, String message) {}

  @SuppressWarnings("serial") // never serialized: an outcome carried to the edge
  private final List<FieldError> errors;

  /**
   * @param template the template's id, named in the message
   * @param errors at least one
   */
  public InvalidFieldsException(String template, List<FieldError> errors) {
    super(
        "the fields break template "
            + template
            + " in "
            + errors.size()
            + (errors.size() == 1 ? " place" : " places")
            + ": "
            + errors.get(0).pointer()
            + " "
            + errors.get(0).message());
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }

  @Override
  public String type() {
    return "invalid-fields";
  }
}
