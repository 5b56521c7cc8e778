package org.hotline.link.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hotline.link.BatchRefusedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The counting rule of a BLOCKED link, as a table: a run of answers to one direction's batches
 * (refusals by problem type, or {@code receipt}) and whether the direction is blocked after it.
 */
class RefusalsTest {
  private static final Instant T0 = Instant.parse("2026-11-28T09:00:00Z");
  private static final String RECEIPT = "receipt";

  static Stream<Arguments> runs() {
    return Stream.of(
        Arguments.of("nothing yet", List.of(), false),
        Arguments.of("one refusal does not block", List.of("bad-entry"), false),
        Arguments.of("two refusals in a row block", List.of("bad-entry", "bad-entry"), true),
        Arguments.of(
            "two refusals of different kinds block",
            List.of("root-mismatch", "bad-signature"),
            true),
        Arguments.of("a gap does not count", List.of("bad-entry", "gap"), false),
        Arguments.of(
            "already-stored does not count", List.of("already-stored", "bad-entry"), false),
        Arguments.of(
            "position refusals neither count nor reset",
            List.of("bad-entry", "gap", "already-stored", "bad-entry"),
            true),
        Arguments.of(
            "a receipt between refusals resets the count",
            List.of("bad-entry", RECEIPT, "bad-entry"),
            false),
        Arguments.of("a receipt ends a block", List.of("bad-entry", "bad-entry", RECEIPT), false),
        Arguments.of(
            "after a receipt two refusals block again",
            List.of("bad-entry", "bad-entry", RECEIPT, "oversized", "wrong-log"),
            true),
        Arguments.of(
            "a long run of refusals stays blocked",
            List.of("bad-entry", "bad-entry", "bad-entry", "bad-entry", "bad-entry"),
            true),
        Arguments.of(
            "after a long run one receipt is enough",
            List.of("bad-entry", "bad-entry", "bad-entry", "bad-entry", RECEIPT),
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void a_direction_is_blocked_after_two_refusals_in_a_row_until_a_receipt(
      String description, List<String> answers, boolean blocked) {
    Refusals refusals = new Refusals(LinkBlocks.Direction.OUTGOING);
    for (String answer : answers) {
      if (answer.equals(RECEIPT)) {
        refusals.accepted();
      } else {
        refusals.refused(refusal(answer), "detail", T0);
      }
    }
    assertThat(refusals.block().isPresent()).as(description).isEqualTo(blocked);
    assertThat(refusals.inARow()).isBetween(0, Refusals.BLOCK_AFTER);
  }

  @org.junit.jupiter.api.Test
  void a_refusal_this_version_does_not_know_counts_and_the_block_names_it() {
    Refusals refusals = new Refusals(LinkBlocks.Direction.OUTGOING);
    refusals.refused(refusal("entry-too-new"), "detail", T0);
    Optional<LinkBlocks.Block> started = refusals.refused(refusal("entry-too-new"), "detail", T0);

    assertThat(started).map(LinkBlocks.Block::problem).contains("entry-too-new");
  }

  @org.junit.jupiter.api.Test
  void only_the_refusal_that_blocks_starts_a_block_and_it_keeps_its_reason() {
    Refusals refusals = new Refusals(LinkBlocks.Direction.INCOMING);
    assertThat(refusals.refused(refusal("bad-entry"), "entry 3: not in canonical form", T0))
        .isEmpty();
    Optional<LinkBlocks.Block> started =
        refusals.refused(refusal("bad-entry"), "entry 3: not in canonical form", T0.plusSeconds(1));
    assertThat(started)
        .contains(
            new LinkBlocks.Block(
                LinkBlocks.Direction.INCOMING,
                "bad-entry",
                "entry 3: not in canonical form",
                T0.plusSeconds(1)));
    assertThat(refusals.refused(refusal("root-mismatch"), "other", T0.plusSeconds(2))).isEmpty();
    assertThat(refusals.block()).isEqualTo(started);
    assertThat(refusals.accepted()).isEqualTo(started);
    assertThat(refusals.accepted()).isEmpty();
  }

  /** A peer's refusal with the problem type {@code problem}, as the sender reads it. */
  private static BatchRefusedException refusal(String problem) {
    return BatchRefusedException.fromPeer(problem, "refused", -1);
  }
}
