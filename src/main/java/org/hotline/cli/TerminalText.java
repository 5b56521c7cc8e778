package org.hotline.cli;

import org.hotline.text.CodePoints;

/**
 * Text from outside (a peer's subject and body, notes, reasons, user and peer names, security event
 * details) made safe to print on a terminal: every code point a terminal or the bidi algorithm
 * would obey is replaced by the visible mark of {@link CodePoints#mark}, so a peer cannot clear the
 * operator's screen, retitle the window, plant a link or reverse a line. Ordinary text of every
 * script, astral characters included, is printed unchanged.
 *
 * <p>Stateless and thread-safe.
 */
final class TerminalText {
  /** Tab stops are every 8 columns, as on a terminal. */
  static final int TAB_WIDTH = 8;

  private TerminalText() {}

  /** One-line text (a subject, a name, a note in a row): TAB and LF are marked too; null is "". */
  static String line(String text) {
    return CodePoints.marked(text);
  }

  /**
   * Multi-line text (a message body): LF stays a line break and TAB is expanded to spaces up to the
   * next tab stop; everything else is marked as in {@link #line}.
   */
  static String block(String text) {
    if (text == null) {
      return "";
    }
    if (!CodePoints.needsMarks(text)) {
      return text;
    }
    StringBuilder shown = new StringBuilder(text.length() + 16);
    int lineStart = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      switch (CodePoints.kind(codePoint)) {
        case LINE_FEED -> {
          shown.append('\n');
          lineStart = shown.length();
        }
        case TAB -> {
          int column = shown.codePointCount(lineStart, shown.length());
          shown.repeat(' ', TAB_WIDTH - column % TAB_WIDTH);
        }
        default -> shown.append(CodePoints.mark(codePoint));
      }
    }
    return shown.toString();
  }
}
