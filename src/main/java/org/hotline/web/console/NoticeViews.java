package org.hotline.web.console;

import java.util.List;

/**
 * What the formatted notification's form and card show, as plain immutable records (see {@link
 * Views}). Public because the compiled templates live in another package.
 */
public final class NoticeViews {
  private NoticeViews() {}

  /**
   * A received or sent formatted notification as a card in one language.
   *
   * @param language the language of the labels ({@code en} or {@code zh})
   * @param other the other language, one click away
   * @param validity {@code VALID}, {@code INVALID} or {@code UNKNOWN_TEMPLATE}
   * @param freeTextLanguage the language the sender wrote the free text in, for {@code lang}
   * @param fields the fields with their values, empty unless valid
   * @param problems why the values break the template, empty when valid
   * @param raw the values as the entry carries them, shown as text when not valid
   */
  public record Card(
      Text t,
      String language,
      String other,
      String title,
      String templateId,
      int version,
      String sha256,
      String validity,
      String freeTextLanguage,
      List<CardField> fields,
      List<Problem> problems,
      String raw) {
    public boolean valid() {
      return validity.equals("VALID");
    }
  }

  /**
   * One field of a card: its label, its value as shown (an enumeration's label, yes or no for a
   * boolean), its unit; for a list of objects, its rows of fields instead of a value; for a
   * free-text field, the translations of it, shown beside it.
   */
  public record CardField(
      String pointer,
      String label,
      String value,
      String unit,
      boolean freeText,
      List<List<CardField>> rows,
      List<Views.TranslationRow> translations) {
    public boolean list() {
      return !rows.isEmpty();
    }
  }

  /** A value that breaks its template, at its JSON Pointer, with the rule that failed. */
  public record Problem(String pointer, String rule, String message) {}

  /**
   * The formatted notification's compose page: the choice of peer, channel and template, then the
   * template's form.
   *
   * @param template {@code id:version} of the chosen template, or empty before one is chosen
   * @param fields the template's form, empty before one is chosen
   * @param problems problems not beside any field (the whole object, a place the form lacks)
   * @param error a refusal of the whole notification (the channel, the peer's adoption), or null
   */
  public record ComposePage(
      Views.Frame frame,
      String to,
      String channel,
      String template,
      String title,
      List<Views.Option> peers,
      List<Views.Option> channels,
      List<Views.Option> templates,
      List<Views.Option> precedences,
      List<Views.Option> statuses,
      String language,
      List<FormField> fields,
      List<Problem> problems,
      String error,
      boolean confirmFlash,
      boolean heldForRelease) {
    public boolean chosen() {
      return !template.isEmpty();
    }
  }

  /**
   * One input of the form, from the template's field.
   *
   * @param name the form parameter: {@code f} followed by the value's JSON Pointer
   * @param id the element's id, the name with its slashes as dashes
   * @param input {@code text}, {@code textarea}, {@code number}, {@code checkbox}, {@code select},
   *     {@code datetime} or {@code rows} (a list of objects: {@link #rows})
   * @param value the value as typed, kept after an error
   * @param minimum an integer's least value, or null
   * @param maximum an integer's greatest value, or null
   * @param error the problem at this field's pointer, or null
   * @param rows for a list, each row's inputs
   * @param canAddRow whether another row fits under the list's maxItems
   */
  public record FormField(
      String name,
      String id,
      String label,
      String help,
      String unit,
      String input,
      boolean required,
      boolean freeText,
      String value,
      List<Views.Option> choices,
      Long minimum,
      Long maximum,
      int maxLength,
      String error,
      List<List<FormField>> rows,
      boolean canAddRow) {}
}
