package org.hotline.link.entry;

import java.time.Instant;

/**
 * Whether given bytes are exactly {@link EntryCodec#encode} of an entry, checked by walking the
 * bytes once against the encoding the entry would have, without building it. {@link
 * EntryCodec#decode} needs this check for every entry it reads, and {@code hotline verify} decodes
 * every entry of a node; encoding each one again with Jackson cost several times the hashing.
 *
 * <p>The walk writes what Jackson's UTF-8 generator writes with Hotline's settings: compact output,
 * fields in {@link EntryCodec}'s order, numbers in plain decimal, strings with a quotation mark and
 * a backslash escaped by a backslash, U+0008, U+0009, U+000A, U+000C and U+000D as backslash-b, -t,
 * -n, -f, -r, other characters below U+0020 as backslash-u00XX with uppercase hex, a character
 * outside the Basic Multilingual Plane as its two surrogates escaped the same way, and everything
 * else as itself in UTF-8. A test holds this equal to Jackson for every kind of character; any
 * entry kind this class does not know is checked by encoding it. Stateless; thread-safe.
 */
final class CanonicalForm {
  private static final byte[] HEX =
      "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * 1 for a byte of UTF-8 that may stand for an escaped character (see {@code Walk.walkedAsUtf8}),
   * else 0.
   */
  private static final byte[] UNSURE = new byte[256];

  static {
    for (int b = 0; b < 0x20; b++) {
      UNSURE[b] = 1;
    }
    UNSURE['"'] = 1;
    UNSURE['\\'] = 1;
    UNSURE['?'] = 1;
    for (int b = 0xF0; b <= 0xFF; b++) {
      UNSURE[b] = 1;
    }
  }

  private CanonicalForm() {}

  /** True iff {@code bytes} equals {@code EntryCodec.encode(entry, format)}. */
  static boolean matches(Entry entry, byte[] bytes, int format) {
    Walk walk = new Walk(bytes);
    walk.raw("{\"v\":").number(format);
    switch (entry) {
      case MessageEntry message -> {
        Draft draft = message.draft();
        walk.field("kind").string("message");
        header(walk, message.log().text(), message.seq(), message.id(), message.created());
        walk.field("precedence").string(draft.precedence().name());
        walk.field("status").string(draft.status().name());
        walk.field("language").string(draft.language());
        walk.field("in_reply_to");
        if (draft.inReplyTo() == null) {
          walk.raw("null");
        } else {
          walk.string(draft.inReplyTo().toString());
        }
        walk.field("subject").string(draft.subject());
        walk.field("body").string(draft.body());
        if (format >= EntryCodec.FORMAT_3) {
          walk.field("channel").string(draft.channel());
          walk.field("seen").number(message.seen());
        }
        if (format >= EntryCodec.FORMAT_4) {
          TemplateRef template = draft.template();
          walk.field("template").string(template == null ? TemplateRef.ID_NONE : template.id());
          walk.field("template_version")
              .number(template == null ? TemplateRef.VERSION_NONE : template.version());
          walk.field("template_sha256")
              .string(template == null ? TemplateRef.SHA256_NONE : template.sha256());
        }
      }
      case ResponseEntry response -> {
        walk.field("kind").string(response.kind().wire());
        header(walk, response.log().text(), response.seq(), response.id(), response.created());
        walk.field("message").string(response.message().toString());
        walk.field("by").string(response.by());
        walk.field("note").string(response.note());
      }
      case LinkTestEntry test -> {
        walk.field("kind").string("link-test");
        header(walk, test.log().text(), test.seq(), test.id(), test.created());
        walk.field("number").number(test.number());
      }
      case RecoveryEntry recovery -> {
        walk.field("kind").string(EntryCodec.KIND_RECOVERY);
        header(walk, recovery.log().text(), recovery.seq(), recovery.id(), recovery.created());
        walk.field("restored").number(recovery.restored());
        walk.field("signed_up_to").number(recovery.signedUpTo());
      }
      default -> {
        return java.util.Arrays.equals(EntryCodec.encode(entry, format), bytes);
      }
    }
    return walk.raw("}").atEnd();
  }

  private static void header(Walk walk, String log, long seq, MessageId id, Instant created) {
    int slash = log.lastIndexOf('/');
    walk.field("log").string(log);
    walk.field("seq").number(seq);
    walk.field("from").string(log.substring("hotline/".length(), slash));
    walk.field("to").string(log.substring(slash + 1));
    walk.field("id").string(id.toString());
    walk.field("created").string(EntryCodec.timestamp(created));
  }

  /** Compares what would be written with the input, byte by byte; once off, stays off. */
  private static final class Walk {
    private final byte[] in;
    private int position;
    private boolean same = true;

    Walk(byte[] in) {
      this.in = in;
    }

    Walk field(String name) {
      return raw(",").string(name).raw(":");
    }

    /** ASCII text written as it is. */
    Walk raw(String ascii) {
      for (int i = 0; i < ascii.length() && same; i++) {
        expect(ascii.charAt(i));
      }
      return this;
    }

    Walk number(long value) {
      return raw(Long.toString(value));
    }

    Walk string(String text) {
      expect('"');
      if (same && !walkedAsUtf8(text)) {
        walkCharByChar(text);
      }
      expect('"');
      return this;
    }

    /**
     * The common case in one step: text that needs no escape is written as its UTF-8 bytes, which
     * the JDK encodes and compares many bytes at a time (walking a 1 KiB body char by char was most
     * of the cost of this class). Returns false, having compared nothing, if the text may need an
     * escape: a character below U+0020, a quotation mark, a backslash, a character outside the
     * Basic Multilingual Plane (a four-byte sequence), or a question mark, which is also what the
     * encoder writes for a lone surrogate.
     */
    private boolean walkedAsUtf8(String text) {
      byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int unsure = 0;
      for (byte b : utf8) {
        unsure |= UNSURE[b & 0xFF]; // no branch per byte: the loop runs at memory speed
      }
      if (unsure != 0) {
        return false;
      }
      int end = position + utf8.length;
      if (end <= in.length && java.util.Arrays.equals(in, position, end, utf8, 0, utf8.length)) {
        position = end;
      } else {
        same = false;
      }
      return true;
    }

    private void walkCharByChar(String text) {
      int length = text.length();
      for (int i = 0; i < length && same; i++) {
        char c = text.charAt(i);
        if (c < 0x80) {
          ascii(c);
        } else if (c < 0x800) {
          expect(0xC0 | (c >> 6));
          expect(0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          unicodeEscape(c);
          unicodeEscape(text.charAt(++i));
        } else if (Character.isSurrogate(c)) {
          // Jackson writes a lone surrogate as an escape, but the parser gives back a string that
          // no text policy admits and that a store of UTF-8 cannot keep: no canonical form has one.
          same = false;
        } else {
          expect(0xE0 | (c >> 12));
          expect(0x80 | ((c >> 6) & 0x3F));
          expect(0x80 | (c & 0x3F));
        }
      }
    }

    private void ascii(char c) {
      switch (c) {
        case '"', '\\' -> {
          expect('\\');
          expect(c);
        }
        case '\b' -> escaped('b');
        case '\t' -> escaped('t');
        case '\n' -> escaped('n');
        case '\f' -> escaped('f');
        case '\r' -> escaped('r');
        default -> {
          if (c < 0x20) {
            unicodeEscape(c);
          } else {
            expect(c);
          }
        }
      }
    }

    /** Backslash, u, four uppercase hex digits. */
    private void unicodeEscape(char c) {
      expect('\\');
      expect('u');
      expect(HEX[c >> 12]);
      expect(HEX[(c >> 8) & 0xF]);
      expect(HEX[(c >> 4) & 0xF]);
      expect(HEX[c & 0xF]);
    }

    private void escaped(char letter) {
      expect('\\');
      expect(letter);
    }

    private void expect(int value) {
      if (same && position < in.length && in[position] == (byte) value) {
        position++;
      } else {
        same = false;
      }
    }

    boolean atEnd() {
      return same && position == in.length;
    }
  }
}
