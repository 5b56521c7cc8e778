package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The kinds of refusal and their problem type names on the wire (docs/protocol.md §12). */
class BatchRefusedExceptionTest {
  static Stream<Arguments> names() {
    return Stream.of(
        Arguments.of(BatchRefusedException.Kind.GAP, "gap", true),
        Arguments.of(BatchRefusedException.Kind.ALREADY_STORED, "already-stored", true),
        Arguments.of(BatchRefusedException.Kind.WRONG_LOG, "wrong-log", false),
        Arguments.of(BatchRefusedException.Kind.BAD_SIGNATURE, "bad-signature", false),
        Arguments.of(BatchRefusedException.Kind.ROOT_MISMATCH, "root-mismatch", false),
        Arguments.of(BatchRefusedException.Kind.CONFLICTING_ENTRY, "conflicting-entry", false),
        Arguments.of(BatchRefusedException.Kind.BAD_ENTRY, "bad-entry", false),
        Arguments.of(BatchRefusedException.Kind.BAD_BATCH, "bad-batch", false),
        Arguments.of(BatchRefusedException.Kind.OVERSIZED, "oversized", false),
        Arguments.of(BatchRefusedException.Kind.UNKNOWN_PEER, "unknown-peer", false),
        Arguments.of(BatchRefusedException.Kind.PEER_AHEAD, "peer-claims-unwritten-entries", false),
        Arguments.of(BatchRefusedException.Kind.UNKNOWN, "unknown", false));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("names")
  void each_kind_keeps_its_wire_name_and_a_peers_answer_reads_back_as_it(
      BatchRefusedException.Kind kind, String name, boolean positionMismatch) {
    BatchRefusedException ours = new BatchRefusedException(kind, "refused", 3);
    BatchRefusedException peers = BatchRefusedException.fromPeer(name, "refused", 3);

    assertThat(ours.type()).isEqualTo(name);
    assertThat(kind).hasToString(name);
    assertThat(peers.kind()).isEqualTo(kind);
    assertThat(peers.type()).isEqualTo(name);
    assertThat(ours.isPositionMismatch()).isEqualTo(positionMismatch);
    assertThat(peers.isPositionMismatch()).isEqualTo(positionMismatch);
  }

  @Test
  void every_kind_has_a_row_in_the_table() {
    assertThat(names().map(arguments -> arguments.get()[0]))
        .containsExactlyInAnyOrder(Arrays.stream(BatchRefusedException.Kind.values()).toArray());
  }

  @Test
  void a_problem_type_this_version_does_not_know_is_unknown_and_keeps_its_name_for_display() {
    BatchRefusedException newer =
        BatchRefusedException.fromPeer("entry-too-new", "cn refused: entry format 9", 5);
    BatchRefusedException bare = BatchRefusedException.fromPeer("http-400", "cn refused", -1);

    assertThat(newer.kind()).isEqualTo(BatchRefusedException.Kind.UNKNOWN);
    assertThat(newer.type()).isEqualTo("entry-too-new");
    assertThat(newer.size()).isEqualTo(5);
    assertThat(newer.isPositionMismatch()).isFalse();
    assertThat(bare.kind()).isEqualTo(BatchRefusedException.Kind.UNKNOWN);
    assertThat(bare.type()).isEqualTo("http-400");
  }
}
