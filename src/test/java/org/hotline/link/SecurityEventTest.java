package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kinds of security event and the names they are stored and shown under, which stored rows and
 * API clients rely on.
 */
class SecurityEventTest {
  private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of(SecurityEvent.Kind.BAD_SIGNATURE, "bad-signature"),
        Arguments.of(SecurityEvent.Kind.WRONG_SENDER, "wrong-sender"),
        Arguments.of(SecurityEvent.Kind.ROOT_MISMATCH, "root-mismatch"),
        Arguments.of(SecurityEvent.Kind.CONFLICTING_ENTRY, "conflicting-entry"),
        Arguments.of(SecurityEvent.Kind.CONFLICTING_CHECKPOINT, "conflicting-checkpoint"),
        Arguments.of(SecurityEvent.Kind.BAD_RECEIPT, "bad-receipt"),
        Arguments.of(SecurityEvent.Kind.PEER_AHEAD, "peer-claims-unwritten-entries"),
        Arguments.of(SecurityEvent.Kind.PEER_LOST_ENTRIES, "peer-lost-receipted-entries"),
        Arguments.of(SecurityEvent.Kind.UNINTERPRETABLE_ENTRY, "uninterpretable-entry"),
        Arguments.of(SecurityEvent.Kind.REFUSED_HANDSHAKE, "refused-handshake"),
        Arguments.of(SecurityEvent.Kind.TAMPERED_RECORD, "tampered-record"),
        Arguments.of(SecurityEvent.Kind.UNSIGNABLE_ENTRY, "unsignable-entry"),
        Arguments.of(SecurityEvent.Kind.PEER_RECOVERED, "peer-recovered"),
        Arguments.of(SecurityEvent.Kind.REFUSED_CHANGE, "refused-change"),
        Arguments.of(SecurityEvent.Kind.DIVERGENCE, "divergence"),
        Arguments.of(SecurityEvent.Kind.WITNESS_AHEAD, "witness-holds-unwritten-size"),
        Arguments.of(SecurityEvent.Kind.WITNESS_INCONSISTENT, "witness-refuses-our-log"),
        Arguments.of(
            SecurityEvent.Kind.WITNESS_INCONSISTENT_CHECKPOINT, "witness-inconsistent-checkpoint"),
        Arguments.of(SecurityEvent.Kind.SIGNING_HALTED, "signing-halted"),
        Arguments.of(SecurityEvent.Kind.BAD_RECOVERY, "bad-recovery"),
        Arguments.of(SecurityEvent.Kind.INVALID_NOTIFICATION, "invalid-notification"),
        Arguments.of(SecurityEvent.Kind.UNKNOWN, "unknown"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("names")
  void each_kind_keeps_the_name_it_is_stored_under_and_reads_back_from_it(
      SecurityEvent.Kind kind, String name) {
    assertThat(kind.wire()).isEqualTo(name);
    assertThat(kind).hasToString(name);
    assertThat(SecurityEvent.Kind.ofWire(name)).isEqualTo(kind);
    assertThat(SecurityEvent.stored(AT, "cn", name, "detail", "").kind()).isEqualTo(kind);
  }

  @Test
  void every_kind_has_a_row_in_the_table() {
    assertThat(names().map(arguments -> arguments.get()[0]))
        .containsExactlyInAnyOrder(Arrays.stream(SecurityEvent.Kind.values()).toArray());
  }

  @Test
  void a_stored_name_this_version_does_not_know_reads_as_unknown_and_keeps_its_text() {
    SecurityEvent event =
        SecurityEvent.stored(AT, "cn", "quantum-forgery", "found by a newer version", "evidence");

    assertThat(event.kind()).isEqualTo(SecurityEvent.Kind.UNKNOWN);
    assertThat(event.kindName()).isEqualTo("quantum-forgery");
    assertThat(SecurityEvent.Kind.ofWire("Root-Mismatch"))
        .as("names are exact")
        .isEqualTo(SecurityEvent.Kind.UNKNOWN);
  }

  @Test
  void an_event_raised_now_carries_its_kinds_name() {
    assertThat(new SecurityEvent(AT, "cn", SecurityEvent.Kind.ROOT_MISMATCH, "d", "e").kindName())
        .isEqualTo("root-mismatch");
  }

  @Test
  void a_known_kind_under_another_name_is_a_programming_error() {
    assertThatThrownBy(
            () ->
                new SecurityEvent(
                    AT, "cn", SecurityEvent.Kind.ROOT_MISMATCH, "d", "e", "bad-signature"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
