package org.hotline.link.entry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.hotline.identity.LogOrigin;
import org.hotline.link.LinkPair;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalReader}, the fast path of {@link EntryCodec#decode}: bytes as the encoder lays
 * them out are read by it, without the general decoder; anything laid out otherwise is left to the
 * general decoder (null), never read differently.
 */
class CanonicalReaderTest {
  private static final LogOrigin LOG = LinkPair.usToCn();
  private static final Instant AT = Instant.parse("2026-11-29T10:00:00.123Z");
  private final Random random = new Random(5);

  private MessageId id() {
    return MessageId.generate(AT, random);
  }

  private static String text(Entry entry) {
    return new String(EntryCodec.encode(entry), StandardCharsets.UTF_8);
  }

  private static Entry read(String text) {
    return CanonicalReader.read(text.getBytes(StandardCharsets.UTF_8), null);
  }

  private List<Entry> entries() {
    MessageId original = id();
    return List.of(
        new MessageEntry(LOG, 7, id(), AT, LinkPair.draft(Precedence.FLASH, "subject")),
        new MessageEntry(
            LOG,
            8,
            id(),
            Instant.parse("2026-11-29T10:00:01Z"),
            new Draft(
                LinkPair.CN,
                Precedence.ROUTINE,
                StatusFlag.EXERCISE,
                "re",
                "b",
                "zh-Hans",
                original)),
        new MessageEntry(LOG, 0, id(), AT, LinkPair.draft(Precedence.ROUTINE, "template")),
        new ResponseEntry(LOG, 9, id(), AT, ResponseEntry.Kind.ACK, original, "duty", "on it"),
        new ResponseEntry(LOG, 10, id(), AT, ResponseEntry.Kind.DECLINE, original, "duty", "no"),
        new ResponseEntry(LOG, 11, id(), AT, ResponseEntry.Kind.READ, original, "duty", ""),
        new LinkTestEntry(LOG, 12, id(), AT, 1));
  }

  @Test
  void every_kind_laid_out_by_the_encoder_is_read_by_the_fast_path_as_encoded() {
    for (Entry entry : entries()) {
      assertThat(CanonicalReader.read(EntryCodec.encode(entry), null))
          .as(entry.toString())
          .isEqualTo(entry);
      assertThat(CanonicalReader.read(EntryCodec.encode(entry), LOG))
          .as("with the log known")
          .isEqualTo(entry);
    }
  }

  @Test
  void a_deadline_missed_entry_is_read_by_the_fast_path_as_encoded() {
    Entry miss =
        new DeadlineMissedEntry(LOG, 3, id(), AT, id(), Precedence.FLASH, AT.plusSeconds(60));
    assertThat(CanonicalReader.read(EntryCodec.encode(miss), LOG)).isEqualTo(miss);
  }

  @Test
  void a_recovery_entry_is_read_by_the_fast_path_as_encoded() {
    Entry recovery = new RecoveryEntry(LOG, 1201, id(), AT, 1000, 1205);
    assertThat(CanonicalReader.read(EntryCodec.encode(recovery), LOG)).isEqualTo(recovery);
  }

  @Test
  void a_recovery_entry_whose_counts_do_not_fit_its_place_is_left_to_the_general_decoder() {
    String recovery = text(new RecoveryEntry(LOG, 1201, id(), AT, 1000, 1205));
    assertThat(read(recovery.replace("\"restored\":1000", "\"restored\":1201"))).isNull();
    assertThat(read(recovery.replace("\"signed_up_to\":1205", "\"signed_up_to\":1199"))).isNull();
  }

  @Test
  void a_log_other_than_the_likely_one_is_read_from_the_entry() {
    Entry entry = entries().get(0);
    assertThat(CanonicalReader.read(EntryCodec.encode(entry), LogOrigin.parse("hotline/cn/us")))
        .isEqualTo(entry);
  }

  @Test
  void any_other_layout_is_left_to_the_general_decoder() {
    String message = text(entries().get(0));
    String response = text(entries().get(3));
    String linkTest = text(entries().get(6));
    List<String> others =
        List.of(
            "[]",
            "",
            message.replace("{\"v\":2", "{\"version\":2"),
            message.replace("{\"v\":2", "{\"v\":3"),
            message.replace("{\"v\":2", "{\"v\":0"),
            message.replace("{\"v\":2", "{\"v\":\"2\""),
            message.replace("{\"v\":2", "{\"v\":20000000000"),
            message.replace("\"kind\":", "\"type\":"),
            message.replace("\"log\":", "\"origin\":"),
            message.replace("\"seq\":7", "\"seq\":\"7\""),
            message.replace("\"seq\":7", "\"seq\":-7"),
            message.replace("\"seq\":7", "\"seq\":99999999999999999999999"),
            message.replace("\"seq\":7", "\"number\":7"),
            message.replace("\"from\":\"us\"", "\"from\":\"cn\""),
            message.replace("\"to\":\"cn\"", "\"to\":\"us\""),
            message.replace("\"from\":", "\"sender\":"),
            message.replace("\"to\":", "\"recipient\":"),
            message.replace("\"id\":", "\"uid\":"),
            message.replace("\"created\":", "\"at\":"),
            message.replace("\"kind\":\"message\"", "\"kind\":\"memo\""),
            message.replace("\"precedence\":", "\"urgency\":"),
            message.replace("\"status\":", "\"state\":"),
            message.replace("\"language\":", "\"lang\":"),
            message.replace("\"in_reply_to\":null", "\"reply\":null"),
            message.replace("\"in_reply_to\":null", "\"in_reply_to\":5"),
            message.replace("\"subject\":", "\"title\":"),
            message.replace("\"body\":", "\"text\":"),
            message.substring(0, message.length() - 1) + ",\"extra\":1}",
            message + " {}",
            response.replace("\"message\":", "\"msg\":"),
            response.replace("\"by\":", "\"who\":"),
            response.replace("\"note\":", "\"reason\":"),
            linkTest.replace("\"number\":1", "\"number\":0"),
            linkTest.replace("\"number\":1", "\"number\":\"1\""),
            linkTest.replace("\"number\":1", "\"n\":1"),
            linkTest.replace("\"number\":1", "\"number\":99999999999999999999999"));
    for (String other : others) {
      assertThat(read(other)).as(other).isNull();
    }
  }

  @Test
  void a_link_test_numbered_one_is_read_and_zero_is_not() {
    Entry test = entries().get(6);
    String linkTest = text(test);
    assertThat(read(linkTest)).isNotNull();
    assertThat(read(linkTest.replace("\"number\":1", "\"number\":2")))
        .isEqualTo(new LinkTestEntry(LOG, 12, test.id(), AT, 2));
  }

  private Entry at(Instant created) {
    return new LinkTestEntry(LOG, 12, id(), created, 1);
  }

  @Test
  void canonical_timestamps_are_read_with_and_without_milliseconds() {
    for (String time :
        List.of(
            "2026-11-29T10:11:12Z",
            "2026-11-29T10:11:12.345Z",
            "2026-11-29T10:11:12.001Z",
            "2026-11-29T10:11:12.100Z",
            "0000-01-01T00:00:00.009Z",
            "0000-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "9999-12-31T23:59:59.999Z")) {
      Entry entry = at(Instant.parse(time));
      assertThat(text(entry)).contains("\"created\":\"" + time + "\"");
      assertThat(read(text(entry))).as(time).isEqualTo(entry);
    }
  }

  @Test
  void other_timestamp_forms_are_left_to_the_general_decoder() {
    String canonical = text(at(Instant.parse("2026-11-29T10:11:12.345Z")));
    for (String other :
        List.of(
            "2026-11-29T10:11:12",
            "2026-11-29T10:11:12.000Z",
            "2026-11-29T10:11:12.3Z",
            "2026-11-29T10:11:12.3456Z",
            "2026-11-29T10:11:12.345+00:00",
            "2026/11-29T10:11:12Z",
            "2026-11/29T10:11:12Z",
            "2026-11-29 10:11:12Z",
            "2026-11-29T10-11:12Z",
            "2026-11-29T10:11-12Z",
            "2026-11-29T10:11:12+",
            "2026-11-29T10:11:12,345Z",
            "2026-11-29T10:11:12.34aZ",
            "2026-11-29T10:11:1/Z",
            "2026-11-29T10:11:1:Z",
            "2026-11-29T10:11:60Z",
            "2026-11-29T24:00:00Z",
            "2026-02-30T10:11:12Z",
            "2026-13-01T10:11:12Z",
            "2026-11-29t10:11:12Z",
            "2026-11-29T10:11:12z",
            "+10000-11-29T10:11:12Z",
            "202a-11-29T10:11:12Z")) {
      assertThat(read(canonical.replace("2026-11-29T10:11:12.345Z", other))).as(other).isNull();
    }
  }

  @Test
  void message_ids_only_in_lowercase_hex_groups_are_read() {
    Entry entry = entries().get(0);
    String canonical = text(entry);
    String id = entry.id().toString();
    for (String other :
        List.of(
            id.toUpperCase(java.util.Locale.ROOT),
            id.replace("-", ""),
            id.substring(0, 35),
            id + "0",
            "{" + id + "}",
            id.replace('-', '_'),
            id.substring(0, 14) + "4" + id.substring(15))) {
      assertThat(read(canonical.replace(id, other))).as(other).isNull();
    }
  }

  private MessageEntry withText(String subject, String body) {
    return new MessageEntry(
        LOG,
        4,
        id(),
        AT,
        new Draft(LinkPair.CN, Precedence.FLASH, StatusFlag.TEST, subject, body, "en", null));
  }

  @Test
  void text_with_every_escape_the_encoder_writes_is_read_by_the_fast_path() {
    MessageEntry signable =
        withText("\"Quoted\" back\\slash 😀", "line one\n\tline two\n\"é\" ß 中 😀\uD83D\uDC4D");
    MessageEntry formatOneOnly =
        withText("del \u007F", "\u0000 \u0001 \b \f \r \u001F \u007F \u0085 \u2028");
    for (int format : EntryCodec.FORMAT_VERSIONS) {
      MessageEntry written = EntryCodecTest.asWrittenIn(signable, format);
      byte[] bytes = EntryCodec.encode(written, format);
      assertThat(new String(bytes, StandardCharsets.UTF_8))
          .contains("\\n\\t", "\\\"", "\\\\", "\\uD83D\\uDE00");
      assertThat(CanonicalReader.read(bytes, LOG)).as("format %d", format).isEqualTo(written);
    }
    byte[] bytes = EntryCodec.encode(formatOneOnly, EntryCodec.FORMAT_1);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .contains("\\u0000 \\u0001 \\b \\f \\r \\u001F");
    assertThat(CanonicalReader.read(bytes, LOG)).isEqualTo(formatOneOnly);
    assertThat(CanonicalReader.read(EntryCodec.encode(formatOneOnly, EntryCodec.FORMAT_2), LOG))
        .as("format 2 refuses the controls: the general decoder says why")
        .isNull();
  }

  @Test
  void escapes_the_encoder_does_not_write_are_left_to_the_general_decoder() {
    String canonical =
        text(withText("s", "a\n\u0001\u001B\"😀/A"))
            .replace("{\"v\":2", "{\"v\":1"); // format 1, which carries U+0001
    assertThat(read(canonical)).isNotNull();
    for (String[] change :
        List.of(
            new String[] {"\\n", "\\u000A"},
            new String[] {"\\n", "\\u000a"},
            new String[] {"\\n", "\n"},
            new String[] {"\\u001B", "\\u001b"},
            new String[] {"\\u0001", "\u0001"},
            new String[] {"\\u0001", "\\x01"},
            new String[] {"\\u0001", "\\u001"},
            new String[] {"\\\"", "\\u0022"},
            new String[] {"/A", "\\/A"},
            new String[] {"/A", "/\\u0041"},
            new String[] {"/A", "/\\u007F"},
            new String[] {"\\uD83D\\uDE00", "😀"},
            new String[] {"\\uD83D\\uDE00", "\\ud83d\\ude00"},
            new String[] {"\\uD83D\\uDE00", "\\uDE00\\uD83D"},
            new String[] {"\\uD83D\\uDE00", "\\uD83Dx"},
            new String[] {"\\uD83D\\uDE00", "\\uD83D\\u0041"},
            new String[] {"\\uD83D\\uDE00", "\\uDE00"},
            new String[] {"\\uD83D\\uDE00", "\\uD83D\\"})) {
      assertThat(canonical).contains(change[0]);
      assertThat(read(canonical.replace(change[0], change[1])))
          .as(change[0] + " as " + change[1])
          .isNull();
    }
  }

  /**
   * The property the fast path rests on: whatever it accepts is exactly what the encoder writes for
   * the entry it returns. Entries with every kind of character are encoded, then damaged one byte
   * at a time; every input read must encode back to itself, byte for byte, and every entry but one
   * holding a lone surrogate (which no node signs) must be read.
   */
  @Test
  void whatever_the_fast_path_reads_encodes_back_to_the_same_bytes() {
    Random fuzz = new Random(17);
    String[] pieces = {
      "a", "Z", "0", " ", "?", "é", "ß", "€", "中", "\uFFFD", "\u007F", "\u2028", "😀", "\"", "\\",
      "\n", "\t", "\u0001", "\uD800", "/", "<", "{", "}", ",", ":"
    };
    int read = 0;
    for (int round = 0; round < 3_000; round++) {
      StringBuilder subject = new StringBuilder("s");
      StringBuilder body = new StringBuilder();
      for (int i = fuzz.nextInt(12); i > 0; i--) {
        subject.append(pieces[fuzz.nextInt(pieces.length)].replace("\n", " "));
        body.append(pieces[fuzz.nextInt(pieces.length)]);
      }
      Entry entry;
      try {
        entry =
            new MessageEntry(
                LOG,
                1 + fuzz.nextInt(1_000_000),
                id(),
                Instant.ofEpochMilli(fuzz.nextLong(0, 4_000_000_000_000L)),
                new Draft(
                    LinkPair.CN,
                    Precedence.values()[fuzz.nextInt(4)],
                    StatusFlag.values()[fuzz.nextInt(3)],
                    subject.toString().replace("\r", " "),
                    body.toString(),
                    "en",
                    fuzz.nextBoolean() ? null : id()));
      } catch (org.hotline.InvalidInputException e) {
        continue;
      }
      byte[] bytes;
      try {
        // Format 1 puts no rule on text, so every layout of every character is tried.
        bytes = EntryCodec.encode(entry, EntryCodec.FORMAT_1);
      } catch (RuntimeException lonelySurrogate) {
        continue;
      }
      Entry fast = CanonicalReader.read(bytes, LOG);
      if (fast != null) {
        read++;
        assertThat(fast).isEqualTo(entry);
      } else {
        assertThat(subject + body.toString())
            .as("only an entry with a lone surrogate is left to the general decoder")
            .contains("\uD800");
      }
      for (int damage = 0; damage < 8; damage++) {
        byte[] damaged = damage(bytes, fuzz);
        Entry accepted = CanonicalReader.read(damaged, LOG);
        if (accepted != null) {
          assertThat(EntryCodec.encode(accepted, damaged[5] - '0'))
              .as(new String(damaged, StandardCharsets.UTF_8))
              .isEqualTo(damaged);
        }
      }
    }
    assertThat(read).isGreaterThan(300);
  }

  private static byte[] damage(byte[] bytes, Random fuzz) {
    int at = fuzz.nextInt(bytes.length);
    return switch (fuzz.nextInt(4)) {
      case 0 -> {
        byte[] copy = bytes.clone();
        copy[at] = (byte) fuzz.nextInt(256);
        yield copy;
      }
      case 1 -> {
        byte[] copy = bytes.clone();
        copy[at] ^= (byte) (1 << fuzz.nextInt(8));
        yield copy;
      }
      case 2 -> {
        byte[] copy = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
        yield copy;
      }
      default -> {
        byte[] copy = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        copy[at] = (byte) fuzz.nextInt(256);
        System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
        yield copy;
      }
    };
  }

  @Test
  void eight_bytes_are_unusual_exactly_when_one_of_them_is_escaped_or_not_ascii() {
    for (int lane = 0; lane < Long.BYTES; lane++) {
      for (int b = 0; b < 256; b++) {
        long word = 0x6161616161616161L; // "aaaaaaaa"
        word = (word & ~(0xFFL << (8 * lane))) | ((long) b << (8 * lane));
        boolean unusual = b < 0x20 || b == '"' || b == '\\' || b == 0x7F || b >= 0x80;
        assertThat(CanonicalReader.unusual(word))
            .as("byte %d in lane %d", b, lane)
            .isEqualTo(unusual);
      }
    }
  }

  @Test
  void every_prefix_of_an_entry_is_left_to_the_general_decoder() {
    for (Entry entry : entries()) {
      byte[] bytes = EntryCodec.encode(entry);
      for (int cut = 0; cut < bytes.length; cut++) {
        assertThat(CanonicalReader.read(java.util.Arrays.copyOf(bytes, cut), LOG))
            .as("the first %d bytes of %s", cut, entry)
            .isNull();
      }
    }
  }

  @Test
  void numbers_of_up_to_eighteen_digits_are_read_and_longer_ones_are_left_to_the_general_decoder() {
    long largest = 999_999_999_999_999_999L;
    Entry test = new LinkTestEntry(LOG, largest, id(), AT, largest);
    assertThat(read(text(test))).isEqualTo(test);
    Entry longer = new LinkTestEntry(LOG, largest + 1, id(), AT, 1);
    assertThat(read(text(longer))).isNull();
    Entry longerNumber = new LinkTestEntry(LOG, 1, id(), AT, largest + 1);
    assertThat(read(text(longerNumber))).isNull();
  }
}
