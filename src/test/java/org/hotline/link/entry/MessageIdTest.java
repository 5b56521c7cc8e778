package org.hotline.link.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageIdTest {
  private static final Instant CREATED = Instant.parse("2026-11-29T00:00:00.123Z");

  /** All ones: every random bit that survives the masks is set. */
  private static final RandomGenerator ONES = () -> -1L;

  /** All zeros: only the version and variant bits are set. */
  private static final RandomGenerator ZEROS = () -> 0L;

  @Test
  void a_generated_id_is_a_uuid_v7_of_the_ietf_variant() {
    UUID uuid = MessageId.generate(CREATED, ONES).value();

    assertThat(uuid.version()).isEqualTo(7);
    assertThat(uuid.variant()).isEqualTo(2);
  }

  @Test
  void a_generated_id_starts_with_the_creation_time_in_unix_milliseconds() {
    UUID uuid = MessageId.generate(CREATED, ONES).value();

    assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(CREATED.toEpochMilli());
  }

  @Test
  void random_bits_fill_everything_but_the_time_version_and_variant() {
    UUID ones = MessageId.generate(CREATED, ONES).value();
    UUID zeros = MessageId.generate(CREATED, ZEROS).value();

    assertThat(ones.getMostSignificantBits() & 0xFFFFL).isEqualTo(0x7FFFL);
    assertThat(zeros.getMostSignificantBits() & 0xFFFFL).isEqualTo(0x7000L);
    assertThat(ones.getLeastSignificantBits()).isEqualTo(0xBFFFFFFFFFFFFFFFL);
    assertThat(zeros.getLeastSignificantBits()).isEqualTo(0x8000000000000000L);
  }

  @Test
  void ids_sort_by_creation_time() {
    MessageId earlier = MessageId.generate(CREATED, ONES);
    MessageId later = MessageId.generate(CREATED.plusMillis(1), ZEROS);

    assertThat(earlier.toString()).isLessThan(later.toString());
  }

  @Test
  void an_id_prints_and_parses_as_its_canonical_uuid() {
    MessageId id = MessageId.generate(CREATED, ONES);

    assertThat(id.toString()).isEqualTo(id.value().toString());
    assertThat(MessageId.parse(id.toString())).isEqualTo(id);
  }

  @Test
  void an_id_is_a_plain_json_string() throws Exception {
    MessageId id = MessageId.generate(CREATED, ONES);
    String json = Json.mapper().writeValueAsString(id);

    assertThat(json).isEqualTo("\"" + id + "\"");
    assertThat(Json.mapper().readValue(json, MessageId.class)).isEqualTo(id);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "not-a-uuid",
        "0190c1a2-3b4c-7d5e-8f60-7182939a4b5",
        "0190C1A2-3B4C-7D5E-8F60-7182939A4B5C",
        "190c1a2-3b4c-7d5e-8f60-7182939a4b5c"
      })
  void parse_refuses_what_is_not_a_canonical_uuid(String text) {
    assertThatThrownBy(() -> MessageId.parse(text))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("id"))
        .hasMessageStartingWith("not a message id");
  }

  @Test
  void a_uuid_of_another_version_is_not_a_message_id() {
    assertThatThrownBy(() -> MessageId.parse("0190c1a2-3b4c-4d5e-8f60-7182939a4b5c"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("id"))
        .hasMessageContaining("UUIDv7");
  }

  @Test
  void echoed_input_is_clipped() {
    assertThatThrownBy(() -> MessageId.parse("z".repeat(100)))
        .hasMessage("not a message id: '" + "z".repeat(32) + "…'");
  }
}
