package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LockoutTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final Instant LOCK_END = NOW.plus(Lockout.LOCK_DURATION);

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("first failure counts one, no lock", 0, null, 1, null),
        Arguments.of("fourth failure still no lock", 3, null, 4, null),
        Arguments.of("fifth failure locks for fifteen minutes", 4, null, 5, LOCK_END),
        Arguments.of(
            "a failure while locked changes nothing",
            5,
            NOW.plusSeconds(60),
            5,
            NOW.plusSeconds(60)),
        Arguments.of(
            "the first failure after a lock ends counts one again",
            5,
            NOW.minusSeconds(1),
            1,
            null),
        Arguments.of("a lock ending exactly now has ended", 5, NOW, 1, null),
        Arguments.of("the count never passes the maximum", 9, null, 5, LOCK_END));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failures_lead_to_a_bounded_lock(
      String description, int before, Instant lockedUntil, int after, Instant lockedAfter) {
    Lockout.State state = Lockout.afterFailure(before, lockedUntil, NOW);
    assertThat(state.failures()).isEqualTo(after);
    assertThat(state.lockedUntil()).isEqualTo(lockedAfter);
  }

  static Stream<Arguments> delays() {
    return Stream.of(
        Arguments.of("no failure, no delay", 0, 0),
        Arguments.of("first failure waits a quarter second", 1, 250),
        Arguments.of("second doubles", 2, 500),
        Arguments.of("fourth reaches the cap", 4, 2_000),
        Arguments.of("the cap holds however many", 60, 2_000));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delays")
  void the_answer_to_a_failure_is_delayed_by_doubling_steps_up_to_a_cap(
      String description, int failures, long millis) {
    assertThat(Lockout.delay(failures)).isEqualTo(Duration.ofMillis(millis));
  }
}
