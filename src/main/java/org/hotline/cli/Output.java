package org.hotline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hotline.Json;
import org.hotline.text.CodePoints;

/** Small helpers for printing. */
final class Output {
  private Output() {}

  private static final ObjectWriter JSON =
      Json.mapper().writerWithDefaultPrettyPrinter().with(new TerminalSafeEscapes());

  /**
   * {@code value} as pretty-printed JSON that keeps every string exactly and is safe on a terminal:
   * Jackson escapes C0 controls and every surrogate (so an unpaired one survives as <code>
   * &#92;uD800</code> rather than turning into {@code ?}); DEL, C1 controls and bidi controls are
   * escaped too (<code>&#92;u202e</code>), which JSON allows for any character and which reads back
   * as the same text. Nothing else is escaped: other scripts are printed as themselves.
   */
  static String json(Object value) {
    try {
      // Bytes, not a String: Jackson's UTF-8 writer escapes surrogates, its String writer does not.
      return new String(JSON.writeValueAsBytes(value), StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new CliException("cannot print JSON: " + e.getMessage());
    }
  }

  /**
   * Jackson's standard escapes, plus DEL, C1 controls and bidi controls as <code>&#92;uXXXX</code>.
   */
  private static final class TerminalSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;

    private final int[] ascii = standardAsciiEscapesForJSON();

    TerminalSafeEscapes() {
      ascii[0x7F] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int character) {
      CodePoints.Kind kind = CodePoints.kind(character);
      return kind == CodePoints.Kind.C1_CONTROL || kind == CodePoints.Kind.BIDI_CONTROL
          ? new SerializedString(String.format(Locale.ROOT, "\\u%04X", character))
          : null;
    }
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  static URI endpoint(String text) {
    try {
      URI uri = URI.create(text);
      if ("https".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the one error below
    }
    throw new CliException("endpoint must look like https://HOST:PORT, got '" + text + "'");
  }
}
