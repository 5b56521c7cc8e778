package org.hotline.link.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {
  private static final Duration BASE = Duration.ofMillis(100);
  private static final Duration CAP = Duration.ofSeconds(30);

  static Stream<Arguments> delays() {
    return Stream.of(
        delay("first failure waits half to all of the base", 1, 50, 100),
        delay("second failure doubles it", 2, 100, 200),
        delay("third failure doubles it again", 3, 200, 400),
        delay("ninth failure is still under the cap", 9, 12_800, 25_600),
        delay("tenth failure reaches the cap", 10, 15_000, 30_000),
        delay("a thousandth failure stays at the cap", 1_000, 15_000, 30_000),
        delay("the largest failure count stays at the cap", Integer.MAX_VALUE, 15_000, 30_000));
  }

  private static Arguments delay(
      String name, int failures, long shortestMillis, long longestMillis) {
    return Arguments.of(Named.of(name, failures), shortestMillis, longestMillis);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("delays")
  void delay_lies_between_half_the_ceiling_and_the_ceiling(
      int failures, long shortestMillis, long longestMillis) {
    Duration shortest = new Backoff(BASE, CAP, Draws.LOWEST).delay(failures);
    Duration longest = new Backoff(BASE, CAP, Draws.HIGHEST).delay(failures);

    assertThat(shortest).isEqualTo(Duration.ofMillis(shortestMillis));
    assertThat(longest).isEqualTo(Duration.ofMillis(longestMillis));
  }

  @Test
  void jitter_asks_the_generator_for_a_value_within_the_whole_range() {
    Draws.Recording random = new Draws.Recording();

    new Backoff(BASE, CAP, random).delay(3);

    assertThat(random.bound).isEqualTo(400 - 200 + 1);
  }

  @Test
  void doubling_stops_after_twenty_steps_so_the_ceiling_never_overflows() {
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofDays(365), Draws.HIGHEST);

    assertThat(backoff.delay(21)).isEqualTo(Duration.ofMillis(1L << 20));
    assertThat(backoff.delay(64)).isEqualTo(Duration.ofMillis(1L << 20));
  }

  @Test
  void standard_backoff_runs_from_a_tenth_of_a_second_to_half_a_minute() {
    Backoff standard = Backoff.standard(Draws.HIGHEST);

    assertThat(standard.delay(1)).isEqualTo(Backoff.DELAY_BASE);
    assertThat(standard.delay(100)).isEqualTo(Backoff.DELAY_MAX);
    assertThat(Backoff.DELAY_BASE).isEqualTo(Duration.ofMillis(100));
    assertThat(Backoff.DELAY_MAX).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void base_equal_to_the_cap_is_a_constant_delay_with_jitter() {
    Backoff constant = new Backoff(BASE, BASE, Draws.HIGHEST);

    assertThat(constant.delay(1)).isEqualTo(BASE);
    assertThat(constant.delay(50)).isEqualTo(BASE);
  }

  @Test
  void delay_is_defined_only_after_a_failure() {
    Backoff backoff = new Backoff(BASE, CAP, Draws.LOWEST);

    assertThatThrownBy(() -> backoff.delay(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backoff.delay(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void base_must_be_positive_and_not_above_the_cap() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, CAP, Draws.LOWEST))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), CAP, Draws.LOWEST))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(CAP, BASE, Draws.LOWEST))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Random sources pinned to the ends of the range they are asked for. */
  private static final class Draws {
    static final RandomGenerator LOWEST = new Fixed(false);
    static final RandomGenerator HIGHEST = new Fixed(true);

    private Draws() {}

    private record Fixed(boolean highest) implements RandomGenerator {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("Backoff asks for a bounded value");
      }

      @Override
      public long nextLong(long bound) {
        return highest ? bound - 1 : 0;
      }
    }

    private static final class Recording implements RandomGenerator {
      long bound = -1;

      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("Backoff asks for a bounded value");
      }

      @Override
      public long nextLong(long bound) {
        this.bound = bound;
        return 0;
      }
    }
  }
}
