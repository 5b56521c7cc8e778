package org.hotline.link.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinkHealthTest {
  private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  record Case(
      String description,
      LinkHealth.State expected,
      long nowSeconds,
      LinkHealth.Sample[] samples,
      Long heardSeconds) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static LinkHealth.Sample ok(long seconds, long rtt, long offset) {
    return new LinkHealth.Sample(T0.plusSeconds(seconds), true, rtt, offset, "e");
  }

  private static LinkHealth.Sample lost(long seconds) {
    return new LinkHealth.Sample(T0.plusSeconds(seconds), false, -1, 0, "e");
  }

  static Stream<Arguments> cases() {
    return Stream.of(
            new Case(
                "no heartbeat yet is unknown",
                LinkHealth.State.UNKNOWN,
                1,
                new LinkHealth.Sample[] {},
                null),
            new Case(
                "a fresh answer with the peer heard is up",
                LinkHealth.State.UP,
                6,
                new LinkHealth.Sample[] {ok(5, 3, 0)},
                5L),
            new Case(
                "no answer for 2.5 intervals is down",
                LinkHealth.State.DOWN,
                18,
                new LinkHealth.Sample[] {ok(5, 3, 0), lost(10), lost(15)},
                15L),
            new Case(
                "just under 2.5 intervals is not yet down",
                LinkHealth.State.DEGRADED,
                17,
                new LinkHealth.Sample[] {ok(5, 3, 0), lost(10), lost(15)},
                15L),
            new Case(
                "never answered after 2.5 intervals is down",
                LinkHealth.State.DOWN,
                13,
                new LinkHealth.Sample[] {lost(5), lost(10)},
                null),
            new Case(
                "a slow round trip is degraded",
                LinkHealth.State.DEGRADED,
                6,
                new LinkHealth.Sample[] {ok(5, 1_500, 0)},
                5L),
            new Case(
                "a skewed clock is degraded",
                LinkHealth.State.DEGRADED,
                6,
                new LinkHealth.Sample[] {ok(5, 3, 2_500)},
                5L),
            new Case(
                "a skewed clock the other way is degraded",
                LinkHealth.State.DEGRADED,
                6,
                new LinkHealth.Sample[] {ok(5, 3, -2_500)},
                5L),
            new Case(
                "losing a third of heartbeats is degraded",
                LinkHealth.State.DEGRADED,
                21,
                new LinkHealth.Sample[] {
                  ok(1, 3, 0), lost(5), lost(8), ok(10, 3, 0), ok(15, 3, 0), ok(20, 3, 0)
                },
                20L),
            new Case(
                "the peer's heartbeats stopping is degraded (one-way break)",
                LinkHealth.State.DEGRADED,
                21,
                new LinkHealth.Sample[] {ok(20, 3, 0)},
                5L))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void the_state_follows_the_heartbeats(Case c) {
    LinkHealth health = new LinkHealth(T0);
    for (LinkHealth.Sample sample : c.samples()) {
      health.record(sample);
    }
    if (c.heardSeconds() != null) {
      health.heard(T0.plusSeconds(c.heardSeconds()));
    }
    assertThat(health.state(T0.plusSeconds(c.nowSeconds()), INTERVAL)).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "history keeps at most the last {0} samples")
  @org.junit.jupiter.params.provider.ValueSource(ints = {LinkHealth.HISTORY_MAX})
  void history_is_bounded(int max) {
    LinkHealth health = new LinkHealth(T0);
    for (int i = 0; i < max + 10; i++) {
      health.record(ok(i, i, 0));
    }
    assertThat(health.history()).hasSize(max);
    assertThat(health.history().get(0).rttMillis()).isEqualTo(10);
  }
}
