package org.hotline.web.console;

import gg.jte.Content;
import java.util.Locale;
import org.hotline.text.CodePoints;

/**
 * Text from outside (a peer's subject and body, notes, reasons, names, security event details) as
 * the console shows it: isolated in a {@code <bdi>} so that its direction cannot reorder the row or
 * the sentence around it, with every bidi control and every control character (format-1 entries may
 * carry them) replaced by a visible mark from {@link CodePoints#mark}, styled {@code span.ctl} and
 * titled with the character's name. The stored text is unchanged; the API gives it exactly. Every
 * template shows such text through this one class:
 *
 * <ul>
 *   <li>{@code $unsafe} is never used; {@link #text} and {@link #block} escape HTML themselves;
 *   <li>{@link #marked} is for places where markup cannot go ({@code <title>}, attributes).
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class Shown {
  private Shown() {}

  /** One-line text: TAB and LF are marked too. */
  public static Content text(String text) {
    return output -> output.writeContent(html(text, false));
  }

  /** Multi-line text (a body): LF and TAB stay layout, everything else as in {@link #text}. */
  public static Content block(String text) {
    return output -> output.writeContent(html(text, true));
  }

  /** One-line text with every mark in place, as plain text for jte to escape. */
  public static String marked(String text) {
    return CodePoints.marked(text);
  }

  static String html(String text, boolean multiLine) {
    StringBuilder out = new StringBuilder(text == null ? 16 : text.length() + 16);
    out.append("<bdi>");
    if (text != null) {
      text.codePoints()
          .forEach(
              codePoint -> {
                CodePoints.Kind kind = CodePoints.kind(codePoint);
                if (kind == CodePoints.Kind.ORDINARY
                    || (multiLine
                        && (kind == CodePoints.Kind.TAB || kind == CodePoints.Kind.LINE_FEED))) {
                  escape(codePoint, out);
                } else {
                  out.append("<span class=\"ctl\" title=\"").append(name(codePoint)).append("\">");
                  CodePoints.mark(codePoint).codePoints().forEach(c -> escape(c, out));
                  out.append("</span>");
                }
              });
    }
    return out.append("</bdi>").toString();
  }

  /** {@code U+202E RIGHT-TO-LEFT OVERRIDE}; ASCII only, nothing to escape. */
  private static String name(int codePoint) {
    String name = Character.getName(codePoint);
    return String.format(Locale.ROOT, "U+%04X", codePoint) + (name == null ? "" : " " + name);
  }

  private static void escape(int codePoint, StringBuilder out) {
    switch (codePoint) {
      case '&' -> out.append("&amp;");
      case '<' -> out.append("&lt;");
      case '>' -> out.append("&gt;");
      case '"' -> out.append("&quot;");
      case '\'' -> out.append("&#39;");
      default -> out.appendCodePoint(codePoint);
    }
  }
}
