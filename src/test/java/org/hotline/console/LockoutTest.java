package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.hotline.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lockout's arithmetic on a clock the test moves. */
class LockoutTest {
  private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");
  private static final String OFFICER = "duty.officer";
  private static final String GUESSER = "198.51.100.9";

  private final MutableClock clock = new MutableClock(START);
  private final Lockout lockout = new Lockout(clock);

  private void fail(int times, String name, String address) {
    for (int i = 0; i < times; i++) {
      lockout.failed(name, address);
    }
  }

  @Test
  void an_address_waits_after_five_failures_one_second_doubling_to_fifteen_minutes() {
    fail(5, "a", GUESSER);
    assertThat(lockout.waitUntil("any name", GUESSER)).isEmpty();

    lockout.failed("b", GUESSER);
    assertThat(lockout.waitUntil("any name", GUESSER)).hasValue(START.plusSeconds(1));
    lockout.failed("c", GUESSER);
    assertThat(lockout.waitUntil("any name", GUESSER)).hasValue(START.plusSeconds(2));
    fail(20, "d", GUESSER);
    assertThat(lockout.waitUntil("any name", GUESSER))
        .hasValue(START.plus(Lockout.ADDRESS_BACKOFF_MAX));
    assertThat(lockout.waitUntil("any name", "203.0.113.1"))
        .as("another address is not held back")
        .isEmpty();
  }

  @Test
  void a_stranger_can_hold_a_name_back_for_at_most_a_minute_between_tries() {
    for (int i = 0; i < 200; i++) {
      lockout.failed(OFFICER, "192.0.2." + i);
    }
    assertThat(lockout.waitUntil(OFFICER, "203.0.113.1"))
        .hasValue(START.plus(Lockout.NAME_BACKOFF_MAX));

    clock.advance(Lockout.NAME_BACKOFF_MAX);

    assertThat(lockout.waitUntil(OFFICER, "203.0.113.1")).isEmpty();
  }

  @Test
  void ten_failures_on_a_name_from_anywhere_are_free_the_eleventh_waits_a_second() {
    for (int i = 0; i < Lockout.NAME_FREE_FAILURES; i++) {
      lockout.failed(OFFICER, "192.0.2." + i);
    }
    assertThat(lockout.waitUntil(OFFICER, "203.0.113.1")).isEmpty();

    lockout.failed(OFFICER, "192.0.2.99");

    assertThat(lockout.waitUntil(OFFICER, "203.0.113.1")).hasValue(START.plusSeconds(1));
    assertThat(lockout.nameWaitsUntil(OFFICER)).hasValue(START.plusSeconds(1));
  }

  @Test
  void a_name_that_does_not_exist_is_counted_like_one_that_does() {
    fail(11, "nobody.here", GUESSER);
    fail(11, OFFICER, "192.0.2.1");

    assertThat(lockout.nameWaitsUntil("nobody.here")).isEqualTo(lockout.nameWaitsUntil(OFFICER));
  }

  @Test
  void a_success_ends_the_names_run_but_not_the_addresss() {
    fail(6, OFFICER, GUESSER);
    clock.advance(Duration.ofSeconds(1));

    lockout.succeeded(OFFICER);
    lockout.failed(OFFICER, GUESSER);

    assertThat(lockout.nameWaitsUntil(OFFICER)).isEmpty();
    assertThat(lockout.waitUntil("other", GUESSER)).isPresent();
  }

  @Test
  void failures_are_forgotten_an_hour_after_the_last_one() {
    fail(30, OFFICER, GUESSER);
    clock.advance(Lockout.FORGET_AFTER);

    lockout.failed(OFFICER, GUESSER);

    assertThat(lockout.waitUntil(OFFICER, GUESSER)).isEmpty();
  }

  @Test
  void the_state_is_bounded_the_oldest_entry_is_forgotten_first() {
    fail(6, OFFICER, GUESSER);
    for (int i = 0; i < Lockout.KEYS_MAX; i++) {
      lockout.failed("name" + i, GUESSER);
    }

    assertThat(lockout.nameWaitsUntil(OFFICER)).as("pushed out by newer names").isEmpty();
    assertThat(lockout.waitUntil("x", GUESSER)).as("the address is still tracked").isPresent();
  }

  static Stream<Arguments> delays() {
    return Stream.of(
        Arguments.of("no failure, no delay", 0, Duration.ZERO),
        Arguments.of("first failure waits a quarter second", 1, Duration.ofMillis(250)),
        Arguments.of("fourth waits two seconds", 4, Duration.ofSeconds(2)),
        Arguments.of("the delay stops at two seconds", 50, Duration.ofSeconds(2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delays")
  void each_failure_is_answered_after_a_doubling_delay(String name, int failures, Duration delay) {
    assertThat(Lockout.delay(failures)).isEqualTo(delay);
  }

  static Stream<Arguments> backoffs() {
    return Stream.of(
        Arguments.of("first wait", 1, Duration.ofSeconds(1)),
        Arguments.of("fourth wait", 4, Duration.ofSeconds(8)),
        Arguments.of("capped", 11, Duration.ofMinutes(15)),
        Arguments.of("far past the cap, no overflow", 1_000_000, Duration.ofMinutes(15)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("backoffs")
  void waits_double_and_stop_at_their_bound(String name, int n, Duration wait) {
    assertThat(Lockout.backoff(n, Lockout.ADDRESS_BACKOFF_MAX)).isEqualTo(wait);
  }
}
