package org.hotline.transcript;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The character-level rules of <a href="https://github.com/C2SP/C2SP/blob/main/signed-note.md">C2SP
 * signed-note</a> shared by notes, checkpoints and keys. Stateless; thread-safe.
 */
final class NoteText {
  private static final int NEXT_LINE = 0x85;

  private NoteText() {}

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * Decodes standard padded base64 (RFC 4648 §4) and insists on the canonical spelling, so that one
   * byte string has exactly one text form.
   */
  static byte[] decodeBase64(String what, String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new TranscriptFormatException(what + " is not valid base64.");
    }
    if (!base64(bytes).equals(text)) {
      throw new TranscriptFormatException(what + " is not canonical padded base64.");
    }
    return bytes;
  }

  /**
   * Requires well-formed Unicode without ASCII control characters, except newlines where {@code
   * newlineAllowed}: signed notes "MUST be valid UTF-8 and MUST NOT contain any ASCII control
   * characters (those below U+0020) other than newline".
   */
  static void requireNoteChars(String what, String text, boolean newlineAllowed) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (cp == '\n' && !newlineAllowed) {
        throw new TranscriptFormatException(what + " contains a newline.");
      }
      if (cp < 0x20 && cp != '\n') {
        throw new TranscriptFormatException(
            what + " contains the control character U+" + String.format("%04X", cp) + ".");
      }
      if (cp <= Character.MAX_VALUE && Character.isSurrogate((char) cp)) {
        throw new TranscriptFormatException(what + " contains an unpaired UTF-16 surrogate.");
      }
      i += Character.charCount(cp);
    }
  }

  /** Key names "MUST be non-empty and MUST NOT contain any Unicode spaces or plus (U+002B)". */
  static void requireKeyName(String what, String name) {
    if (name.isEmpty()) {
      throw new TranscriptFormatException(what + " is empty.");
    }
    requireNoteChars(what, name, false);
    if (name.indexOf('+') >= 0) {
      throw new TranscriptFormatException(what + " \"" + name + "\" contains a plus sign.");
    }
    if (name.codePoints().anyMatch(NoteText::isUnicodeSpace)) {
      throw new TranscriptFormatException(what + " \"" + name + "\" contains a space.");
    }
  }

  private static boolean isUnicodeSpace(int cp) {
    return Character.isSpaceChar(cp) || cp == NEXT_LINE || (cp >= '\t' && cp <= '\r');
  }
}
