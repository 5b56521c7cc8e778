package org.hotline.link.entry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.text.TextPolicy;

/**
 * The exact bytes of an entry: compact UTF-8 JSON with the fields in a fixed order, as written by
 * {@link #encode}. These bytes are what the Merkle leaf hashes, what travels (base64) in a batch,
 * and what both nodes store. {@link #decode} accepts only that canonical form: it refuses the entry
 * unless the bytes are identical to the encoding of what it parsed ({@link CanonicalForm} compares
 * them without encoding again), so two different byte strings can never stand for the same entry.
 * See docs/protocol.md for the field list.
 *
 * <p>Thread-safe.
 */
public final class EntryCodec {
  /**
   * Format 1: the fields of docs/protocol.md §3.1; its text fields may hold any character JSON can
   * carry. Entries stored under it stay valid forever.
   */
  public static final int FORMAT_1 = 1;

  /**
   * Format 2: the fields of format 1, and every text field keeps the {@link TextPolicy}, which the
   * reader enforces (docs/protocol.md §3.5).
   */
  public static final int FORMAT_2 = 2;

  /**
   * Format 3: the fields of format 2, and a message carries two more after its body: {@code
   * channel} and {@code seen} (docs/protocol.md §3.1, §3.5). Every other kind is written as in
   * format 2.
   */
  public static final int FORMAT_3 = 3;

  /**
   * Format 4: the fields of format 3, and a message carries three more after {@code seen}: {@code
   * template}, {@code template_version} and {@code template_sha256}, which name the template of a
   * formatted notification and are {@code "", 0, ""} for a plain message (docs/protocol.md §3.1,
   * §3.5). Every other kind is written as in format 3.
   */
  public static final int FORMAT_4 = 4;

  /** The format this node writes to a peer that reads it. */
  public static final int FORMAT_VERSION = FORMAT_4;

  /** Every format this node reads, and so may be sent; in increasing order. */
  public static final List<Integer> FORMAT_VERSIONS =
      List.of(FORMAT_1, FORMAT_2, FORMAT_3, FORMAT_4);

  /** The kind of a {@link DeadlineMissedEntry}. */
  public static final String KIND_DEADLINE_MISSED = "deadline-missed";

  /** The kind of a {@link RecoveryEntry}. */
  public static final String KIND_RECOVERY = "recovery";

  /**
   * A message body is at most {@link Draft#BODY_BYTES_MAX} of UTF-8; JSON escaping can grow it six
   * times in the worst case (control characters), plus the other fields.
   */
  public static final int ENTRY_BYTES_MAX = Draft.BODY_BYTES_MAX * 6 + 4096;

  private static final Set<String> LINK_TEST_FIELDS =
      Set.of("v", "kind", "log", "seq", "from", "to", "id", "created", "number");
  private static final Set<String> RESPONSE_FIELDS =
      Set.of("v", "kind", "log", "seq", "from", "to", "id", "created", "message", "by", "note");
  private static final Set<String> DEADLINE_MISSED_FIELDS =
      Set.of(
          "v",
          "kind",
          "log",
          "seq",
          "from",
          "to",
          "id",
          "created",
          "message",
          "precedence",
          "deadline");
  private static final Set<String> RECOVERY_FIELDS =
      Set.of("v", "kind", "log", "seq", "from", "to", "id", "created", "restored", "signed_up_to");
  private static final Set<String> CHANGE_FIELDS =
      Set.of(
          "v", "kind", "log", "seq", "from", "to", "id", "created", "object", "op", "seen", "by",
          "data");
  private static final Set<String> MESSAGE_FIELDS =
      Set.of(
          "v",
          "kind",
          "log",
          "seq",
          "from",
          "to",
          "id",
          "created",
          "precedence",
          "status",
          "language",
          "in_reply_to",
          "subject",
          "body");
  private static final Set<String> MESSAGE_FIELDS_3 =
      java.util.stream.Stream.concat(
              MESSAGE_FIELDS.stream(), java.util.stream.Stream.of("channel", "seen"))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());
  private static final Set<String> MESSAGE_FIELDS_4 =
      java.util.stream.Stream.concat(
              MESSAGE_FIELDS_3.stream(),
              java.util.stream.Stream.of("template", "template_version", "template_sha256"))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(ENTRY_BYTES_MAX)
                  .maxNestingDepth(4)
                  .build())
          .build();
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(FACTORY).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private EntryCodec() {}

  /**
   * The entry in the current format, {@link #FORMAT_VERSION}; a message that does not say what its
   * sender had seen (one written before format 3) in format 2, the newest that holds it whole.
   */
  public static byte[] encode(Entry entry) {
    boolean unseen = entry instanceof MessageEntry message && !message.seenKnown();
    return encode(entry, unseen ? FORMAT_2 : FORMAT_VERSION);
  }

  /**
   * The entry's bytes in format {@code format}, one of {@link #FORMAT_VERSIONS}. Writes what it is
   * given: only {@link #signable} promises that a reader accepts the result.
   *
   * <p>Jackson's streaming generator writes the layout; it is not written by hand, because it is
   * not what costs. Measured on the 2-core machine at a load average of 3.5, a message entry of 770
   * bytes takes about 1 µs to write and 0.7 µs to read back (1.9 µs with twenty escaped line
   * breaks), so the two checks of a message, at submission and at sequencing, cost some 4 to 6 µs,
   * where the sequencer's four rows per entry cost about 40 µs at SQLite's 108,000 rows/s.
   */
  public static byte[] encode(Entry entry, int format) {
    if (!FORMAT_VERSIONS.contains(format)) {
      throw new IllegalArgumentException("no entry format " + format);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeNumberField("v", format);
      switch (entry) {
        case MessageEntry message -> writeMessage(json, message, format);
        case ResponseEntry response -> writeResponse(json, response);
        case LinkTestEntry test -> writeLinkTest(json, test);
        case DeadlineMissedEntry missed -> writeDeadlineMissed(json, missed);
        case RecoveryEntry recovery -> writeRecovery(json, recovery);
        case ChangeEntry change -> writeChange(json, change);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  private static void writeMessage(JsonGenerator json, MessageEntry message, int format)
      throws IOException {
    Draft draft = message.draft();
    json.writeStringField("kind", "message");
    json.writeStringField("log", message.log().text());
    json.writeNumberField("seq", message.seq());
    json.writeStringField("from", message.from().value());
    json.writeStringField("to", message.to().value());
    json.writeStringField("id", message.id().toString());
    json.writeStringField("created", timestamp(message.created()));
    json.writeStringField("precedence", draft.precedence().name());
    json.writeStringField("status", draft.status().name());
    json.writeStringField("language", draft.language());
    if (draft.inReplyTo() == null) {
      json.writeNullField("in_reply_to");
    } else {
      json.writeStringField("in_reply_to", draft.inReplyTo().toString());
    }
    json.writeStringField("subject", draft.subject());
    json.writeStringField("body", draft.body());
    if (format >= FORMAT_3) {
      json.writeStringField("channel", draft.channel());
      json.writeNumberField("seen", message.seen());
    }
    if (format >= FORMAT_4) {
      TemplateRef template = draft.template();
      json.writeStringField("template", template == null ? TemplateRef.ID_NONE : template.id());
      json.writeNumberField(
          "template_version", template == null ? TemplateRef.VERSION_NONE : template.version());
      json.writeStringField(
          "template_sha256", template == null ? TemplateRef.SHA256_NONE : template.sha256());
    }
  }

  /**
   * The seven fields after {@code v} that every kind but a message writes the same way: the parties
   * are those of the entry's log.
   */
  private static void writeHeader(JsonGenerator json, String kind, Entry entry, Instant created)
      throws IOException {
    json.writeStringField("kind", kind);
    json.writeStringField("log", entry.log().text());
    json.writeNumberField("seq", entry.seq());
    json.writeStringField("from", entry.log().writer().value());
    json.writeStringField("to", entry.log().reader().value());
    json.writeStringField("id", entry.id().toString());
    json.writeStringField("created", timestamp(created));
  }

  private static void writeResponse(JsonGenerator json, ResponseEntry response) throws IOException {
    writeHeader(json, response.kind().wire(), response, response.created());
    json.writeStringField("message", response.message().toString());
    json.writeStringField("by", response.by());
    json.writeStringField("note", response.note());
  }

  private static void writeLinkTest(JsonGenerator json, LinkTestEntry test) throws IOException {
    writeHeader(json, "link-test", test, test.created());
    json.writeNumberField("number", test.number());
  }

  private static void writeDeadlineMissed(JsonGenerator json, DeadlineMissedEntry missed)
      throws IOException {
    writeHeader(json, KIND_DEADLINE_MISSED, missed, missed.created());
    json.writeStringField("message", missed.message().toString());
    json.writeStringField("precedence", missed.precedence().name());
    json.writeStringField("deadline", timestamp(missed.deadline()));
  }

  private static void writeRecovery(JsonGenerator json, RecoveryEntry recovery) throws IOException {
    writeHeader(json, KIND_RECOVERY, recovery, recovery.created());
    json.writeNumberField("restored", recovery.restored());
    json.writeNumberField("signed_up_to", recovery.signedUpTo());
  }

  private static void writeChange(JsonGenerator json, ChangeEntry change) throws IOException {
    writeHeader(json, ChangeEntry.KIND, change, change.created());
    json.writeStringField("object", change.object());
    json.writeStringField("op", change.op());
    json.writeNumberField("seen", change.seen());
    json.writeStringField("by", change.by());
    json.writeObjectFieldStart("data");
    for (java.util.Map.Entry<String, Object> field : change.data().entrySet()) {
      switch (field.getValue()) {
        case String text -> json.writeStringField(field.getKey(), text);
        case Long number -> json.writeNumberField(field.getKey(), number);
        case List<?> list -> {
          json.writeArrayFieldStart(field.getKey());
          for (Object item : list) {
            json.writeString((String) item);
          }
          json.writeEndArray();
        }
        default ->
            throw new IllegalStateException("a change argument is a string, a number or a list");
      }
    }
    json.writeEndObject();
  }

  private static final byte[] BODY_FIELD =
      ",\"body\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * Whether the message entry {@code entry}, which {@link #decode} accepted with the body {@code
   * body}, writes that body as the very bytes {@code utf8}, told without decoding or encoding
   * either: the entry ends with the body field holding these bytes, and the body has as many
   * characters as they have bytes. Every character the encoder escapes, and every character beyond
   * ASCII, takes more than one byte, so the count says the bytes are the body's plain ASCII,
   * unescaped, and nothing before them can pass for the field's start (inside a string, a quotation
   * mark always follows a backslash). False says only that the body is not written that way:
   * compare it as text then.
   */
  public static boolean endsWithBody(byte[] entry, String body, byte[] utf8) {
    int end = entry.length - 2; // the body's closing quotation mark, then the closing brace
    int start = end - utf8.length;
    int field = start - BODY_FIELD.length;
    return body.length() == utf8.length
        && field >= 0
        && entry[end] == '"'
        && entry[end + 1] == '}'
        && Arrays.equals(entry, field, start, BODY_FIELD, 0, BODY_FIELD.length)
        && Arrays.equals(entry, start, end, utf8, 0, utf8.length);
  }

  /** RFC 3339 UTC with millisecond precision, the only form entries carry. */
  public static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /**
   * Parses and checks an entry. Throws {@link InvalidInputException} naming the first problem:
   * oversized, not JSON, unknown version or kind, a missing or extra field, a field out of its
   * limits, or bytes that are not the canonical encoding. Its field is {@code "from"} when the
   * entry claims a sender other than the writer of its log, {@code "entry"} for the rest.
   */
  public static Entry decode(byte[] bytes) {
    return decode(bytes, null);
  }

  /**
   * {@link #decode}, for a reader of many entries of one log: the entry probably belongs to {@code
   * likely} (null if unknown), which is then not parsed again for every entry. The result is the
   * same either way.
   */
  public static Entry decode(byte[] bytes, LogOrigin likely) {
    Entry entry = decodeAny(bytes, likely);
    if (entry.seq() < 1) {
      throw new InvalidInputException("entry", "entry seq must be a positive integer");
    }
    return entry;
  }

  private static Entry decodeAny(byte[] bytes, LogOrigin likely) {
    if (bytes.length > ENTRY_BYTES_MAX) {
      throw new InvalidInputException(
          "entry", "entry is " + bytes.length + " bytes, the limit is " + ENTRY_BYTES_MAX);
    }
    Entry entry = CanonicalReader.read(bytes, likely);
    if (entry != null) {
      return entry; // canonical by construction
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new InvalidInputException("entry", "entry is not valid JSON" + twice(e));
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("entry", "entry is not a JSON object");
    }
    JsonNode version = node.get("v");
    if (version == null || !version.isInt() || !FORMAT_VERSIONS.contains(version.intValue())) {
      throw new InvalidInputException(
          "entry", "entry format version must be one of " + FORMAT_VERSIONS);
    }
    int format = version.intValue();
    entry =
        switch (text(node, "kind")) {
          case "message" -> decodeMessage(node, format);
          case "ack", "decline", "read" -> decodeResponse(node);
          case "link-test" -> decodeLinkTest(node);
          case KIND_DEADLINE_MISSED -> decodeDeadlineMissed(node);
          case KIND_RECOVERY -> decodeRecovery(node);
          case ChangeEntry.KIND -> decodeChange(node);
          default ->
              throw new InvalidInputException(
                  "entry", "unknown entry kind '" + Precedence.clip(text(node, "kind")) + "'");
        };
    if (entry instanceof ChangeEntry && format < FORMAT_2) {
      // The kind came after format 2: its text keeps the text policy like all new text.
      throw new InvalidInputException(
          "entry", "a change entry is written in format 2 or later, not " + format);
    }
    if (format >= FORMAT_2) {
      checkText(entry);
    }
    if (!CanonicalForm.matches(entry, bytes, format)) {
      throw new InvalidInputException(
          "entry", "entry " + entry.seq() + " is not in canonical form");
    }
    return entry;
  }

  /** How Jackson's strict duplicate detection begins its message: {@code Duplicate field 'x'}. */
  private static final String DUPLICATE = "Duplicate field '";

  /**
   * The name a parse error found twice in one object, as {@code : field 'x' appears twice}, or
   * nothing for any other parse error: a peer that repeats a name (of an entry, or of a change's
   * arguments) learns which.
   */
  private static String twice(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException parse
        && parse.getOriginalMessage() != null
        && parse.getOriginalMessage().startsWith(DUPLICATE)
        && parse.getOriginalMessage().endsWith("'")) {
      String message = parse.getOriginalMessage();
      String name = message.substring(DUPLICATE.length(), message.length() - 1);
      return ": field '" + Precedence.clip(name) + "' appears twice";
    }
    return "";
  }

  /** A text field of an entry, with the rule for its lines. */
  private record Text(String field, String value, TextPolicy.Lines lines) {}

  /** The text fields of {@code entry}, in the order they are written. */
  private static List<Text> texts(Entry entry) {
    return switch (entry) {
      case MessageEntry message ->
          List.of(
              new Text("subject", message.draft().subject(), TextPolicy.Lines.ONE),
              new Text("body", message.draft().body(), TextPolicy.Lines.MULTI));
      case ResponseEntry response ->
          List.of(
              new Text("by", response.by(), TextPolicy.Lines.ONE),
              new Text("note", response.note(), TextPolicy.Lines.MULTI));
      case LinkTestEntry test -> List.of();
      case DeadlineMissedEntry missed -> List.of();
      case RecoveryEntry recovery -> List.of();
      case ChangeEntry change -> changeTexts(change);
    };
  }

  /**
   * A change's {@code by} is one line; its string arguments and list items are held to the rule of
   * multi-line text here, and the crisis rules say which of them must be one line.
   */
  private static List<Text> changeTexts(ChangeEntry change) {
    List<Text> texts = new java.util.ArrayList<>();
    texts.add(new Text("by", change.by(), TextPolicy.Lines.ONE));
    for (java.util.Map.Entry<String, Object> field : change.data().entrySet()) {
      String name = "data." + field.getKey();
      switch (field.getValue()) {
        case String text -> texts.add(new Text(name, text, TextPolicy.Lines.MULTI));
        case List<?> list -> {
          for (int i = 0; i < list.size(); i++) {
            texts.add(new Text(name + "[" + i + "]", (String) list.get(i), TextPolicy.Lines.ONE));
          }
        }
        default -> {}
      }
    }
    return texts;
  }

  /**
   * Refuses an entry of format 2 or later whose text breaks the {@link TextPolicy}, naming the
   * field and the position.
   */
  private static void checkText(Entry entry) {
    for (Text text : texts(entry)) {
      TextPolicy.Breach breach = TextPolicy.firstBreach(text.value(), text.lines());
      if (breach != null) {
        throw new InvalidInputException(
            "entry", "entry " + entry.seq() + ": " + breach.describe(text.field()));
      }
    }
  }

  /** Whether the entry's text keeps the {@link TextPolicy}; for the fast reader. */
  static boolean keepsTextPolicy(Entry entry) {
    try {
      checkText(entry);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  /**
   * The bytes to sign for {@code entry}, which has its place: the entry encoded in {@code format},
   * after checking that the reader every node runs accepts them and reads back exactly the text of
   * {@code entry}. The sequencer encodes every entry here, once, with its real seq, so that no path
   * can sign an entry that its own reader, and so its peer's, would refuse (docs/protocol.md §3.5).
   * Throws {@link InvalidInputException} naming the problem when the entry cannot be written so.
   */
  public static byte[] signable(Entry entry, int format) {
    if (entry.seq() < 1) {
      throw new IllegalStateException("an entry to sign has its place, this one " + entry.seq());
    }
    byte[] bytes = encode(entry, format);
    Entry read;
    try {
      read = decode(bytes, entry.log());
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          e.field(), "the entry would not be readable by its recipient: " + e.getMessage());
    }
    if (!texts(read).equals(texts(entry))) {
      throw new InvalidInputException(
          "entry", "the entry's text would not read back as written, so it cannot be signed");
    }
    if (entry instanceof ChangeEntry change
        && change.object().startsWith(CHANNEL_OBJECT_PREFIX)
        && format < FORMAT_3) {
      // A reader of format 2 only names objects by a UUID: it would keep the change unread.
      throw new InvalidInputException(
          "format",
          "the peer reads entry formats up to "
              + format
              + ", which do not carry changes to channels: it must read format "
              + FORMAT_3);
    }
    if (entry instanceof ChangeEntry change
        && change.object().startsWith(CHANNEL_OBJECT_PREFIX)
        && TEMPLATE_OPS.contains(change.op())
        && format < FORMAT_4) {
      // A reader of format 3 has no such operation: it would refuse what we apply.
      throw new InvalidInputException(
          "format",
          "the peer reads entry formats up to "
              + format
              + ", which do not carry the adoption of notification templates: it must read format "
              + FORMAT_4);
    }
    if (entry instanceof MessageEntry written
        && read instanceof MessageEntry message
        && !message.draft().channel().equals(written.draft().channel())) {
      throw new InvalidInputException(
          "channel",
          "the peer reads entry formats up to "
              + format
              + ", which do not carry a message's channel: only "
              + Draft.CHANNEL_DEFAULT
              + " can be sent to it until it reads format "
              + FORMAT_3);
    }
    if (entry instanceof MessageEntry written
        && read instanceof MessageEntry message
        && !java.util.Objects.equals(message.draft().template(), written.draft().template())) {
      // A reader of format 3 would take a formatted notification for a plain message.
      throw new InvalidInputException(
          "template",
          "the peer reads entry formats up to "
              + format
              + ", which do not carry a formatted notification's template: it must read format "
              + FORMAT_4);
    }
    return bytes;
  }

  /** Changes to a channel name their object so; only readers of format 3 read them. */
  private static final String CHANNEL_OBJECT_PREFIX = "channel/";

  /** A channel's operations on notification templates, which only readers of format 4 know. */
  private static final Set<String> TEMPLATE_OPS = Set.of("adopt", "withdraw");

  /**
   * Checks, keeping no bytes, that {@code entry}, which has no place yet (seq 0), will be {@link
   * #signable} in {@code format} wherever the sequencer places it: the gate between what a person
   * or program submits and what this node queues. The check is that of place 1: a place changes
   * only the digits of {@code seq}, which the reader reads the same for every place, so the outcome
   * is that of any other. Throws {@link InvalidInputException} naming the problem; the caller
   * refuses the submission and stores nothing.
   */
  public static void checkSignable(Entry entry, int format) {
    if (entry.seq() != 0) {
      throw new IllegalStateException(
          "an entry to queue has no place yet, this one " + entry.seq());
    }
    signable(entry.withSeq(1), format);
  }

  private static MessageEntry decodeMessage(JsonNode node, int format) {
    checkFields(
        node,
        format >= FORMAT_4
            ? MESSAGE_FIELDS_4
            : format >= FORMAT_3 ? MESSAGE_FIELDS_3 : MESSAGE_FIELDS,
        "message");
    LogOrigin log = origin(node);
    long seq = seq(node);
    Instant created = created(node);
    JsonNode reply = node.get("in_reply_to");
    MessageId inReplyTo = reply == null || reply.isNull() ? null : MessageId.parse(reply.asText());
    Draft draft =
        new Draft(
            log.reader(),
            Precedence.parse(text(node, "precedence")),
            StatusFlag.parse(text(node, "status")),
            text(node, "subject"),
            text(node, "body"),
            text(node, "language"),
            inReplyTo,
            format >= FORMAT_3 ? channel(node) : Draft.CHANNEL_DEFAULT,
            format >= FORMAT_4 ? template(node) : null);
    long seen = format >= FORMAT_3 ? messageSeen(node) : MessageEntry.SEEN_UNKNOWN;
    return new MessageEntry(log, seq, MessageId.parse(text(node, "id")), created, draft, seen);
  }

  /** A format-3 message's channel: a channel's name ({@link Draft#isChannelName}). */
  private static String channel(JsonNode node) {
    String channel = text(node, "channel");
    if (!Draft.isChannelName(channel)) {
      throw new InvalidInputException(
          "entry",
          "message field 'channel' must be a lower-case word of up to 32 characters, not '"
              + Precedence.clip(channel)
              + "'");
    }
    return channel;
  }

  /** A format-4 message's template, or null for a plain message ({@code "", 0, ""}). */
  private static TemplateRef template(JsonNode node) {
    JsonNode version = node.get("template_version");
    if (version == null || !version.isIntegralNumber() || !version.canConvertToLong()) {
      throw new InvalidInputException(
          "entry", "message field 'template_version' must be an integer");
    }
    return TemplateRef.ofFields(
        text(node, "template"), version.asLong(), text(node, "template_sha256"));
  }

  /** A format-3 message's {@code seen}: an integer from 0. */
  private static long messageSeen(JsonNode node) {
    JsonNode seen = node.get("seen");
    if (seen == null || !seen.isIntegralNumber() || !seen.canConvertToLong() || seen.asLong() < 0) {
      throw new InvalidInputException("entry", "message field 'seen' must be an integer >= 0");
    }
    return seen.asLong();
  }

  private static ResponseEntry decodeResponse(JsonNode node) {
    checkFields(node, RESPONSE_FIELDS, "response");
    LogOrigin log = origin(node);
    ResponseEntry.Kind kind = ResponseEntry.Kind.ofWire(text(node, "kind"));
    return new ResponseEntry(
        log,
        seq(node),
        MessageId.parse(text(node, "id")),
        created(node),
        kind,
        MessageId.parse(text(node, "message")),
        text(node, "by"),
        text(node, "note"));
  }

  private static LinkTestEntry decodeLinkTest(JsonNode node) {
    checkFields(node, LINK_TEST_FIELDS, "link-test");
    JsonNode number = node.get("number");
    if (number == null
        || !number.isIntegralNumber()
        || !number.canConvertToLong()
        || number.asLong() < 1) {
      throw new InvalidInputException("entry", "link-test number must be a positive integer");
    }
    return new LinkTestEntry(
        origin(node), seq(node), MessageId.parse(text(node, "id")), created(node), number.asLong());
  }

  private static DeadlineMissedEntry decodeDeadlineMissed(JsonNode node) {
    checkFields(node, DEADLINE_MISSED_FIELDS, "deadline-missed");
    return new DeadlineMissedEntry(
        origin(node),
        seq(node),
        MessageId.parse(text(node, "id")),
        created(node),
        MessageId.parse(text(node, "message")),
        Precedence.parse(text(node, "precedence")),
        instant(node, "deadline"));
  }

  private static RecoveryEntry decodeRecovery(JsonNode node) {
    checkFields(node, RECOVERY_FIELDS, KIND_RECOVERY);
    LogOrigin log = origin(node);
    long seq = seq(node);
    MessageId id = MessageId.parse(text(node, "id"));
    Instant created = created(node);
    long restored = count(node, "restored");
    long signedUpTo = count(node, "signed_up_to");
    return new RecoveryEntry(log, seq, id, created, restored, signedUpTo);
  }

  private static ChangeEntry decodeChange(JsonNode node) {
    checkFields(node, CHANGE_FIELDS, ChangeEntry.KIND);
    LogOrigin log = origin(node);
    long seq = seq(node);
    MessageId id = MessageId.parse(text(node, "id"));
    Instant created = created(node);
    JsonNode seen = node.get("seen");
    if (seen == null || !seen.isIntegralNumber() || !seen.canConvertToLong() || seen.asLong() < 0) {
      throw new InvalidInputException("entry", "change field 'seen' must be an integer >= 0");
    }
    JsonNode data = node.get("data");
    if (data == null || !data.isObject()) {
      throw new InvalidInputException("entry", "change field 'data' must be a JSON object");
    }
    java.util.SortedMap<String, Object> arguments = new java.util.TreeMap<>();
    for (java.util.Map.Entry<String, JsonNode> field : data.properties()) {
      arguments.put(field.getKey(), argument(field.getKey(), field.getValue()));
    }
    return new ChangeEntry(
        log,
        seq,
        id,
        created,
        text(node, "object"),
        text(node, "op"),
        seen.asLong(),
        text(node, "by"),
        arguments);
  }

  /** A change argument: a string, an integer, or an array of strings. */
  private static Object argument(String name, JsonNode value) {
    if (value.isTextual()) {
      return value.asText();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isArray()) {
      List<String> items = new java.util.ArrayList<>(value.size());
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          throw new InvalidInputException(
              "entry", "change argument '" + Precedence.clip(name) + "' must list strings");
        }
        items.add(item.asText());
      }
      return items;
    }
    throw new InvalidInputException(
        "entry",
        "change argument '"
            + Precedence.clip(name)
            + "' must be a string, an integer or a list of strings");
  }

  /** A count of a recovery entry: a JSON integer from 0 to {@link Long#MAX_VALUE}. */
  private static long count(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null) {
      throw new InvalidInputException("entry", "recovery entry field '" + field + "' is missing");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new InvalidInputException(
          "entry", "recovery entry field '" + field + "' must be an integer >= 0");
    }
    return value.asLong();
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String what) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidInputException(
            "entry", "unexpected field '" + Precedence.clip(name) + "' in " + what + " entry");
      }
    }
  }

  private static LogOrigin origin(JsonNode node) {
    LogOrigin log = LogOrigin.parse(text(node, "log"));
    if (!log.writer().equals(PartyId.of(text(node, "from")))) {
      throw new InvalidInputException(
          "from",
          "entry says it is from "
              + text(node, "from")
              + ", but its log "
              + log
              + " is written by "
              + log.writer());
    }
    if (!log.reader().equals(PartyId.of(text(node, "to")))) {
      throw new InvalidInputException("entry", "entry's 'to' does not match its log " + log);
    }
    return log;
  }

  private static long seq(JsonNode node) {
    JsonNode seq = node.get("seq");
    if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 0) {
      throw new InvalidInputException("entry", "entry seq must be a positive integer");
    }
    return seq.asLong();
  }

  private static Instant created(JsonNode node) {
    return instant(node, "created");
  }

  /**
   * RFC 3339 has four-digit years; {@link Instant#parse} also reads a signed year of up to nine
   * digits, whose milliseconds no store column holds.
   */
  private static final Instant INSTANT_MIN = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant INSTANT_MAX = Instant.parse("9999-12-31T23:59:59.999Z");

  private static Instant instant(JsonNode node, String field) {
    Instant instant;
    try {
      instant = Instant.parse(text(node, field));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "entry", "entry '" + field + "' is not an RFC 3339 UTC timestamp");
    }
    if (instant.isBefore(INSTANT_MIN) || instant.isAfter(INSTANT_MAX)) {
      throw new InvalidInputException(
          "entry", "entry '" + field + "' is not an RFC 3339 UTC timestamp of a four-digit year");
    }
    return instant;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidInputException(
          "entry", "entry field '" + field + "' is missing or not a string");
    }
    return value.asText();
  }
}
