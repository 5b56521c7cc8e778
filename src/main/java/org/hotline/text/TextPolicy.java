package org.hotline.text;

import org.hotline.InvalidInputException;

/**
 * The one rule for text that goes onto the record: subjects, bodies, notes, reasons, names and
 * every text field of later entry kinds. It is applied where text comes in (API, console, CLI, all
 * through the domain's submission paths) and, for entries of format version 2, again by the reader
 * of every entry, so that no node can sign text that its own reader, and so its peer's, would
 * refuse. docs/protocol.md §3.5 states it with the exact code points:
 *
 * <ul>
 *   <li>well-formed Unicode only: a UTF-16 surrogate (U+D800–U+DFFF) must be half of a pair;
 *   <li>no C0 control (U+0000–U+001F), DEL (U+007F) or C1 control (U+0080–U+009F), except TAB
 *       (U+0009) and LF (U+000A) in a multi-line field; on the way in, CR LF becomes LF in a
 *       multi-line field, and any other CR is refused;
 *   <li>in a one-line field also no LINE SEPARATOR (U+2028) or PARAGRAPH SEPARATOR (U+2029).
 * </ul>
 *
 * <p>Bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are
 * allowed, because some scripts need them; every display neutralises them and shows them as visible
 * marks. Noncharacters and private-use characters are well-formed and allowed. Stateless;
 * thread-safe.
 */
public final class TextPolicy {
  private TextPolicy() {}

  /** Whether a field is one line (a subject, a name) or free text (a body, a note). */
  public enum Lines {
    ONE,
    MULTI
  }

  /**
   * The first character a field may not hold.
   *
   * @param position 1-based position of the character, counted in Unicode characters (code points)
   * @param codePoint the character, or the lone surrogate's code unit
   */
  public record Breach(int position, int codePoint, String what) {
    /** One sentence naming the field, the position and the character, for an error message. */
    public String describe(String field) {
      return String.format(
          java.util.Locale.ROOT,
          "%s: character %d is %s (U+%04X), which %s",
          field,
          position,
          what,
          codePoint,
          "is not allowed in text on the record");
    }
  }

  /**
   * Text as a person or program submits it: CR LF becomes LF in a multi-line field, and the result
   * must keep the rule. Returns the text to store and sign; null stays null (the caller decides
   * whether the field is required). Throws {@link InvalidInputException} naming {@code field} and
   * the position of the first character that breaks the rule; the caller should refuse the whole
   * submission.
   */
  public static String admit(String field, String text, Lines lines) {
    if (text == null) {
      return null;
    }
    String normalised =
        lines == Lines.MULTI && text.indexOf('\r') >= 0 ? text.replace("\r\n", "\n") : text;
    Breach breach = firstBreach(normalised, lines);
    if (breach != null) {
      throw new InvalidInputException(field, breach.describe(field));
    }
    return normalised;
  }

  /** The first character of {@code text} that breaks the rule, or null if there is none. */
  public static Breach firstBreach(String text, Lines lines) {
    int position = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      position++;
      if (c >= 0x20 && c < 0x7F) {
        continue; // printable ASCII: the common case, one comparison pair
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      String what = breach(c, lines);
      if (what != null) {
        return new Breach(position, c, what);
      }
    }
    return null;
  }

  /** Whether {@code text} keeps the rule. */
  public static boolean allows(String text, Lines lines) {
    return firstBreach(text, lines) == null;
  }

  private static String breach(char c, Lines lines) {
    if (Character.isSurrogate(c)) {
      return "an unpaired surrogate";
    }
    if (c == '\t' || c == '\n') {
      return lines == Lines.MULTI
          ? null
          : c == '\t' ? "a tab in a one-line field" : "a line break in a one-line field";
    }
    if (c == '\r') {
      return lines == Lines.MULTI
          ? "a carriage return not followed by a line feed"
          : "a line break in a one-line field";
    }
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
      return "a control character";
    }
    if ((c == '\u2028' || c == '\u2029') && lines == Lines.ONE) {
      return "a line or paragraph separator in a one-line field";
    }
    return null;
  }
}
