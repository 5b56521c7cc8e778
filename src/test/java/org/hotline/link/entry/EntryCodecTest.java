package org.hotline.link.entry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class EntryCodecTest {
  private static final LogOrigin US_TO_CN = new LogOrigin(PartyId.of("us"), PartyId.of("cn"));
  private static final MessageId ID = MessageId.parse("0190c1a2-3b4c-7d5e-8f60-7182939a4b5c");
  private static final MessageId REPLIED_TO =
      MessageId.parse("0190c1a2-3b4c-7d5e-8f60-000000000001");
  private static final Instant CREATED = Instant.parse("2026-11-29T08:15:30.123Z");

  private static final MessageEntry MESSAGE =
      new MessageEntry(
          US_TO_CN,
          7,
          ID,
          CREATED,
          new Draft(
              PartyId.of("cn"),
              Precedence.FLASH,
              StatusFlag.EXERCISE,
              "Balloon",
              "Heading 085",
              "en",
              null));

  /** The canonical bytes of {@link #MESSAGE}: field order and spelling are part of the format. */
  private static final String MESSAGE_JSON =
      "{\"v\":2,\"kind\":\"message\",\"log\":\"hotline/us/cn\",\"seq\":7,\"from\":\"us\",\"to\":\"cn\","
          + "\"id\":\"0190c1a2-3b4c-7d5e-8f60-7182939a4b5c\",\"created\":\"2026-11-29T08:15:30.123Z\","
          + "\"precedence\":\"FLASH\",\"status\":\"EXERCISE\",\"language\":\"en\",\"in_reply_to\":null,"
          + "\"subject\":\"Balloon\",\"body\":\"Heading 085\"}";

  /** {@link #MESSAGE} on the consular channel, its sender having received 12 entries. */
  private static final MessageEntry MESSAGE_3 =
      new MessageEntry(
          MESSAGE.log(),
          MESSAGE.seq(),
          MESSAGE.id(),
          MESSAGE.created(),
          MESSAGE.draft().onChannel("consular"),
          12);

  private static final String MESSAGE_3_JSON =
      MESSAGE_JSON
          .replace("\"v\":2", "\"v\":3")
          .replace("\"Heading 085\"}", "\"Heading 085\",\"channel\":\"consular\",\"seen\":12}");

  @Test
  void a_format_3_message_carries_its_channel_and_seen_after_its_body_and_reads_back() {
    byte[] bytes = EntryCodec.encode(MESSAGE_3, EntryCodec.FORMAT_3);
    assertThat(new String(bytes, UTF_8)).isEqualTo(MESSAGE_3_JSON);
    assertThat(EntryCodec.decode(bytes)).isEqualTo(MESSAGE_3);
    assertThat(EntryCodec.signable(MESSAGE_3, EntryCodec.FORMAT_3)).isEqualTo(bytes);
    assertThat(CanonicalReader.read(bytes, null)).isEqualTo(MESSAGE_3);
  }

  private static final String SHA256 = "ab".repeat(32);

  /**
   * {@link #MESSAGE_3} as a formatted notification: its subject the template's id, its body the
   * canonical values.
   */
  private static final MessageEntry NOTIFICATION_4 =
      new MessageEntry(
          MESSAGE.log(),
          MESSAGE.seq(),
          MESSAGE.id(),
          MESSAGE.created(),
          new Draft(
              PartyId.of("cn"),
              Precedence.FLASH,
              StatusFlag.EXERCISE,
              "aerial-object",
              "{\"heading\":85}",
              "en",
              null,
              "military",
              new TemplateRef("aerial-object", 2, SHA256)),
          12);

  private static final String NOTIFICATION_4_JSON =
      MESSAGE_3_JSON
          .replace("\"v\":3", "\"v\":4")
          .replace("\"Balloon\"", "\"aerial-object\"")
          .replace("\"Heading 085\"", "\"{\\\"heading\\\":85}\"")
          .replace("\"consular\"", "\"military\"")
          .replace(
              "\"seen\":12}",
              "\"seen\":12,\"template\":\"aerial-object\",\"template_version\":2,"
                  + "\"template_sha256\":\""
                  + SHA256
                  + "\"}");

  @Test
  void a_format_4_notification_carries_its_template_after_seen_and_reads_back() {
    byte[] bytes = EntryCodec.encode(NOTIFICATION_4);
    assertThat(new String(bytes, UTF_8)).isEqualTo(NOTIFICATION_4_JSON);
    assertThat(EntryCodec.decode(bytes)).isEqualTo(NOTIFICATION_4);
    assertThat(EntryCodec.signable(NOTIFICATION_4, EntryCodec.FORMAT_4)).isEqualTo(bytes);
    assertThat(CanonicalReader.read(bytes, null)).isEqualTo(NOTIFICATION_4);
    assertThat(CanonicalForm.matches(NOTIFICATION_4, bytes, EntryCodec.FORMAT_4)).isTrue();
  }

  @Test
  void a_plain_message_in_format_4_names_no_template_and_reads_back_as_plain() {
    String json =
        MESSAGE_3_JSON
            .replace("\"v\":3", "\"v\":4")
            .replace(
                "\"seen\":12}",
                "\"seen\":12,\"template\":\"\",\"template_version\":0,\"template_sha256\":\"\"}");
    assertThat(new String(EntryCodec.encode(MESSAGE_3), UTF_8)).isEqualTo(json);
    MessageEntry read = (MessageEntry) EntryCodec.decode(json.getBytes(UTF_8));
    assertThat(read).isEqualTo(MESSAGE_3);
    assertThat(read.draft().formatted()).isFalse();
    assertThat(CanonicalReader.read(json.getBytes(UTF_8), null)).isEqualTo(MESSAGE_3);
  }

  @Test
  void a_formatted_notification_is_not_signable_for_a_peer_reading_format_3_or_lower() {
    for (int format : List.of(EntryCodec.FORMAT_1, EntryCodec.FORMAT_2, EntryCodec.FORMAT_3)) {
      assertThatThrownBy(() -> EntryCodec.signable(NOTIFICATION_4, format))
          .as("format %d", format)
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.field()).isIn("template", "channel"))
          .hasMessageContaining("format");
    }
    MessageEntry general =
        new MessageEntry(
            NOTIFICATION_4.log(),
            NOTIFICATION_4.seq(),
            NOTIFICATION_4.id(),
            NOTIFICATION_4.created(),
            NOTIFICATION_4.draft().onChannel("general"),
            12);
    assertThatThrownBy(() -> EntryCodec.signable(general, EntryCodec.FORMAT_3))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("template"))
        .hasMessageContaining("format 4");
  }

  static Stream<Arguments> refusedFormat4Messages() {
    String plain =
        NOTIFICATION_4_JSON
            .replace("\"template\":\"aerial-object\"", "\"template\":\"\"")
            .replace("\"template_version\":2", "\"template_version\":0")
            .replace(SHA256, "");
    String rule = "must be a template's id, a version from 1 and 64 lower-case hex digits";
    return Stream.of(
        refused(
            "a template id that is not a word",
            NOTIFICATION_4_JSON.replace(
                "\"template\":\"aerial-object\"", "\"template\":\"Aerial\""),
            rule),
        refused(
            "a template id of 65 characters",
            NOTIFICATION_4_JSON.replace(
                "\"template\":\"aerial-object\"", "\"template\":\"" + "a".repeat(65) + "\""),
            rule),
        refused(
            "version 0 with a template",
            NOTIFICATION_4_JSON.replace("\"template_version\":2", "\"template_version\":0"),
            rule),
        refused(
            "a version beyond an int",
            NOTIFICATION_4_JSON.replace(
                "\"template_version\":2", "\"template_version\":2147483648"),
            rule),
        refused(
            "a version as text",
            NOTIFICATION_4_JSON.replace("\"template_version\":2", "\"template_version\":\"2\""),
            "'template_version' must be an integer"),
        refused(
            "a fractional version",
            NOTIFICATION_4_JSON.replace("\"template_version\":2", "\"template_version\":2.0"),
            "'template_version' must be an integer"),
        refused(
            "an upper-case sha256",
            NOTIFICATION_4_JSON.replace(SHA256, SHA256.toUpperCase(java.util.Locale.ROOT)),
            rule),
        refused("a short sha256", NOTIFICATION_4_JSON.replace(SHA256, "ab".repeat(31)), rule),
        refused(
            "a plain message with a version",
            plain.replace("\"template_version\":0", "\"template_version\":1"),
            rule),
        refused(
            "a plain message with a sha256",
            plain.replace("\"template_sha256\":\"\"", "\"template_sha256\":\"" + SHA256 + "\""),
            rule),
        refused(
            "no template_sha256",
            NOTIFICATION_4_JSON.replace(",\"template_sha256\":\"" + SHA256 + "\"", ""),
            "'template_sha256' is missing"),
        refused(
            "a v4 message with the 16 fields of format 3",
            MESSAGE_3_JSON.replace("\"v\":3", "\"v\":4"),
            "'template_version' must be an integer"),
        refused(
            "a v3 message with a template",
            NOTIFICATION_4_JSON.replace("\"v\":4", "\"v\":3"),
            "unexpected field 'template"),
        refused(
            "template_version before template",
            NOTIFICATION_4_JSON.replace(
                "\"template\":\"aerial-object\",\"template_version\":2",
                "\"template_version\":2,\"template\":\"aerial-object\""),
            "canonical form"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedFormat4Messages")
  void the_reader_refuses_a_format_4_message_that_breaks_its_rules(String json, String message) {
    assertThatThrownBy(() -> EntryCodec.decode(json.getBytes(UTF_8)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  /** The format-3 message of docs/protocol.md §18.7, and its leaf hash there. */
  private static final String VECTOR_3 =
      "{\"v\":3,\"kind\":\"message\",\"log\":\"hotline/us/cn\",\"seq\":4,\"from\":\"us\",\"to\":\"cn\",\"id\":\"019ac9cc-4aba-7001-8000-000000000004\",\"created\":\"2025-11-28T09:31:00.250Z\",\"precedence\":\"IMMEDIATE\",\"status\":\"EXERCISE\",\"language\":\"en\",\"in_reply_to\":null,\"subject\":\"Consular visit requested\",\"body\":\"Request access to the detained national today.\",\"channel\":\"consular\",\"seen\":2}";

  @Test
  void the_format_3_message_of_the_worked_example_reads_writes_back_and_hashes_as_documented() {
    byte[] bytes = VECTOR_3.getBytes(UTF_8);
    MessageEntry read = (MessageEntry) EntryCodec.decode(bytes);
    assertThat(read.draft().channel()).isEqualTo("consular");
    assertThat(read.seen()).isEqualTo(2);
    assertThat(EntryCodec.signable(read, EntryCodec.FORMAT_3)).isEqualTo(bytes);
    assertThat(bytes).hasSize(360);
    assertThat(java.util.HexFormat.of().formatHex(org.hotline.transcript.MerkleHash.leaf(bytes)))
        .isEqualTo("97d6843b26009c85974105ca0e92c4bfb01c1e57419fffa18e228f0bb9a196d9");
  }

  @Test
  void a_message_of_format_1_or_2_reads_as_general_with_seen_unknown() {
    MessageEntry read = (MessageEntry) EntryCodec.decode(MESSAGE_JSON.getBytes(UTF_8));
    assertThat(read.draft().channel()).isEqualTo("general");
    assertThat(read.seenKnown()).isFalse();
    assertThat(read.seen()).isEqualTo(MessageEntry.SEEN_UNKNOWN);
  }

  @Test
  void a_message_on_a_channel_other_than_general_is_not_signable_for_a_peer_reading_format_2() {
    for (int format : List.of(EntryCodec.FORMAT_1, EntryCodec.FORMAT_2)) {
      assertThatThrownBy(() -> EntryCodec.signable(MESSAGE_3, format))
          .isInstanceOfSatisfying(
              InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("channel"))
          .hasMessageContaining("format 3");
    }
  }

  @Test
  void a_format_3_message_without_what_its_sender_had_seen_is_not_signable() {
    MessageEntry unseen =
        new MessageEntry(
            MESSAGE.log(), MESSAGE.seq(), MESSAGE.id(), MESSAGE.created(), MESSAGE.draft());
    assertThatThrownBy(() -> EntryCodec.signable(unseen, EntryCodec.FORMAT_3))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'seen' must be an integer >= 0");
  }

  static Stream<Arguments> refusedFormat3Messages() {
    return Stream.of(
        refused(
            "a channel that is not a word",
            MESSAGE_3_JSON.replace("\"consular\"", "\"Consular Affairs\""),
            "'channel' must be a lower-case word"),
        refused(
            "a channel of 33 characters",
            MESSAGE_3_JSON.replace("\"consular\"", "\"" + "c".repeat(33) + "\""),
            "'channel' must be a lower-case word"),
        refused(
            "a channel as a number",
            MESSAGE_3_JSON.replace("\"consular\"", "7"),
            "'channel' is missing or not a string"),
        refused(
            "a negative seen",
            MESSAGE_3_JSON.replace("\"seen\":12", "\"seen\":-1"),
            "'seen' must be an integer >= 0"),
        refused(
            "a fractional seen",
            MESSAGE_3_JSON.replace("\"seen\":12", "\"seen\":12.5"),
            "'seen' must be an integer >= 0"),
        refused(
            "15 fields: no seen",
            MESSAGE_3_JSON.replace(",\"seen\":12", ""),
            "'seen' must be an integer >= 0"),
        refused(
            "15 fields: no channel",
            MESSAGE_3_JSON.replace(",\"channel\":\"consular\"", ""),
            "'channel' is missing"),
        refused(
            "a v3 message with the 14 fields of format 2",
            MESSAGE_JSON.replace("\"v\":2", "\"v\":3"),
            "'channel' is missing"),
        refused(
            "a v2 message with a channel and seen",
            MESSAGE_3_JSON.replace("\"v\":3", "\"v\":2"),
            "unexpected field 'channel'"),
        refused(
            "seen before channel",
            MESSAGE_JSON
                .replace("\"v\":2", "\"v\":3")
                .replace("085\"}", "085\",\"seen\":12,\"channel\":\"consular\"}"),
            "canonical form"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedFormat3Messages")
  void the_reader_refuses_a_format_3_message_that_breaks_its_rules(String json, String message) {
    assertThatThrownBy(() -> EntryCodec.decode(json.getBytes(UTF_8)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void a_change_entry_is_read_in_format_3_as_in_format_2() {
    ChangeEntry change =
        new ChangeEntry(
            MESSAGE.log(),
            5,
            MESSAGE.id(),
            MESSAGE.created(),
            "incident/" + MESSAGE.id(),
            "open",
            3,
            "duty officer",
            new java.util.TreeMap<>(java.util.Map.of("title", "Balloon", "severity", 3L)));
    byte[] two = EntryCodec.signable(change, EntryCodec.FORMAT_2);
    byte[] three = EntryCodec.signable(change, EntryCodec.FORMAT_3);
    assertThat(new String(three, UTF_8))
        .isEqualTo(new String(two, UTF_8).replace("{\"v\":2", "{\"v\":3"));
    assertThat(EntryCodec.decode(three)).isEqualTo(change);
  }

  @Test
  void a_message_encodes_to_compact_json_with_its_fields_in_a_fixed_order() {
    assertThat(new String(EntryCodec.encode(MESSAGE), UTF_8)).isEqualTo(MESSAGE_JSON);
  }

  @Test
  void format_1_is_format_2_with_another_version_number() {
    assertThat(new String(EntryCodec.encode(MESSAGE, EntryCodec.FORMAT_1), UTF_8))
        .isEqualTo(MESSAGE_JSON.replace("{\"v\":2,", "{\"v\":1,"));
    assertThat(EntryCodec.decode(EntryCodec.encode(MESSAGE, EntryCodec.FORMAT_1)))
        .isEqualTo(MESSAGE);
  }

  /** The same message with {@code text} as its body and {@code subject} as its subject. */
  private static MessageEntry withText(String subject, String body) {
    Draft draft = MESSAGE.draft();
    return new MessageEntry(
        US_TO_CN,
        7,
        ID,
        CREATED,
        new Draft(
            draft.to(),
            draft.precedence(),
            draft.status(),
            subject,
            body,
            "en",
            draft.inReplyTo()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("textOutsideThePolicy")
  void format_1_keeps_any_text_and_format_2_refuses_text_outside_the_policy(
      String subject, String body, String problem) {
    MessageEntry entry = withText(subject, body);
    assertThat(EntryCodec.decode(EntryCodec.encode(entry, EntryCodec.FORMAT_1)))
        .as("stored under format 1, it stays valid")
        .isEqualTo(entry);
    assertThatThrownBy(() -> EntryCodec.decode(EntryCodec.encode(entry, EntryCodec.FORMAT_2)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("entry 7: " + problem);
    assertThatThrownBy(() -> EntryCodec.checkSignable(entry.withSeq(0), EntryCodec.FORMAT_2))
        .as("and no node queues it in format 2")
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(problem);
    assertThatThrownBy(() -> EntryCodec.signable(entry, EntryCodec.FORMAT_2))
        .as("or signs it")
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(problem);
  }

  static Stream<Arguments> textOutsideThePolicy() {
    return Stream.of(
        Arguments.of(
            Named.of("U+0001 in the body (the worked example of §18)", "s"),
            "a\u0001",
            "body: character 2 is a control character (U+0001)"),
        Arguments.of(
            Named.of("a C1 control, read on the fast path", "s"),
            "é\u0085",
            "body: character 2 is a control character (U+0085)"),
        Arguments.of(Named.of("DEL", "s"), "\u007F", "body: character 1 is a control"),
        Arguments.of(Named.of("a line separator in the subject", "a\u2028b"), "", "subject: "),
        Arguments.of(
            Named.of("a carriage return in the body, which admission makes LF", "s"),
            "\r",
            "body: character 1 is a carriage return"));
  }

  @Test
  void a_lone_surrogate_is_signable_in_no_format() {
    Entry entry = withText("lone \uD800 surrogate", "b").withSeq(0);
    for (int format : EntryCodec.FORMAT_VERSIONS) {
      assertThatThrownBy(() -> EntryCodec.checkSignable(entry, format))
          .as("format %d", format)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("would not be readable by its recipient");
    }
  }

  /**
   * {@code message} as a node writes it in {@code format}: with what its sender had seen from
   * format 3, without before (formats 1 and 2 do not carry it).
   */
  static MessageEntry asWrittenIn(MessageEntry message, int format) {
    long seen = format >= EntryCodec.FORMAT_3 ? 41 : MessageEntry.SEEN_UNKNOWN;
    return new MessageEntry(
        message.log(), message.seq(), message.id(), message.created(), message.draft(), seen);
  }

  @Test
  void signable_bytes_are_the_encoding_and_read_back_as_the_entry() {
    MessageEntry text = withText("Grüße \uD83D\uDE00 \u202E", "line\n\tindented");
    for (int format : EntryCodec.FORMAT_VERSIONS) {
      Entry queued = asWrittenIn(text, format).withSeq(0);
      EntryCodec.checkSignable(queued, format);
      byte[] bytes = EntryCodec.signable(queued.withSeq(3), format);
      assertThat(bytes).isEqualTo(EntryCodec.encode(queued.withSeq(3), format));
      assertThat(EntryCodec.decode(bytes)).isEqualTo(queued.withSeq(3));
    }
  }

  @Test
  void only_an_entry_with_its_place_is_signed_and_only_one_without_is_queued() {
    assertThatThrownBy(() -> EntryCodec.signable(MESSAGE.withSeq(0), EntryCodec.FORMAT_2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> EntryCodec.checkSignable(MESSAGE, EntryCodec.FORMAT_2))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void decoding_the_canonical_bytes_gives_back_the_entry() {
    assertThat(EntryCodec.decode(MESSAGE_JSON.getBytes(UTF_8))).isEqualTo(MESSAGE);
  }

  @Test
  void a_reply_carries_the_id_it_answers() {
    Draft reply =
        new Draft(
            PartyId.of("cn"),
            Precedence.ROUTINE,
            StatusFlag.ACTUAL,
            "Re: Balloon",
            "",
            "en",
            REPLIED_TO);
    MessageEntry entry = new MessageEntry(US_TO_CN, 8, ID, CREATED, reply);

    byte[] bytes = EntryCodec.encode(entry);

    assertThat(new String(bytes, UTF_8)).contains("\"in_reply_to\":\"" + REPLIED_TO + "\"");
    assertThat(EntryCodec.decode(bytes)).isEqualTo(entry);
  }

  @Test
  void text_outside_ascii_round_trips_as_utf8() {
    Draft draft =
        new Draft(
            PartyId.of("cn"),
            Precedence.ROUTINE,
            StatusFlag.ACTUAL,
            "气球",
            "Ballon über\tder See\n",
            "zh-Hans",
            null);
    MessageEntry entry = new MessageEntry(US_TO_CN, 1, ID, CREATED, draft);

    assertThat(EntryCodec.decode(EntryCodec.encode(entry))).isEqualTo(entry);
  }

  @Test
  void timestamps_are_written_in_milliseconds() {
    assertThat(EntryCodec.timestamp(Instant.parse("2026-11-29T08:15:30.123456789Z")))
        .isEqualTo("2026-11-29T08:15:30.123Z");
    assertThat(EntryCodec.timestamp(Instant.parse("2026-11-29T08:15:30Z")))
        .isEqualTo("2026-11-29T08:15:30Z");
  }

  static Stream<Arguments> refusedEntries() {
    return Stream.of(
        refused("not JSON", "{\"v\":1,", "not valid JSON"),
        refused("a JSON array", "[1]", "not a JSON object"),
        refused("a JSON string", "\"message\"", "not a JSON object"),
        refused(
            "no version", MESSAGE_JSON.replace("\"v\":2,", ""), "format version must be one of"),
        refused(
            "version 5",
            MESSAGE_JSON.replace("\"v\":2", "\"v\":5"),
            "format version must be one of"),
        refused(
            "version as text",
            MESSAGE_JSON.replace("\"v\":2", "\"v\":\"2\""),
            "format version must be one of"),
        refused(
            "version as a fraction",
            MESSAGE_JSON.replace("\"v\":2", "\"v\":2.0"),
            "format version must be one of"),
        refused(
            "unknown kind",
            MESSAGE_JSON.replace("\"kind\":\"message\"", "\"kind\":\"heartbeat\""),
            "unknown entry kind 'heartbeat'"),
        refused(
            "extra field",
            MESSAGE_JSON.replace("\"body\"", "\"extra\":1,\"body\""),
            "unexpected field 'extra'"),
        refused(
            "duplicate field",
            MESSAGE_JSON.replace("\"body\"", "\"subject\":\"x\",\"body\""),
            "entry is not valid JSON: field 'subject' appears twice"),
        refused(
            "missing subject",
            MESSAGE_JSON.replace("\"subject\":\"Balloon\",", ""),
            "'subject' is missing"),
        refused(
            "subject as a number",
            MESSAGE_JSON.replace("\"Balloon\"", "42"),
            "'subject' is missing or not a string"),
        refused(
            "sender other than the log's writer",
            MESSAGE_JSON.replace("\"from\":\"us\"", "\"from\":\"ru\""),
            "hotline/us/cn"),
        refused(
            "recipient other than the log's reader",
            MESSAGE_JSON.replace("\"to\":\"cn\"", "\"to\":\"ru\""),
            "hotline/us/cn"),
        refused(
            "seq zero",
            MESSAGE_JSON.replace("\"seq\":7", "\"seq\":0"),
            "seq must be a positive integer"),
        refused(
            "negative seq",
            MESSAGE_JSON.replace("\"seq\":7", "\"seq\":-7"),
            "seq must be a positive integer"),
        refused(
            "fractional seq",
            MESSAGE_JSON.replace("\"seq\":7", "\"seq\":7.5"),
            "seq must be a positive integer"),
        refused(
            "seq as text",
            MESSAGE_JSON.replace("\"seq\":7", "\"seq\":\"7\""),
            "seq must be a positive integer"),
        refused("no seq", MESSAGE_JSON.replace("\"seq\":7,", ""), "seq must be a positive integer"),
        refused("created without a zone", MESSAGE_JSON.replace(".123Z", ".123"), "RFC 3339"),
        refused(
            "created in a year of six digits, which no store column holds",
            MESSAGE_JSON.replace("\"2026-11-29T08:15:30.123Z\"", "\"+300000-01-01T00:00:00Z\""),
            "four-digit year"),
        refused(
            "created with microseconds",
            MESSAGE_JSON.replace(".123Z", ".123456Z"),
            "canonical form"),
        refused(
            "space after a colon", MESSAGE_JSON.replace("\"v\":2", "\"v\": 2"), "canonical form"),
        refused(
            "fields in another order",
            MESSAGE_JSON.replace("\"v\":2,\"kind\":\"message\"", "\"kind\":\"message\",\"v\":2"),
            "canonical form"),
        refused(
            "lowercase precedence",
            MESSAGE_JSON.replace("\"FLASH\"", "\"flash\""),
            "unknown precedence 'flash'"),
        refused(
            "escaped plain letter",
            MESSAGE_JSON.replace("Balloon", "B\\u0061lloon"),
            "canonical form"),
        refused(
            "bad precedence",
            MESSAGE_JSON.replace("\"FLASH\"", "\"URGENT\""),
            "unknown precedence"),
        refused(
            "bad message id",
            MESSAGE_JSON.replace(ID.toString(), "not-an-id"),
            "not a message id"));
  }

  private static Arguments refused(String name, String json, String message) {
    return Arguments.of(Named.of(name, json), message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedEntries")
  void decode_refuses_anything_but_a_canonical_entry(String json, String message) {
    assertThatThrownBy(() -> EntryCodec.decode(json.getBytes(UTF_8)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  private static final ResponseEntry ACK =
      new ResponseEntry(
          new LogOrigin(PartyId.of("cn"), PartyId.of("us")),
          3,
          REPLIED_TO,
          CREATED,
          ResponseEntry.Kind.ACK,
          ID,
          "duty officer",
          "Seen.");

  private static final String ACK_JSON =
      "{\"v\":2,\"kind\":\"ack\",\"log\":\"hotline/cn/us\",\"seq\":3,\"from\":\"cn\",\"to\":\"us\","
          + "\"id\":\"0190c1a2-3b4c-7d5e-8f60-000000000001\",\"created\":\"2026-11-29T08:15:30.123Z\","
          + "\"message\":\"0190c1a2-3b4c-7d5e-8f60-7182939a4b5c\",\"by\":\"duty officer\",\"note\":\"Seen.\"}";

  private static final LinkTestEntry LINK_TEST =
      new LinkTestEntry(US_TO_CN, 9, ID, CREATED, 492_176L);

  private static final String LINK_TEST_JSON =
      "{\"v\":2,\"kind\":\"link-test\",\"log\":\"hotline/us/cn\",\"seq\":9,\"from\":\"us\",\"to\":\"cn\","
          + "\"id\":\"0190c1a2-3b4c-7d5e-8f60-7182939a4b5c\",\"created\":\"2026-11-29T08:15:30.123Z\","
          + "\"number\":492176}";

  @Test
  void a_response_encodes_with_its_kind_on_the_wire_and_decodes_back() {
    assertThat(new String(EntryCodec.encode(ACK, EntryCodec.FORMAT_2), UTF_8)).isEqualTo(ACK_JSON);
    assertThat(EntryCodec.decode(ACK_JSON.getBytes(UTF_8))).isEqualTo(ACK);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ResponseEntry.Kind.class)
  void every_kind_of_response_round_trips(ResponseEntry.Kind kind) {
    ResponseEntry response =
        new ResponseEntry(
            ACK.log(),
            ACK.seq(),
            ACK.id(),
            ACK.created(),
            kind,
            ACK.message(),
            ACK.by(),
            "Because.");

    assertThat(EntryCodec.decode(EntryCodec.encode(response))).isEqualTo(response);
  }

  @Test
  void a_link_test_encodes_with_its_number_and_decodes_back() {
    assertThat(new String(EntryCodec.encode(LINK_TEST, EntryCodec.FORMAT_2), UTF_8))
        .isEqualTo(LINK_TEST_JSON);
    assertThat(EntryCodec.decode(LINK_TEST_JSON.getBytes(UTF_8))).isEqualTo(LINK_TEST);
  }

  static Stream<Arguments> refusedOtherEntries() {
    return Stream.of(
        refused(
            "response with a message field",
            ACK_JSON.replace("\"note\"", "\"subject\":\"x\",\"note\""),
            "unexpected field 'subject' in response entry"),
        refused(
            "response without its message",
            ACK_JSON.replace("\"message\":\"0190c1a2-3b4c-7d5e-8f60-7182939a4b5c\",", ""),
            "'message' is missing"),
        refused(
            "link test with a body",
            LINK_TEST_JSON.replace("\"number\"", "\"body\":\"x\",\"number\""),
            "unexpected field 'body' in link-test entry"),
        refused(
            "link test number zero",
            LINK_TEST_JSON.replace("492176", "0"),
            "number must be a positive integer"),
        refused(
            "link test number as text",
            LINK_TEST_JSON.replace("492176", "\"492176\""),
            "number must be a positive integer"),
        refused(
            "link test number as a fraction",
            LINK_TEST_JSON.replace("492176", "4.5"),
            "number must be a positive integer"),
        refused(
            "link test without a number",
            LINK_TEST_JSON.replace(",\"number\":492176", ""),
            "number must be a positive integer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedOtherEntries")
  void decode_refuses_responses_and_link_tests_that_break_their_format(
      String json, String message) {
    assertThatThrownBy(() -> EntryCodec.decode(json.getBytes(UTF_8)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void an_entry_without_its_place_is_not_an_entry_of_the_log() {
    byte[] unplaced = EntryCodec.encode(MESSAGE.withSeq(0));

    assertThatThrownBy(() -> EntryCodec.decode(unplaced))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("seq must be a positive integer");
  }

  @Test
  void with_seq_changes_only_the_place() {
    assertThat(ACK.withSeq(4))
        .isEqualTo(
            new ResponseEntry(
                ACK.log(),
                4,
                ACK.id(),
                ACK.created(),
                ACK.kind(),
                ACK.message(),
                ACK.by(),
                ACK.note()));
    assertThat(LINK_TEST.withSeq(10))
        .isEqualTo(new LinkTestEntry(US_TO_CN, 10, ID, CREATED, 492_176L));
  }

  @Test
  void decode_refuses_an_entry_over_the_size_limit_before_parsing_it() {
    byte[] oversized = new byte[EntryCodec.ENTRY_BYTES_MAX + 1];

    assertThatThrownBy(() -> EntryCodec.decode(oversized))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("entry"))
        .hasMessageContaining(oversized.length + " bytes");
  }

  @Test
  void an_entry_of_exactly_the_size_limit_is_parsed_not_refused_for_its_size() {
    byte[] atLimit = new byte[EntryCodec.ENTRY_BYTES_MAX];

    assertThatThrownBy(() -> EntryCodec.decode(atLimit))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageNotContaining("the limit is");
  }

  @Test
  void the_first_link_test_is_number_one() {
    LinkTestEntry first = new LinkTestEntry(US_TO_CN, 1, ID, CREATED, 1);

    assertThat(EntryCodec.decode(EntryCodec.encode(first))).isEqualTo(first);
  }

  @Test
  void the_largest_body_fits_in_an_entry_of_format_1_even_when_every_character_is_escaped() {
    Draft draft =
        new Draft(
            PartyId.of("cn"),
            Precedence.ROUTINE,
            StatusFlag.ACTUAL,
            "Escapes",
            "\u0001".repeat(Draft.BODY_BYTES_MAX),
            "en",
            null);
    MessageEntry entry = new MessageEntry(US_TO_CN, 1, ID, CREATED, draft);

    byte[] bytes = EntryCodec.encode(entry, EntryCodec.FORMAT_1);

    assertThat(bytes.length).isLessThanOrEqualTo(EntryCodec.ENTRY_BYTES_MAX);
    assertThat(EntryCodec.decode(bytes)).isEqualTo(entry);
  }

  private static byte[] withBody(String body) {
    return EntryCodec.encode(
        new MessageEntry(
            US_TO_CN,
            3,
            ID,
            CREATED,
            new Draft(
                PartyId.of("cn"), Precedence.FLASH, StatusFlag.ACTUAL, "s", body, "en", null)));
  }

  private static boolean endsWith(byte[] entry, String body, String stored) {
    return EntryCodec.endsWithBody(entry, body, stored.getBytes(UTF_8));
  }

  @Test
  void an_entry_ends_with_a_plain_ascii_body_written_as_its_own_bytes() {
    for (String body : new String[] {"", "plain text", "?\u007F/<>{}:, body"}) {
      assertThat(endsWith(withBody(body), body, body)).as(body).isTrue();
    }
  }

  @Test
  void a_body_beyond_ascii_escaped_or_different_is_not_told_as_bytes() {
    String text = "Grüße, 中文, €";
    assertThat(endsWith(withBody(text), text, text)).as("left to a comparison as text").isFalse();
    byte[] plain = withBody("line one, line two");
    assertThat(endsWith(plain, "line one, line two", "line two")).isFalse();
    assertThat(endsWith(plain, "line one, line two", "line one, line twO")).isFalse();
    assertThat(endsWith(plain, "line one, line two", "xline one, line two")).isFalse();
    assertThat(
            EntryCodec.endsWithBody(
                plain, "x".repeat(plain.length + 1), new byte[plain.length + 1]))
        .isFalse();
    // The stored text holds a backslash and an n where the signed body holds a line feed: the
    // bytes are the entry's, the text is not the body.
    String lines = "line one\nline two";
    byte[] escaped = withBody(lines);
    assertThat(endsWith(escaped, lines, "line one\\nline two")).isFalse();
    assertThat(endsWith(escaped, lines, lines)).isFalse();
    String quoted = "say \"yes\"";
    assertThat(endsWith(withBody(quoted), quoted, "say \\\"yes\\\"")).isFalse();
    byte[] response =
        EntryCodec.encode(
            new ResponseEntry(
                US_TO_CN, 4, ID, CREATED, ResponseEntry.Kind.ACK, REPLIED_TO, "duty", "ok"));
    assertThat(endsWith(response, "ok", "ok")).isFalse();
  }
}
