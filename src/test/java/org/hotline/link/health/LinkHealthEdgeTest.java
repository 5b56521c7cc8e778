package org.hotline.link.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hotline.link.Peer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link LinkHealth} exactly at each threshold, and in each peer mode: the table of {@code
 * LinkHealthTest} stays away from the edges, this one sits on them. Times are in milliseconds after
 * {@link #T0}; the interval is 5 s, so DOWN comes at 12,500 ms without an answer.
 */
class LinkHealthEdgeTest {
  private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(5);
  private static final long DOWN_AFTER = 12_500;

  record Case(
      String description,
      LinkHealth.State expected,
      Peer.Mode mode,
      long nowMillis,
      List<LinkHealth.Sample> samples,
      Long heardMillis) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static LinkHealth.Sample ok(long millis, long rtt, long offset) {
    return new LinkHealth.Sample(T0.plusMillis(millis), true, rtt, offset, "e");
  }

  private static LinkHealth.Sample lost(long millis) {
    return new LinkHealth.Sample(T0.plusMillis(millis), false, -1, 0, "e");
  }

  private static Case push(
      String description, LinkHealth.State expected, long now, Long heard, LinkHealth.Sample... s) {
    return new Case(description, expected, Peer.Mode.PUSH, now, List.of(s), heard);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            push(
                "exactly 2.5 intervals without an answer is down",
                LinkHealth.State.DOWN,
                1_000 + DOWN_AFTER,
                1_000L,
                ok(1_000, 3, 0)),
            push(
                "a millisecond short of 2.5 intervals is not down",
                LinkHealth.State.UP,
                999 + DOWN_AFTER,
                1_000L + DOWN_AFTER,
                ok(1_000, 3, 0)),
            push(
                "never answered, exactly 2.5 intervals after start, is down",
                LinkHealth.State.DOWN,
                DOWN_AFTER,
                null,
                lost(1_000)),
            push(
                "never answered, just under 2.5 intervals, is unknown",
                LinkHealth.State.UNKNOWN,
                DOWN_AFTER - 1,
                null,
                lost(1_000)),
            push(
                "no heartbeat sent at all is unknown however long",
                LinkHealth.State.UNKNOWN,
                10 * DOWN_AFTER,
                null),
            push(
                "a round trip of exactly 1 s is up",
                LinkHealth.State.UP,
                2_000,
                2_000L,
                ok(1_000, 1_000, 0)),
            push(
                "a round trip of 1 s and 1 ms is degraded",
                LinkHealth.State.DEGRADED,
                2_000,
                2_000L,
                ok(1_000, 1_001, 0)),
            push(
                "a clock offset of exactly 2 s is up",
                LinkHealth.State.UP,
                2_000,
                2_000L,
                ok(1_000, 3, 2_000)),
            push(
                "a clock offset of 2 s and 1 ms is degraded",
                LinkHealth.State.DEGRADED,
                2_000,
                2_000L,
                ok(1_000, 3, 2_001)),
            push(
                "a clock offset of exactly -2 s is up",
                LinkHealth.State.UP,
                2_000,
                2_000L,
                ok(1_000, 3, -2_000)),
            push(
                "a clock offset of -2 s and 1 ms is degraded",
                LinkHealth.State.DEGRADED,
                2_000,
                2_000L,
                ok(1_000, 3, -2_001)),
            push(
                "the peer last heard exactly 2.5 intervals ago is a one-way break",
                LinkHealth.State.DEGRADED,
                1_000 + DOWN_AFTER,
                1_000L,
                ok(1_000 + DOWN_AFTER, 3, 0)),
            push(
                "the peer heard a millisecond later is not",
                LinkHealth.State.UP,
                1_000 + DOWN_AFTER,
                1_001L,
                ok(1_000 + DOWN_AFTER, 3, 0)),
            push(
                "the peer never heard for 2.5 intervals is a one-way break",
                LinkHealth.State.DEGRADED,
                DOWN_AFTER,
                null,
                ok(DOWN_AFTER, 3, 0)),
            push(
                "the peer never heard, just under 2.5 intervals, is no break yet",
                LinkHealth.State.UP,
                DOWN_AFTER - 1,
                null,
                ok(DOWN_AFTER - 1, 3, 0)),
            new Case(
                "a pulling peer never heard is not a one-way break",
                LinkHealth.State.UP,
                Peer.Mode.PULL,
                DOWN_AFTER,
                List.of(ok(DOWN_AFTER, 3, 0)),
                null),
            new Case(
                "a pulled peer is judged by its heartbeats alone",
                LinkHealth.State.UP,
                Peer.Mode.PULLED,
                2_000,
                List.of(),
                1_000L),
            new Case(
                "a pulled peer heard exactly 2.5 intervals ago is down",
                LinkHealth.State.DOWN,
                Peer.Mode.PULLED,
                1_000 + DOWN_AFTER,
                List.of(ok(1_000 + DOWN_AFTER, 3, 0)),
                1_000L),
            new Case(
                "a pulled peer heard just under 2.5 intervals ago is up",
                LinkHealth.State.UP,
                Peer.Mode.PULLED,
                999 + DOWN_AFTER,
                List.of(),
                1_000L),
            new Case(
                "a pulled peer never heard for 2.5 intervals is down",
                LinkHealth.State.DOWN,
                Peer.Mode.PULLED,
                DOWN_AFTER,
                List.of(),
                null),
            new Case(
                "a pulled peer never heard yet is unknown",
                LinkHealth.State.UNKNOWN,
                Peer.Mode.PULLED,
                DOWN_AFTER - 1,
                List.of(ok(1_000, 3, 0)),
                null))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void the_state_at_each_edge(Case c) {
    LinkHealth health = new LinkHealth(T0);
    c.samples().forEach(health::record);
    if (c.heardMillis() != null) {
      health.heard(T0.plusMillis(c.heardMillis()));
    }
    assertThat(health.state(T0.plusMillis(c.nowMillis()), INTERVAL, c.mode()))
        .isEqualTo(c.expected());
  }

  /** {@code lost} unanswered heartbeats among the last {@code window}, after {@code before}. */
  private static LinkHealth withLoss(int before, int lostBefore, int window, int lost) {
    LinkHealth health = new LinkHealth(T0);
    List<LinkHealth.Sample> samples = new ArrayList<>();
    for (int i = 0; i < before; i++) {
      samples.add(i < lostBefore ? lost(i) : ok(i, 3, 0));
    }
    for (int i = 0; i < window; i++) {
      samples.add(i < lost ? lost(before + i) : ok(before + i, 3, 0));
    }
    samples.forEach(health::record);
    health.heard(T0.plusMillis(before + window));
    return health;
  }

  @Test
  void loss_counts_only_the_last_twenty_heartbeats() {
    assertThat(withLoss(5, 5, LinkHealth.LOSS_WINDOW, 0).lossPercent()).isZero();
    assertThat(withLoss(5, 0, LinkHealth.LOSS_WINDOW, 5).lossPercent()).isEqualTo(25);
  }

  @Test
  void loss_counts_only_the_heartbeats_to_the_endpoint_in_use() {
    LinkHealth health = withLoss(0, 0, 4, 4);
    health.record(new LinkHealth.Sample(T0.plusMillis(10), true, 3, 0, "backup"));
    assertThat(health.lossPercent()).isZero();
    health.record(new LinkHealth.Sample(T0.plusMillis(11), false, -1, 0, "backup"));
    assertThat(health.lossPercent()).isEqualTo(50);
  }

  @Test
  void loss_is_a_percentage_of_the_heartbeats_seen() {
    assertThat(new LinkHealth(T0).lossPercent()).isZero();
    assertThat(withLoss(0, 0, 4, 1).lossPercent()).isEqualTo(25);
    assertThat(withLoss(0, 0, 3, 2).lossPercent()).isEqualTo(66);
  }

  @Test
  void a_loss_of_exactly_twenty_percent_is_up_and_more_is_degraded() {
    Instant now = T0.plusMillis(100);
    assertThat(withLoss(0, 0, 20, 4).state(now, INTERVAL)).isEqualTo(LinkHealth.State.UP);
    assertThat(withLoss(0, 0, 20, 5).state(now, INTERVAL)).isEqualTo(LinkHealth.State.DEGRADED);
  }
}
