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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recovery entry (docs/protocol.md §3.6) has one canonical byte string, its own field set and
 * counts that fit its place, in both format versions, and round-trips.
 */
class RecoveryEntryTest {
  /** The example of docs/protocol.md §3.6. */
  static final String CANONICAL =
      "{\"v\":2,\"kind\":\"recovery\",\"log\":\"hotline/us/cn\",\"seq\":2201,\"from\":\"us\",\"to\":\"cn\","
          + "\"id\":\"01930000-0000-7000-8000-000000000003\",\"created\":\"2026-11-28T11:40:00.500Z\","
          + "\"restored\":1200,\"signed_up_to\":2205}";

  private static final LogOrigin US_TO_CN = new LogOrigin(PartyId.of("us"), PartyId.of("cn"));
  private static final MessageId ID = MessageId.parse("01930000-0000-7000-8000-000000000003");
  private static final Instant CREATED = Instant.parse("2026-11-28T11:40:00.500Z");

  static final RecoveryEntry ENTRY = new RecoveryEntry(US_TO_CN, 2201, ID, CREATED, 1200, 2205);

  private static byte[] inFormat(String text, int format) {
    return text.replace("{\"v\":2,", "{\"v\":" + format + ",").getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest(name = "format {0}")
  @ValueSource(ints = {EntryCodec.FORMAT_1, EntryCodec.FORMAT_2})
  void encodes_its_ten_fields_in_a_fixed_order_and_decodes_to_the_same_entry(int format) {
    byte[] canonical = inFormat(CANONICAL, format);
    assertThat(EntryCodec.encode(ENTRY, format)).isEqualTo(canonical);
    assertThat(EntryCodec.decode(canonical)).isEqualTo(ENTRY);
    assertThat(EntryCodec.decode(canonical, US_TO_CN)).isEqualTo(ENTRY);
    assertThat(CanonicalReader.read(canonical, null)).as("the fast path").isEqualTo(ENTRY);
    assertThat(CanonicalForm.matches(ENTRY, canonical, format)).isTrue();
    assertThat(EntryCodec.signable(ENTRY, format)).isEqualTo(canonical);
  }

  @Test
  void the_bounds_of_its_counts_are_entries_of_their_own() {
    RecoveryEntry nothingRestoredNothingVoid = new RecoveryEntry(US_TO_CN, 1, ID, CREATED, 0, 0);
    RecoveryEntry allRestored = new RecoveryEntry(US_TO_CN, 1201, ID, CREATED, 1200, 1200);
    for (RecoveryEntry entry : new RecoveryEntry[] {nothingRestoredNothingVoid, allRestored}) {
      assertThat(EntryCodec.decode(EntryCodec.signable(entry, EntryCodec.FORMAT_2)))
          .isEqualTo(entry);
    }
  }

  @Test
  void a_recovery_entry_is_written_into_the_record_as_its_reader_would_say_it() {
    assertThat(ENTRY.describe())
        .isEqualTo(
            "Recovery: entries 1..1200 restored from the backup, 1201..2200 recovered from cn,"
                + " positions 2201..2205 signed before are void");
    assertThat(new RecoveryEntry(US_TO_CN, 1201, ID, CREATED, 0, 1200).describe())
        .isEqualTo(
            "Recovery: no entry restored from the backup, 1..1200 recovered from cn,"
                + " no position is void");
    assertThat(new RecoveryEntry(US_TO_CN, 1201, ID, CREATED, 1200, 1201).describe())
        .isEqualTo(
            "Recovery: entries 1..1200 restored from the backup, none recovered from cn,"
                + " positions 1201..1201 signed before are void");
  }

  /**
   * Each case replaces one piece of {@link #CANONICAL} and is refused in both format versions with
   * the problem named.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a field of a link test | :2205} | :2205,\"number\":1} | unexpected field 'number' in recovery entry",
        "no restored | ,\"restored\":1200 | '' | field 'restored' is missing",
        "no signed_up_to | ,\"signed_up_to\":2205 | '' | field 'signed_up_to' is missing",
        "restored as a string | :1200, | :\"1200\", | field 'restored' must be an integer >= 0",
        "restored as a fraction | :1200, | :1200.5, | field 'restored' must be an integer >= 0",
        "restored as null | :1200, | :null, | field 'restored' must be an integer >= 0",
        "restored negative | :1200, | :-1, | field 'restored' must be an integer >= 0",
        "restored beyond a long | :1200, | :99999999999999999999, | field 'restored' must be an integer >= 0",
        "signed_up_to as a fraction | :2205} | :2205.0} | field 'signed_up_to' must be an integer >= 0",
        "signed_up_to with an exponent | :2205} | :2.205E3} | field 'signed_up_to' must be an integer >= 0",
        "signed_up_to negative | :2205} | :-2205} | field 'signed_up_to' must be an integer >= 0",
        "restored more than the entries before it | :1200, | :2201, | recovery entry 2201: 'restored' is 2201, more than the 2200 entries before it",
        "signed_up_to less than the entries before it | :2205} | :2199} | recovery entry 2201: 'signed_up_to' is 2199, less than the 2200 entries before it",
        "no place | \"seq\":2201 | \"seq\":0 | entry seq must be a positive integer",
        "a count not in canonical form | \"restored\":1200 | \"restored\": 1200 | not in canonical form",
        "a kind in upper case | \"recovery\" | \"RECOVERY\" | unknown entry kind 'RECOVERY'",
      })
  void anything_else_is_refused_naming_the_problem(
      String what, String replaced, String by, String problem) {
    String text = CANONICAL.replace(replaced.strip(), by.strip());
    assertThat(text).as(what).isNotEqualTo(CANONICAL);
    for (int format : EntryCodec.FORMAT_VERSIONS) {
      byte[] bytes = inFormat(text, format);
      assertThatThrownBy(() -> EntryCodec.decode(bytes))
          .as(what + ", format " + format)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(problem);
    }
  }

  @Test
  void counts_that_do_not_fit_the_place_are_refused_when_the_entry_is_made() {
    assertThatThrownBy(() -> new RecoveryEntry(US_TO_CN, 10, ID, CREATED, 10, 12))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'restored' is 10, more than the 9 entries before it");
    assertThatThrownBy(() -> new RecoveryEntry(US_TO_CN, 10, ID, CREATED, 9, 8))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'signed_up_to' is 8, less than the 9 entries before it");
    assertThatThrownBy(() -> new RecoveryEntry(US_TO_CN, 0, ID, CREATED, -1, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'restored' must be an integer >= 0");
  }
}
