package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.hotline.identity.LogOrigin;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalReader}, the fast path of {@link EntryCodec#decode}: bytes as the encoder lays
 * them out are read by it, without the general decoder; anything laid out otherwise is left to the
 * general decoder (null), never read differently.
 */
class CanonicalReaderTest {
  private static final JsonFactory FACTORY = new JsonFactory();
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
    return CanonicalReader.read(FACTORY, text.getBytes(StandardCharsets.UTF_8));
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
      assertThat(CanonicalReader.read(FACTORY, EntryCodec.encode(entry)))
          .as(entry.toString())
          .isEqualTo(entry);
    }
  }

  @Test
  void a_deadline_missed_entry_is_left_to_the_general_decoder() {
    Entry miss =
        new DeadlineMissedEntry(LOG, 3, id(), AT, id(), Precedence.FLASH, AT.plusSeconds(60));
    assertThat(CanonicalReader.read(FACTORY, EntryCodec.encode(miss))).isNull();
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
            message.replace("{\"v\":1", "{\"version\":1"),
            message.replace("{\"v\":1", "{\"v\":2"),
            message.replace("{\"v\":1", "{\"v\":\"1\""),
            message.replace("{\"v\":1", "{\"v\":10000000000"),
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

  @Test
  void canonical_timestamps_are_read_with_and_without_milliseconds() {
    assertThat(CanonicalReader.instant("2026-11-29T10:11:12Z"))
        .isEqualTo(Instant.parse("2026-11-29T10:11:12Z"));
    assertThat(CanonicalReader.instant("2026-11-29T10:11:12.345Z"))
        .isEqualTo(Instant.parse("2026-11-29T10:11:12.345Z"));
    assertThat(CanonicalReader.instant("0000-01-01T00:00:00.009Z"))
        .isEqualTo(Instant.parse("0000-01-01T00:00:00.009Z"));
    assertThat(CanonicalReader.instant("9999-12-31T23:59:59.999Z"))
        .isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
  }

  @Test
  void other_timestamp_forms_are_refused() {
    for (String other :
        List.of(
            "2026-11-29T10:11:12",
            "2026-11-29T10:11:12.3Z",
            "2026-11-29T10:11:12.3456Z",
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
            "202a-11-29T10:11:12Z")) {
      assertThatThrownBy(() -> CanonicalReader.instant(other))
          .as(other)
          .isInstanceOf(DateTimeException.class);
    }
  }
}
