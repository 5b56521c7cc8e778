package org.hotline.notice;

import java.util.List;
import java.util.Map;

/**
 * One field of a template as a form or a card shows it, read from the schema and its presentation
 * keywords.
 *
 * @param name the property's name, the last step of its JSON Pointer
 * @param type {@code string}, {@code integer}, {@code boolean}, or {@code array} for a list of
 *     objects whose fields are {@link #items}
 * @param required whether the schema requires it
 * @param freeText whether it is free text, which the reader sees as the sender wrote it ("original,
 *     not translated"): the only kind of field a translation covers
 * @param labels the label by language ({@code en}, {@code zh})
 * @param help the help text by language; may be empty
 * @param unit the unit the value is in ({@code m}, {@code kn}, ...), or {@code ""}
 * @param choices for an enumeration, each allowed value with its label by language, in the schema's
 *     order; empty otherwise
 * @param maxLength a string's longest length, 0 when not a string
 * @param pattern a string's pattern, or {@code ""}
 * @param format a string's format ({@code date-time}, ...), or {@code ""}
 * @param items for an array, the fields of each of its objects; empty otherwise
 * @param maxItems for an array, its longest length; 0 otherwise
 */
public record TemplateField(
    String name,
    String type,
    boolean required,
    boolean freeText,
    Map<String, String> labels,
    Map<String, String> help,
    String unit,
    List<Choice> choices,
    int maxLength,
    String pattern,
    String format,
    List<TemplateField> items,
    int maxItems) {

  /** An allowed value of an enumeration and its label by language. */
  public record Choice(Object value, Map<String, String> labels) {}

  /** The label in {@code language}, else in English, else the name. */
  public String label(String language) {
    return labels.getOrDefault(language, labels.getOrDefault("en", name));
  }
}
