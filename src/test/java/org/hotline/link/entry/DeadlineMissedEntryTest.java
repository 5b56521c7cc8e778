package org.hotline.link.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The deadline-missed entry has one canonical byte string, its own field set, and round-trips. */
class DeadlineMissedEntryTest {
  static final String CANONICAL =
      "{\"v\":2,\"kind\":\"deadline-missed\",\"log\":\"hotline/us/cn\",\"seq\":7,\"from\":\"us\",\"to\":\"cn\","
          + "\"id\":\"01930000-0000-7000-8000-000000000002\",\"created\":\"2026-11-28T09:10:00.250Z\","
          + "\"message\":\"01930000-0000-7000-8000-000000000001\",\"precedence\":\"FLASH\",\"deadline\":\"2026-11-28T09:10:00Z\"}";

  static final DeadlineMissedEntry ENTRY =
      new DeadlineMissedEntry(
          new LogOrigin(PartyId.of("us"), PartyId.of("cn")),
          7,
          MessageId.parse("01930000-0000-7000-8000-000000000002"),
          Instant.parse("2026-11-28T09:10:00.250Z"),
          MessageId.parse("01930000-0000-7000-8000-000000000001"),
          Precedence.FLASH,
          Instant.parse("2026-11-28T09:10:00Z"));

  @Test
  void encodes_its_fields_in_a_fixed_order_and_decodes_to_the_same_entry() {
    assertThat(new String(EntryCodec.encode(ENTRY, EntryCodec.FORMAT_2), StandardCharsets.UTF_8))
        .isEqualTo(CANONICAL);
    assertThat(EntryCodec.decode(CANONICAL.getBytes(StandardCharsets.UTF_8))).isEqualTo(ENTRY);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a field of a response | ,\"deadline\":\"2026-11-28T09:10:00Z\"} | ,\"deadline\":\"2026-11-28T09:10:00Z\",\"by\":\"x\"} | unexpected field 'by'",
        "no deadline | ,\"deadline\":\"2026-11-28T09:10:00Z\"} | } | 'deadline' is missing",
        "a deadline that is not a timestamp | 2026-11-28T09:10:00Z | tomorrow | 'deadline' is not an RFC 3339",
        "a deadline not in canonical form | 2026-11-28T09:10:00Z | 2026-11-28T09:10:00.000Z | not in canonical form",
        "a lower-case precedence | \"FLASH\" | \"flash\" | unknown precedence",
      })
  void anything_else_is_refused_naming_the_problem(
      String what, String replaced, String by, String problem) {
    byte[] bytes = CANONICAL.replace(replaced.strip(), by.strip()).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> EntryCodec.decode(bytes))
        .as(what)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(problem);
  }
}
