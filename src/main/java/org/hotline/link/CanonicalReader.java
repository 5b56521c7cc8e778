package org.hotline.link;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.hotline.identity.LogOrigin;

/**
 * The fast way through {@link EntryCodec#decode} for the common case: bytes laid out as {@link
 * EntryCodec#encode} lays them out, read with a streaming parser in that one field order, with no
 * JSON tree. It returns null at the first thing it does not expect, and the caller then decodes the
 * bytes the general way, which names the problem precisely; so this class never decides that an
 * entry is wrong, only that one is plainly right. Its result must still pass {@link
 * CanonicalForm#matches}. Stateless; thread-safe.
 */
final class CanonicalReader {
  private CanonicalReader() {}

  /**
   * The entry, or null if the bytes are not laid out as a canonical entry or any value is invalid.
   */
  static Entry read(JsonFactory factory, byte[] bytes) {
    try (JsonParser json = factory.createParser(bytes)) {
      return read(json);
    } catch (IOException | RuntimeException e) {
      return null; // the general decoder will say what is wrong
    }
  }

  private static Entry read(JsonParser json) throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT
        || !field(json, "v")
        || json.nextToken() != JsonToken.VALUE_NUMBER_INT
        || json.getNumberType() != JsonParser.NumberType.INT
        || json.getIntValue() != EntryCodec.FORMAT_VERSION) {
      return null;
    }
    String kind = text(json, "kind");
    String logText = text(json, "log");
    if (kind == null
        || logText == null
        || !field(json, "seq")
        || json.nextToken() != JsonToken.VALUE_NUMBER_INT
        || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return null;
    }
    long seq = json.getLongValue();
    String from = text(json, "from");
    String to = text(json, "to");
    String id = text(json, "id");
    String created = text(json, "created");
    if (from == null || to == null || id == null || created == null || seq < 0) {
      return null;
    }
    LogOrigin log = LogOrigin.parse(logText);
    if (!log.writer().value().equals(from) || !log.reader().value().equals(to)) {
      return null;
    }
    Instant time = instant(created);
    Entry entry =
        switch (kind) {
          case "message" -> message(json, log, seq, MessageId.parse(id), time);
          case "ack", "decline", "read" ->
              response(json, log, seq, MessageId.parse(id), time, ResponseEntry.Kind.ofWire(kind));
          case "link-test" -> linkTest(json, log, seq, MessageId.parse(id), time);
          default -> null;
        };
    if (entry == null || json.nextToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
      return null;
    }
    return entry;
  }

  private static Entry message(
      JsonParser json, LogOrigin log, long seq, MessageId id, Instant created) throws IOException {
    String precedence = text(json, "precedence");
    String status = text(json, "status");
    String language = text(json, "language");
    if (precedence == null || status == null || language == null || !field(json, "in_reply_to")) {
      return null;
    }
    JsonToken reply = json.nextToken();
    MessageId inReplyTo;
    if (reply == JsonToken.VALUE_NULL) {
      inReplyTo = null;
    } else if (reply == JsonToken.VALUE_STRING) {
      inReplyTo = MessageId.parse(json.getText());
    } else {
      return null;
    }
    String subject = text(json, "subject");
    String body = text(json, "body");
    if (subject == null || body == null) {
      return null;
    }
    Draft draft =
        new Draft(
            log.reader(),
            Precedence.parse(precedence),
            StatusFlag.parse(status),
            subject,
            body,
            language,
            inReplyTo);
    return new MessageEntry(log, seq, id, created, draft);
  }

  private static Entry response(
      JsonParser json,
      LogOrigin log,
      long seq,
      MessageId id,
      Instant created,
      ResponseEntry.Kind kind)
      throws IOException {
    String message = text(json, "message");
    String by = text(json, "by");
    String note = text(json, "note");
    if (message == null || by == null || note == null) {
      return null;
    }
    return new ResponseEntry(log, seq, id, created, kind, MessageId.parse(message), by, note);
  }

  private static Entry linkTest(
      JsonParser json, LogOrigin log, long seq, MessageId id, Instant created) throws IOException {
    if (!field(json, "number")
        || json.nextToken() != JsonToken.VALUE_NUMBER_INT
        || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      return null;
    }
    long number = json.getLongValue();
    return number < 1 ? null : new LinkTestEntry(log, seq, id, created, number);
  }

  /** Whether the next token is the field {@code name}. */
  private static boolean field(JsonParser json, String name) throws IOException {
    return json.nextToken() == JsonToken.FIELD_NAME && name.equals(json.currentName());
  }

  /** The string value of the next field if it is {@code name}, else null. */
  private static String text(JsonParser json, String name) throws IOException {
    return field(json, name) ? json.nextTextValue() : null;
  }

  /**
   * The canonical timestamp form, {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z}, read without a formatter (the
   * general decoder's {@link Instant#parse} cost more than hashing the entry); anything else is
   * left to the general decoder.
   */
  static Instant instant(String text) {
    int length = text.length();
    if ((length != 20 && length != 24)
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z'
        || (length == 24 && text.charAt(19) != '.')) {
      throw new DateTimeException("not a canonical timestamp");
    }
    int millis = length == 24 ? digits(text, 20, 23) : 0;
    LocalDateTime time =
        LocalDateTime.of(
            digits(text, 0, 4),
            digits(text, 5, 7),
            digits(text, 8, 10),
            digits(text, 11, 13),
            digits(text, 14, 16),
            digits(text, 17, 19),
            millis * 1_000_000);
    return time.toInstant(ZoneOffset.UTC);
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new DateTimeException("not a digit");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
