package org.hotline.text;

import java.util.Locale;

/**
 * Which code points may never reach a screen as themselves, and the visible mark that stands for
 * each. A terminal obeys control characters (ESC starts a sequence that can clear the screen, set
 * the window title or plant a link; C1 U+009B is a one-character CSI), and a browser or terminal
 * obeys Unicode bidi controls (U+202E reverses the rest of a line). Text from outside (a peer's
 * subject, a note, a user name) is therefore shown with these code points replaced by marks that
 * look like what they are:
 *
 * <ul>
 *   <li>ESC (U+001B) as {@code \e}; TAB, LF and CR as {@code \t}, {@code \n}, {@code \r} where they
 *       are not kept as layout;
 *   <li>every other C0 control (U+0000–U+001F, NUL included) and DEL (U+007F) as {@code \xHH};
 *   <li>C1 controls (U+0080–U+009F) and unpaired surrogates as <code>&#92;uHHHH</code>;
 *   <li>bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) as {@code <U+HHHH>}.
 * </ul>
 *
 * Hex digits are lower case in backslash marks; {@code U+} marks are written as Unicode writes
 * them, upper case. Everything else, including every script and astral characters, is left as it
 * is. A mark is not an escape to be undone: text that already reads {@code \e} is shown unchanged,
 * so the display is for reading, and the exact text is in the API's JSON. The CLI ({@code
 * cli.TerminalText}) and the console ({@code web.console.Shown}) use this one scheme.
 *
 * <p>Stateless and thread-safe.
 */
public final class CodePoints {
  private CodePoints() {}

  /** What a code point is, as far as showing it is concerned. */
  public enum Kind {
    /** Shown as itself. */
    ORDINARY,
    /** U+0009: layout in multi-line text, marked in one-line text. */
    TAB,
    /** U+000A: a line break in multi-line text, marked in one-line text. */
    LINE_FEED,
    /** U+0000–U+001F other than TAB and LF, and DEL U+007F. */
    C0_CONTROL,
    /** U+0080–U+009F. */
    C1_CONTROL,
    /** U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: they reorder text around them. */
    BIDI_CONTROL,
    /** A surrogate that is not half of a pair (only a {@code String} can hold one). */
    LONE_SURROGATE
  }

  public static Kind kind(int codePoint) {
    if (codePoint == '\t') {
      return Kind.TAB;
    }
    if (codePoint == '\n') {
      return Kind.LINE_FEED;
    }
    if (codePoint < 0x20 || codePoint == 0x7F) {
      return Kind.C0_CONTROL;
    }
    if (codePoint < 0x80) {
      return Kind.ORDINARY;
    }
    if (codePoint <= 0x9F) {
      return Kind.C1_CONTROL;
    }
    if (isBidiControl(codePoint)) {
      return Kind.BIDI_CONTROL;
    }
    if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
      return Kind.LONE_SURROGATE;
    }
    return Kind.ORDINARY;
  }

  /** C0 (TAB and LF included), DEL and C1. */
  public static boolean isControl(int codePoint) {
    Kind kind = kind(codePoint);
    return kind == Kind.TAB
        || kind == Kind.LINE_FEED
        || kind == Kind.C0_CONTROL
        || kind == Kind.C1_CONTROL;
  }

  /** The Unicode bidi formatting characters (UAX #9, table 4) and the Arabic letter mark. */
  public static boolean isBidiControl(int codePoint) {
    return codePoint == 0x061C
        || codePoint == 0x200E
        || codePoint == 0x200F
        || (codePoint >= 0x202A && codePoint <= 0x202E)
        || (codePoint >= 0x2066 && codePoint <= 0x2069);
  }

  /** Whether {@code text} holds any code point that is not {@link Kind#ORDINARY}. */
  public static boolean needsMarks(String text) {
    return text.codePoints().anyMatch(codePoint -> kind(codePoint) != Kind.ORDINARY);
  }

  /**
   * {@code text} as one line with every code point that is not {@link Kind#ORDINARY} (TAB and LF
   * included) replaced by its {@link #mark}; null is "". The text itself when nothing needs a mark.
   */
  public static String marked(String text) {
    if (text == null) {
      return "";
    }
    if (!needsMarks(text)) {
      return text;
    }
    StringBuilder shown = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(codePoint -> shown.append(mark(codePoint)));
    return shown.toString();
  }

  /**
   * The visible mark for a code point that is not {@link Kind#ORDINARY} (TAB and LF included), or
   * the code point itself when it is.
   */
  public static String mark(int codePoint) {
    return switch (kind(codePoint)) {
      case ORDINARY -> Character.toString(codePoint);
      case TAB -> "\\t";
      case LINE_FEED -> "\\n";
      case C0_CONTROL ->
          switch (codePoint) {
            case 0x1B -> "\\e";
            case '\r' -> "\\r";
            default -> String.format(Locale.ROOT, "\\x%02x", codePoint);
          };
      case C1_CONTROL, LONE_SURROGATE -> String.format(Locale.ROOT, "\\u%04x", codePoint);
      case BIDI_CONTROL -> String.format(Locale.ROOT, "<U+%04X>", codePoint);
    };
  }
}
