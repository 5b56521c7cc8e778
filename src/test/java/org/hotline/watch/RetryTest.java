package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wait after each failed delivery: doubling from 15 seconds, capped at 2 minutes. */
class RetryTest {
  @Test
  void the_wait_doubles_from_15_seconds_until_it_reaches_2_minutes() {
    assertThat(Retry.delay(1)).isEqualTo(Duration.ofSeconds(15));
    assertThat(Retry.delay(2)).isEqualTo(Duration.ofSeconds(30));
    assertThat(Retry.delay(3)).isEqualTo(Duration.ofSeconds(60));
    assertThat(Retry.delay(4)).isEqualTo(Duration.ofSeconds(120));
    assertThat(Retry.delay(5)).isEqualTo(Retry.DELAY_MAX);
  }

  @Test
  void the_cap_holds_however_many_failures_there_were() {
    for (int failures : new int[] {6, 17, 18, 63, 64, 65, 1_000, Integer.MAX_VALUE}) {
      assertThat(Retry.delay(failures))
          .as("after %d failures", failures)
          .isEqualTo(Retry.DELAY_MAX);
    }
  }

  @Test
  void there_is_no_wait_before_the_first_failure() {
    assertThatThrownBy(() -> Retry.delay(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Retry.delay(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
