package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.hotline.InvalidInputException;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Precedence;
import org.junit.jupiter.api.Test;

/** Acknowledgement deadlines: 1 minute to 7 days, for every link or for one. */
class DeadlinePolicyTest {
  static final PartyId CN = PartyId.of("cn");

  @Test
  void a_deadline_of_exactly_1_minute_or_7_days_is_accepted() {
    DeadlinePolicy policy =
        DeadlinePolicy.of(
            Map.of(Precedence.FLASH, Duration.ofMinutes(1), Precedence.ROUTINE, Duration.ofDays(7)),
            Map.of(CN, Map.of(Precedence.IMMEDIATE, Duration.ofDays(7))));
    assertThat(policy.ackDeadline(CN, Precedence.FLASH)).isEqualTo(Duration.ofMinutes(1));
    assertThat(policy.ackDeadline(CN, Precedence.ROUTINE)).isEqualTo(Duration.ofDays(7));
    assertThat(policy.ackDeadline(CN, Precedence.IMMEDIATE)).isEqualTo(Duration.ofDays(7));
    assertThat(policy.ackDeadline(PartyId.of("uk"), Precedence.IMMEDIATE))
        .isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void a_deadline_just_outside_1_minute_to_7_days_is_refused_naming_the_setting() {
    for (Duration deadline :
        new Duration[] {Duration.ofMinutes(1).minusNanos(1), Duration.ofDays(7).plusNanos(1)}) {
      assertThatThrownBy(() -> DeadlinePolicy.of(Map.of(Precedence.PRIORITY, deadline), Map.of()))
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.field()).isEqualTo("deadlines.PRIORITY"))
          .hasMessage("the PRIORITY deadline must be PT1M to PT168H, got " + deadline);
      assertThatThrownBy(
              () -> DeadlinePolicy.of(Map.of(), Map.of(CN, Map.of(Precedence.FLASH, deadline))))
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.field()).isEqualTo("link_deadlines.cn.FLASH"));
    }
  }

  @Test
  void a_missing_deadline_is_refused() {
    Map<Precedence, Duration> missing = new HashMap<>();
    missing.put(Precedence.FLASH, null);
    assertThatThrownBy(() -> DeadlinePolicy.of(missing, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("got null");
  }
}
