package org.hotline.link.entry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import org.hotline.identity.LogOrigin;

/**
 * The fast way through {@link EntryCodec#decode} for the common case: bytes laid out exactly as
 * {@link EntryCodec#encode} lays them out, read straight from the bytes in that one field order,
 * with no JSON parser and no second pass. It accepts an entry only if every byte is the one the
 * encoder would write for what it read, so what it returns is canonical by construction:
 *
 * <ul>
 *   <li>every field name, colon, comma and brace is the encoder's, in the encoder's order;
 *   <li>every string value is well-formed UTF-8 holding no byte the encoder escapes (a quotation
 *       mark, a backslash, a control character, the lead byte of a character outside the Basic
 *       Multilingual Plane), and escapes exactly as the encoder writes them: backslash before a
 *       quotation mark or a backslash; backslash-b, -t, -n, -f, -r for U+0008, U+0009, U+000A,
 *       U+000C, U+000D; backslash-u00XX with uppercase hex for the other control characters; and a
 *       character outside the Basic Multilingual Plane as its two surrogates, each escaped as
 *       backslash-uXXXX with uppercase hex. So the encoder writes each string back as these very
 *       bytes;
 *   <li>every number is plain decimal without a leading zero or sign;
 *   <li>every value the encoder writes from a parsed form (log origin, message ids, precedence,
 *       status, timestamps) is already in the one form the encoder writes.
 * </ul>
 *
 * <p>At the first thing it does not expect it returns null, and the caller decodes the bytes the
 * general way, which names the problem precisely; so this class never decides that an entry is
 * wrong, only that one is plainly right. {@code hotline verify} decodes every entry of a node, and
 * a streaming parser followed by a canonical-form walk cost more than hashing and reading the entry
 * together. Stateless; thread-safe.
 */
final class CanonicalReader {
  private CanonicalReader() {}

  /**
   * Thrown at the first byte the encoder would not have written, without a stack trace (it is cheap
   * and caught at once); never escapes this class.
   */
  private static final class NotPlain extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotPlain() {
      super("not laid out as the encoder lays out an entry", null, false, false);
    }
  }

  /**
   * For each byte: {@link #ESCAPED} if the encoder never writes it as itself inside a string,
   * {@link #HIGH} if not ASCII, {@link #DELETE} for DEL, which the encoder writes as itself but the
   * text policy of format 2 refuses.
   */
  private static final byte[] CLASS = new byte[256];

  private static final int ESCAPED = 1;
  private static final int HIGH = 2;
  private static final int DELETE = 4;

  /**
   * For each ASCII letter after a backslash, the control character the encoder writes so; 0 if it
   * writes none so.
   */
  private static final char[] SHORT_ESCAPES = new char[128];

  /** For each control character, whether the encoder writes it as a letter escape. */
  private static final boolean[] SHORT_ESCAPES_OF = new boolean[0x20];

  static {
    for (int b = 0; b < 0x20; b++) {
      CLASS[b] = ESCAPED;
    }
    CLASS['"'] = ESCAPED;
    CLASS['\\'] = ESCAPED;
    CLASS[0x7F] = DELETE;
    SHORT_ESCAPES['b'] = '\b';
    SHORT_ESCAPES['t'] = '\t';
    SHORT_ESCAPES['n'] = '\n';
    SHORT_ESCAPES['f'] = '\f';
    SHORT_ESCAPES['r'] = '\r';
    for (char letter : SHORT_ESCAPES) {
      if (letter != 0) {
        SHORT_ESCAPES_OF[letter] = true;
      }
    }
    for (int b = 0x80; b <= 0xFF; b++) {
      // Lead bytes of four-byte sequences (escaped as two surrogates) and bytes that are never
      // UTF-8 (0xF8 and up) go the general way.
      CLASS[b] = (byte) (b >= 0xF0 ? ESCAPED : HIGH);
    }
  }

  private static final byte[] VERSION = ascii("{\"v\":");
  private static final byte[] KIND = ascii(",\"kind\":");
  private static final byte[] LOG = ascii(",\"log\":");
  private static final byte[] SEQ = ascii(",\"seq\":");
  private static final byte[] FROM = ascii(",\"from\":");
  private static final byte[] TO = ascii(",\"to\":");
  private static final byte[] ID = ascii(",\"id\":");
  private static final byte[] CREATED = ascii(",\"created\":");
  private static final byte[] PRECEDENCE = ascii(",\"precedence\":");
  private static final byte[] STATUS = ascii(",\"status\":");
  private static final byte[] LANGUAGE = ascii(",\"language\":");
  private static final byte[] IN_REPLY_TO = ascii(",\"in_reply_to\":");
  private static final byte[] NULL = ascii("null");
  private static final byte[] SUBJECT = ascii(",\"subject\":");
  private static final byte[] BODY = ascii(",\"body\":");
  private static final byte[] CHANNEL = ascii(",\"channel\":");
  private static final byte[] SEEN = ascii(",\"seen\":");
  private static final byte[] TEMPLATE = ascii(",\"template\":");
  private static final byte[] TEMPLATE_VERSION = ascii(",\"template_version\":");
  private static final byte[] TEMPLATE_SHA256 = ascii(",\"template_sha256\":");
  private static final byte[] MESSAGE = ascii(",\"message\":");
  private static final byte[] BY = ascii(",\"by\":");
  private static final byte[] NOTE = ascii(",\"note\":");
  private static final byte[] NUMBER = ascii(",\"number\":");
  private static final byte[] DEADLINE = ascii(",\"deadline\":");
  private static final byte[] RESTORED = ascii(",\"restored\":");
  private static final byte[] SIGNED_UP_TO = ascii(",\"signed_up_to\":");

  /** Eight bytes of an array at a time, for {@link #unusual}. */
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /**
   * Whether any of the eight bytes in {@code word} is below 0x20, a quotation mark, a backslash,
   * DEL or not ASCII: the usual bit tricks for a byte below a bound and for a zero byte, exact as a
   * yes or no. A string is scanned eight bytes a step until one of these turns up; a 1 KiB body
   * byte by byte cost a third of reading an entry.
   */
  static boolean unusual(long word) {
    long quote = word ^ (ONES * '"');
    long backslash = word ^ (ONES * '\\');
    long delete = word ^ (ONES * 0x7F);
    long below = (word - ONES * 0x20) & ~word;
    return ((below
                | ((quote - ONES) & ~quote)
                | ((backslash - ONES) & ~backslash)
                | ((delete - ONES) & ~delete)
                | word)
            & HIGH_BITS)
        != 0;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The entry, or null if the bytes are not laid out as a canonical entry or any value is invalid.
   *
   * @param likely the log the entry probably belongs to, reused if the entry names it (a verifier
   *     reads a whole log); null if unknown
   */
  static Entry read(byte[] bytes, LogOrigin likely) {
    try {
      return new Cursor(bytes).entry(likely);
    } catch (RuntimeException e) {
      return null; // the general decoder will say what is wrong
    }
  }

  /**
   * One pass over the bytes, left to right. Reading past the end throws, like any other surprise,
   * and {@link #read} turns it into null: no value can end an entry but its closing brace.
   */
  private static final class Cursor {
    private final byte[] in;
    private int at;

    /**
     * Whether any string read so far holds a character other than printable ASCII, which the text
     * policy may refuse.
     */
    private boolean unusualText;

    Cursor(byte[] in) {
      this.in = in;
    }

    Entry entry(LogOrigin likely) {
      expect(VERSION);
      int format = in[at++] - '0';
      if (!EntryCodec.FORMAT_VERSIONS.contains(format)) {
        throw new NotPlain();
      }
      expect(KIND);
      String kind = string();
      expect(LOG);
      String logText = string();
      LogOrigin log;
      if (likely != null && likely.hasText(logText)) {
        log = likely;
      } else {
        log = LogOrigin.parse(logText);
        if (!log.hasText(logText)) {
          throw new NotPlain();
        }
      }
      expect(SEQ);
      long seq = number();
      expect(FROM);
      String from = string();
      expect(TO);
      String to = string();
      if (!log.writer().value().equals(from) || !log.reader().value().equals(to)) {
        throw new NotPlain();
      }
      expect(ID);
      MessageId id = messageId();
      expect(CREATED);
      Instant created = timestamp();
      Entry entry =
          switch (kind) {
            case "message" -> message(format, log, seq, id, created);
            case "ack", "decline", "read" ->
                response(log, seq, id, created, ResponseEntry.Kind.ofWire(kind));
            case "link-test" -> linkTest(log, seq, id, created);
            case EntryCodec.KIND_DEADLINE_MISSED -> deadlineMissed(log, seq, id, created);
            case EntryCodec.KIND_RECOVERY -> recovery(log, seq, id, created);
            default -> throw new NotPlain();
          };
      if (at != in.length - 1 || in[at] != '}') {
        throw new NotPlain();
      }
      // Printable ASCII (U+0020 to U+007E) the text policy allows everywhere; only other text
      // (a control character, DEL, a C1 control, a line separator) needs a look.
      if (format >= EntryCodec.FORMAT_2 && unusualText && !EntryCodec.keepsTextPolicy(entry)) {
        throw new NotPlain();
      }
      return entry;
    }

    private Entry message(int format, LogOrigin log, long seq, MessageId id, Instant created) {
      expect(PRECEDENCE);
      Precedence precedence = Precedence.valueOf(string()); // only the exact name is canonical
      expect(STATUS);
      StatusFlag status = StatusFlag.valueOf(string());
      expect(LANGUAGE);
      String language = string();
      expect(IN_REPLY_TO);
      MessageId inReplyTo;
      if (in[at] == 'n') {
        expect(NULL);
        inReplyTo = null;
      } else {
        inReplyTo = messageId();
      }
      expect(SUBJECT);
      String subject = string();
      expect(BODY);
      String body = string();
      String channel = Draft.CHANNEL_DEFAULT;
      long seen = MessageEntry.SEEN_UNKNOWN;
      if (format >= EntryCodec.FORMAT_3) {
        expect(CHANNEL);
        channel = string();
        expect(SEEN);
        seen = number();
      }
      TemplateRef template = null;
      if (format >= EntryCodec.FORMAT_4) {
        expect(TEMPLATE);
        String templateId = string();
        expect(TEMPLATE_VERSION);
        long templateVersion = number();
        expect(TEMPLATE_SHA256);
        template = TemplateRef.ofFields(templateId, templateVersion, string());
      }
      // The draft refuses a channel that is not a channel's name; the general reader says so.
      Draft draft =
          new Draft(
              log.reader(),
              precedence,
              status,
              subject,
              body,
              language,
              inReplyTo,
              channel,
              template);
      return new MessageEntry(log, seq, id, created, draft, seen);
    }

    private Entry response(
        LogOrigin log, long seq, MessageId id, Instant created, ResponseEntry.Kind kind) {
      expect(MESSAGE);
      MessageId message = messageId();
      expect(BY);
      String by = string();
      expect(NOTE);
      String note = string();
      return new ResponseEntry(log, seq, id, created, kind, message, by, note);
    }

    private Entry linkTest(LogOrigin log, long seq, MessageId id, Instant created) {
      expect(NUMBER);
      long number = number();
      if (number < 1) {
        throw new NotPlain();
      }
      return new LinkTestEntry(log, seq, id, created, number);
    }

    private Entry deadlineMissed(LogOrigin log, long seq, MessageId id, Instant created) {
      expect(MESSAGE);
      MessageId message = messageId();
      expect(PRECEDENCE);
      Precedence precedence = Precedence.valueOf(string());
      expect(DEADLINE);
      Instant deadline = timestamp();
      return new DeadlineMissedEntry(log, seq, id, created, message, precedence, deadline);
    }

    /** The entry checks its counts against its place; a refusal is left to the general reader. */
    private Entry recovery(LogOrigin log, long seq, MessageId id, Instant created) {
      expect(RESTORED);
      long restored = number();
      expect(SIGNED_UP_TO);
      long signedUpTo = number();
      return new RecoveryEntry(log, seq, id, created, restored, signedUpTo);
    }

    private void expect(byte[] literal) {
      int end = at + literal.length;
      if (!Arrays.equals(in, at, end, literal, 0, literal.length)) {
        throw new NotPlain();
      }
      at = end;
    }

    private void quote() {
      if (in[at] != '"') {
        throw new NotPlain();
      }
      at++;
    }

    /**
     * A quoted string as the encoder writes it. The common string, with no escape in it, is the
     * UTF-8 bytes of its text: no byte in it that the encoder escapes, and, if it is not all ASCII,
     * bytes that decode and encode back to themselves (which well-formed UTF-8 without four-byte
     * sequences does, and nothing else does). A string with an escape is read by {@link #escaped}.
     */
    private String string() {
      quote();
      int start = at;
      int classes = 0;
      int i = start;
      while (true) {
        if (i + Long.BYTES <= in.length && !unusual((long) LONGS.get(in, i))) {
          i += Long.BYTES; // eight printable ASCII bytes, none a quotation mark or backslash
          continue;
        }
        if (i == in.length) {
          throw new NotPlain();
        }
        byte b = in[i];
        if (b == '"') {
          break;
        }
        if (b == '\\') {
          return escaped(start);
        }
        classes |= CLASS[b & 0xFF];
        if ((classes & ESCAPED) != 0) {
          throw new NotPlain();
        }
        i++;
      }
      at = i + 1;
      return raw(start, i, classes);
    }

    /**
     * The text of the bytes {@code from} to {@code to}, which hold no byte of class {@link
     * #ESCAPED} and together have the classes {@code classes}: ASCII as it is, anything else only
     * if it is UTF-8 that the encoder writes back as these bytes.
     */
    private String raw(int from, int to, int classes) {
      if (classes == 0) {
        // Printable ASCII, as the scan found: the same text as UTF-8, without checking again.
        return new String(in, from, to - from, StandardCharsets.ISO_8859_1);
      }
      unusualText = true;
      if ((classes & HIGH) == 0) {
        return new String(in, from, to - from, StandardCharsets.ISO_8859_1); // ASCII with DEL
      }
      String text = new String(in, from, to - from, StandardCharsets.UTF_8);
      byte[] again = text.getBytes(StandardCharsets.UTF_8);
      if (!Arrays.equals(again, 0, again.length, in, from, to)) {
        throw new NotPlain(); // malformed or overlong UTF-8: decoding replaced something
      }
      return text;
    }

    /**
     * The rest of a string that holds an escape, from its first byte at {@code start}: runs of
     * bytes read as by {@link #raw}, and between them only the escapes the encoder writes (see the
     * class comment). Any other escape, such as backslash-u0041, backslash-slash, backslash-u000A,
     * lowercase hex or a lone surrogate, is not the encoder's.
     */
    private String escaped(int start) {
      StringBuilder text = new StringBuilder(in.length - start);
      unusualText = true;
      int run = start;
      int classes = 0;
      int i = start;
      while (true) {
        if (i + Long.BYTES <= in.length && !unusual((long) LONGS.get(in, i))) {
          i += Long.BYTES;
          continue;
        }
        byte b = in[i];
        if (b == '"' || b == '\\') {
          text.append(raw(run, i, classes));
          if (b == '"') {
            at = i + 1;
            return text.toString();
          }
          i = escape(i + 1, text);
          run = i;
          classes = 0;
          continue;
        }
        classes |= CLASS[b & 0xFF];
        if ((classes & ESCAPED) != 0) {
          throw new NotPlain();
        }
        i++;
      }
    }

    /**
     * Appends the character(s) of the escape whose letter is at {@code i} (after its backslash);
     * returns where the escape ends.
     */
    private int escape(int i, StringBuilder text) {
      byte letter = in[i];
      if (letter == '"' || letter == '\\') {
        text.append((char) letter);
        return i + 1;
      }
      if (letter >= 0 && SHORT_ESCAPES[letter] != 0) {
        text.append(SHORT_ESCAPES[letter]);
        return i + 1;
      }
      if (letter != 'u') {
        throw new NotPlain();
      }
      int unit = (int) hex(i + 1, 4, 'A');
      if (unit < 0x20) {
        if (SHORT_ESCAPES_OF[unit]) {
          throw new NotPlain(); // the encoder writes this one as a letter
        }
        text.append((char) unit);
        return i + 5;
      }
      if (!Character.isHighSurrogate((char) unit) || in[i + 5] != '\\' || in[i + 6] != 'u') {
        throw new NotPlain(); // a character the encoder writes as itself, or a lone surrogate
      }
      int low = (int) hex(i + 7, 4, 'A');
      if (!Character.isLowSurrogate((char) low)) {
        throw new NotPlain();
      }
      text.append((char) unit).append((char) low);
      return i + 11;
    }

    /** Plain decimal as {@link Long#toString} writes a value from 0 to 10^18 - 1. */
    private long number() {
      int start = at;
      long value = 0;
      while (in[at] >= '0' && in[at] <= '9') {
        value = value * 10 + (in[at] - '0');
        at++;
      }
      int digits = at - start;
      if (digits == 0 || digits > 18 || (in[start] == '0' && digits > 1)) {
        throw new NotPlain();
      }
      return value;
    }

    /** A message id as {@link UUID#toString} writes it: lowercase hex in groups of 8-4-4-4-12. */
    private MessageId messageId() {
      quote();
      if (in[at + 36] != '"') {
        throw new NotPlain();
      }
      long high = hex(at, 8, 'a') << 32 | hex(at + 9, 4, 'a') << 16 | hex(at + 14, 4, 'a');
      long low = hex(at + 19, 4, 'a') << 48 | hex(at + 24, 12, 'a');
      if (in[at + 8] != '-' || in[at + 13] != '-' || in[at + 18] != '-' || in[at + 23] != '-') {
        throw new NotPlain();
      }
      at += 37;
      return new MessageId(new UUID(high, low));
    }

    /**
     * {@code count} hexadecimal digits from {@code from}, whose letters are all in one case: the
     * one from {@code a} ('a' or 'A') to the letter five after it.
     */
    private long hex(int from, int count, char a) {
      long value = 0;
      for (int i = from; i < from + count; i++) {
        int b = in[i];
        int digit;
        if (b >= '0' && b <= '9') {
          digit = b - '0';
        } else if (b >= a && b <= a + 5) {
          digit = b - a + 10;
        } else {
          throw new NotPlain();
        }
        value = value << 4 | digit;
      }
      return value;
    }

    /**
     * A timestamp as {@link EntryCodec#timestamp} writes it: {@code yyyy-MM-ddTHH:mm:ssZ} when the
     * milliseconds are zero, {@code yyyy-MM-ddTHH:mm:ss.SSSZ} when they are not. The general
     * decoder's {@link Instant#parse} cost more than hashing the entry.
     */
    private Instant timestamp() {
      quote();
      int length;
      if (in[at + 19] == 'Z' && in[at + 20] == '"') {
        length = 20;
      } else if (in[at + 19] == '.' && in[at + 23] == 'Z' && in[at + 24] == '"') {
        length = 24;
      } else {
        throw new NotPlain();
      }
      if (in[at + 4] != '-'
          || in[at + 7] != '-'
          || in[at + 10] != 'T'
          || in[at + 13] != ':'
          || in[at + 16] != ':') {
        throw new NotPlain();
      }
      int millis = length == 24 ? digits(at + 20, 3) : 0;
      if (length == 24 && millis == 0) {
        throw new NotPlain(); // the encoder leaves out zero milliseconds
      }
      LocalDateTime time =
          LocalDateTime.of(
              digits(at, 4),
              digits(at + 5, 2),
              digits(at + 8, 2),
              digits(at + 11, 2),
              digits(at + 14, 2),
              digits(at + 17, 2),
              millis * 1_000_000);
      at += length + 1;
      return time.toInstant(ZoneOffset.UTC);
    }

    private int digits(int from, int count) {
      int value = 0;
      for (int i = from; i < from + count; i++) {
        int b = in[i];
        if (b < '0' || b > '9') {
          throw new NotPlain();
        }
        value = value * 10 + (b - '0');
      }
      return value;
    }
  }
}
