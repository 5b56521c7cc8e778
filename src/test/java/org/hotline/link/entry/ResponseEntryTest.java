package org.hotline.link.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseEntryTest {
  private static final LogOrigin CN_TO_US = new LogOrigin(PartyId.of("cn"), PartyId.of("us"));
  private static final MessageId ID = MessageId.parse("0190c1a2-3b4c-7d5e-8f60-000000000001");
  private static final MessageId MESSAGE = MessageId.parse("0190c1a2-3b4c-7d5e-8f60-7182939a4b5c");
  private static final Instant AT = Instant.parse("2026-11-29T08:15:30.123Z");

  private static ResponseEntry response(ResponseEntry.Kind kind, String by, String note) {
    return new ResponseEntry(CN_TO_US, 1, ID, AT, kind, MESSAGE, by, note);
  }

  @Test
  void who_answered_may_be_up_to_64_characters() {
    String longest = "o".repeat(ResponseEntry.BY_LENGTH_MAX);

    assertThat(response(ResponseEntry.Kind.ACK, longest, "").by()).isEqualTo(longest);
    assertThatThrownBy(() -> response(ResponseEntry.Kind.ACK, longest + "o", ""))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("by"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "   ", "duty\nofficer", "duty\u0007officer"})
  void who_answered_must_be_printable_and_not_blank(String by) {
    assertThatThrownBy(() -> response(ResponseEntry.Kind.ACK, by, ""))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("by"));
  }

  @Test
  void who_answered_is_required() {
    assertThatThrownBy(() -> response(ResponseEntry.Kind.READ, null, ""))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("by"));
  }

  @Test
  void a_note_may_be_up_to_2000_characters() {
    String longest = "n".repeat(ResponseEntry.NOTE_LENGTH_MAX);

    assertThat(response(ResponseEntry.Kind.ACK, "officer", longest).note()).isEqualTo(longest);
    assertThatThrownBy(() -> response(ResponseEntry.Kind.ACK, "officer", longest + "n"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("note"))
        .hasMessageContaining("2001");
  }

  @Test
  void a_decline_needs_a_reason_and_an_acknowledgement_does_not() {
    assertThatThrownBy(() -> response(ResponseEntry.Kind.DECLINE, "officer", " "))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("reason"));
    assertThat(response(ResponseEntry.Kind.DECLINE, "officer", "Not our waters.").note())
        .isEqualTo("Not our waters.");
    assertThat(response(ResponseEntry.Kind.ACK, "officer", " ").note()).isEqualTo(" ");
  }

  @Test
  void a_missing_note_is_empty() {
    assertThat(response(ResponseEntry.Kind.READ, "officer", null).note()).isEmpty();
  }

  @Test
  void each_kind_has_its_own_wire_name() {
    assertThat(ResponseEntry.Kind.READ.wire()).isEqualTo("read");
    assertThat(ResponseEntry.Kind.ACK.wire()).isEqualTo("ack");
    assertThat(ResponseEntry.Kind.DECLINE.wire()).isEqualTo("decline");
    assertThat(ResponseEntry.Kind.ofWire("ack")).isEqualTo(ResponseEntry.Kind.ACK);
    assertThat(ResponseEntry.Kind.ofWire("ACK")).isNull();
  }

  @Test
  void the_sender_of_a_response_is_the_writer_of_its_log() {
    assertThat(response(ResponseEntry.Kind.READ, "officer", "").from()).isEqualTo(PartyId.of("cn"));
  }
}
