package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hotline.InvalidInputException;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision logic of the watch, as a table of cases: timer and time in, steps and next timer
 * out.
 */
class EscalationTest {
  static final Instant CREATED = Instant.parse("2026-11-28T09:00:00Z");
  static final Instant DEADLINE = CREATED.plus(Duration.ofMinutes(10));
  static final MessageId MESSAGE = MessageId.parse("01930000-0000-7000-8000-000000000001");
  static final Target DUTY = new Target.Email("duty@us.example");
  static final Target SUPERVISOR = new Target.Email("supervisor@us.example");
  static final Target DIRECTOR = new Target.Command(List.of("/usr/local/bin/page-director"));

  /** Three levels (at once, 5 min later, 10 min later), climbed twice, 15 min between climbs. */
  static final EscalationChain CHAIN =
      new EscalationChain(
          List.of(),
          List.of(
              new EscalationChain.Level(Duration.ZERO, List.of(DUTY)),
              new EscalationChain.Level(Duration.ofMinutes(5), List.of(SUPERVISOR)),
              new EscalationChain.Level(Duration.ofMinutes(10), List.of(DIRECTOR))),
          2,
          Duration.ofMinutes(15));

  static Timer timer(Side side, Timer.Stage stage, int level, int loop, Instant nextAt) {
    return new Timer(MESSAGE, side, DEADLINE, stage, level, loop, nextAt);
  }

  static Escalation.Fired level(int level, int loop) {
    return new Escalation.Fired(Alert.Kind.ESCALATION, level, loop);
  }

  static Instant at(String minutesAfterCreation) {
    return CREATED.plus(Duration.parse("PT" + minutesAfterCreation));
  }

  static Stream<Arguments> cases() {
    Timer reminderDue = Timer.start(MESSAGE, Side.RECEIVING, CREATED, DEADLINE);
    return Stream.of(
        Arguments.of(
            "before half the deadline nothing fires",
            reminderDue,
            at("4M59S"),
            List.of(),
            reminderDue),
        Arguments.of(
            "the receiving side is reminded at half the deadline",
            reminderDue,
            at("5M"),
            List.of(Escalation.Fired.reminder()),
            timer(Side.RECEIVING, Timer.Stage.DEADLINE, 0, 1, DEADLINE)),
        Arguments.of(
            "the receiving side escalates to the first level at the deadline",
            timer(Side.RECEIVING, Timer.Stage.DEADLINE, 0, 1, DEADLINE),
            DEADLINE,
            List.of(level(0, 1)),
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 1, 1, at("15M"))),
        Arguments.of(
            "the sending side records the miss and notifies its first level at the deadline",
            Timer.start(MESSAGE, Side.SENDING, CREATED, DEADLINE),
            DEADLINE,
            List.of(Escalation.Fired.missed(), level(0, 1)),
            timer(Side.SENDING, Timer.Stage.ESCALATION, 1, 1, at("15M"))),
        Arguments.of(
            "the sending side is never reminded",
            Timer.start(MESSAGE, Side.SENDING, CREATED, DEADLINE),
            at("5M"),
            List.of(),
            Timer.start(MESSAGE, Side.SENDING, CREATED, DEADLINE)),
        Arguments.of(
            "a reminder that comes due after the deadline is skipped for the escalation",
            reminderDue,
            at("12M"),
            List.of(level(0, 1)),
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 1, 1, at("17M"))),
        Arguments.of(
            "the second level comes its own delay after the first",
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 1, 1, at("15M")),
            at("15M"),
            List.of(level(1, 1)),
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 2, 1, at("25M"))),
        Arguments.of(
            "after the last level the chain starts again loop_after later",
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 2, 1, at("25M")),
            at("25M"),
            List.of(level(2, 1)),
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 0, 2, at("40M"))),
        Arguments.of(
            "after the last level of the last loop the timer ends",
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 2, 2, at("1H")),
            at("1H"),
            List.of(level(2, 2)),
            null),
        Arguments.of(
            "a node back after an outage notifies the due level and counts the next delay from now",
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 1, 1, at("15M")),
            at("3H"),
            List.of(level(1, 1)),
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 2, 1, at("3H10M"))),
        Arguments.of(
            "a reminder that comes due exactly at the deadline is skipped for the escalation",
            timer(Side.RECEIVING, Timer.Stage.REMINDER, 0, 1, DEADLINE),
            DEADLINE,
            List.of(level(0, 1)),
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 1, 1, at("15M"))),
        Arguments.of(
            "the first level of the last loop still fires",
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 0, 2, at("40M")),
            at("40M"),
            List.of(level(0, 2)),
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 1, 2, at("45M"))),
        Arguments.of(
            "a loop beyond a chain climbed fewer times since fires nothing",
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 0, 3, at("40M")),
            at("40M"),
            List.of(),
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 1, 3, at("45M"))),
        Arguments.of(
            "the level just past a chain shortened while the node was down fires nothing",
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 3, 1, at("20M")),
            at("20M"),
            List.of(),
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 0, 2, at("35M"))),
        Arguments.of(
            "a level beyond a chain shortened while the node was down fires nothing and moves on",
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 5, 1, at("20M")),
            at("20M"),
            List.of(),
            timer(Side.RECEIVING, Timer.Stage.ESCALATION, 0, 2, at("35M"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void advances_as_the_rules_say(
      String rule, Timer timer, Instant now, List<Escalation.Fired> fired, Timer next) {
    Escalation.Advance advance = Escalation.advance(timer, now, CHAIN);
    assertThat(advance.fired()).as(rule).isEqualTo(fired);
    assertThat(advance.next()).as(rule).isEqualTo(next);
  }

  static Stream<Arguments> firstTimers() {
    Instant odd = CREATED.plus(Duration.ofMinutes(10)).plusMillis(1);
    return Stream.of(
        Arguments.of(
            "the receiving side waits for the reminder at half the deadline",
            Side.RECEIVING,
            odd,
            new Timer(
                MESSAGE,
                Side.RECEIVING,
                odd,
                Timer.Stage.REMINDER,
                0,
                1,
                CREATED.plus(Duration.ofMinutes(5)).plusNanos(500_000))),
        Arguments.of(
            "the sending side waits for the deadline",
            Side.SENDING,
            DEADLINE,
            new Timer(MESSAGE, Side.SENDING, DEADLINE, Timer.Stage.DEADLINE, 0, 1, DEADLINE)),
        Arguments.of(
            "a deadline at the creation time leaves no time for a reminder",
            Side.RECEIVING,
            CREATED,
            new Timer(MESSAGE, Side.RECEIVING, CREATED, Timer.Stage.DEADLINE, 0, 1, CREATED)),
        Arguments.of(
            "a deadline before the creation time leaves no time for a reminder",
            Side.RECEIVING,
            CREATED.minusSeconds(1),
            new Timer(
                MESSAGE,
                Side.RECEIVING,
                CREATED.minusSeconds(1),
                Timer.Stage.DEADLINE,
                0,
                1,
                CREATED.minusSeconds(1))),
        Arguments.of(
            "a deadline a nanosecond after creation still gets its reminder",
            Side.RECEIVING,
            CREATED.plusNanos(1),
            new Timer(
                MESSAGE,
                Side.RECEIVING,
                CREATED.plusNanos(1),
                Timer.Stage.REMINDER,
                0,
                1,
                CREATED)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("firstTimers")
  void the_first_timer_of_a_message_is_as_the_rules_say(
      String rule, Side side, Instant deadline, Timer first) {
    assertThat(Timer.start(MESSAGE, side, CREATED, deadline)).as(rule).isEqualTo(first);
  }

  @Test
  void levels_without_delay_fire_together() {
    EscalationChain together =
        new EscalationChain(
            List.of(),
            List.of(
                new EscalationChain.Level(Duration.ZERO, List.of(DUTY)),
                new EscalationChain.Level(Duration.ZERO, List.of(SUPERVISOR))),
            1,
            Duration.ofMinutes(10));
    Escalation.Advance advance =
        Escalation.advance(
            timer(Side.RECEIVING, Timer.Stage.DEADLINE, 0, 1, DEADLINE), DEADLINE, together);
    assertThat(advance.fired()).containsExactly(level(0, 1), level(1, 1));
    assertThat(advance.next()).isNull();
  }

  @Test
  void a_whole_chain_climbed_step_by_step_notifies_each_level_of_each_loop_once() {
    Timer timer = timer(Side.RECEIVING, Timer.Stage.DEADLINE, 0, 1, DEADLINE);
    List<Escalation.Fired> all = new java.util.ArrayList<>();
    for (int step = 0; step < 100 && timer != null; step++) {
      Escalation.Advance advance = Escalation.advance(timer, timer.nextAt(), CHAIN);
      all.addAll(advance.fired());
      timer = advance.next();
    }
    assertThat(timer).isNull();
    assertThat(all)
        .containsExactly(
            level(0, 1), level(1, 1), level(2, 1), level(0, 2), level(1, 2), level(2, 2));
  }

  @Test
  void default_deadlines_are_those_of_the_brief_and_can_be_replaced_per_link() {
    PartyId cn = PartyId.of("cn");
    PartyId uk = PartyId.of("uk");
    DeadlinePolicy policy =
        DeadlinePolicy.of(
            Map.of(Precedence.ROUTINE, Duration.ofHours(8)),
            Map.of(cn, Map.of(Precedence.FLASH, Duration.ofMinutes(5))));
    assertThat(DeadlinePolicy.defaults().ackDeadline(uk, Precedence.FLASH))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(DeadlinePolicy.defaults().ackDeadline(uk, Precedence.IMMEDIATE))
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(DeadlinePolicy.defaults().ackDeadline(uk, Precedence.PRIORITY))
        .isEqualTo(Duration.ofHours(3));
    assertThat(DeadlinePolicy.defaults().ackDeadline(uk, Precedence.ROUTINE))
        .isEqualTo(Duration.ofHours(6));
    assertThat(policy.ackDeadline(uk, Precedence.ROUTINE)).isEqualTo(Duration.ofHours(8));
    assertThat(policy.ackDeadline(cn, Precedence.FLASH)).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.ackDeadline(cn, Precedence.ROUTINE)).isEqualTo(Duration.ofHours(8));
    assertThat(policy.ackDeadline(uk, Precedence.FLASH)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void settings_outside_their_bounds_are_refused_by_name() {
    assertThatThrownBy(
            () -> DeadlinePolicy.of(Map.of(Precedence.FLASH, Duration.ofSeconds(10)), Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("FLASH deadline");
    assertThatThrownBy(
            () ->
                new EscalationChain(
                    List.of(),
                    CHAIN.levels(),
                    EscalationChain.LOOPS_MAX + 1,
                    Duration.ofMinutes(10)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("loops must be 1 to " + EscalationChain.LOOPS_MAX);
    assertThatThrownBy(() -> new EscalationChain(List.of(), List.of(), 1, Duration.ofMinutes(10)))
        .hasMessageContaining("1 to 8 levels");
    assertThatThrownBy(
            () -> new Target.Webhook(java.net.URI.create("https://pager.example/hook"), "short"))
        .hasMessageContaining("secret");
    assertThatThrownBy(() -> new Target.Command(List.of("page-duty")))
        .hasMessageContaining("absolute path");
  }

  @Test
  void retries_back_off_from_15_seconds_to_a_cap_of_2_minutes() {
    assertThat(Stream.of(1, 2, 3, 4, 5, 9).map(Retry::delay))
        .containsExactly(
            Duration.ofSeconds(15),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(2),
            Duration.ofMinutes(2));
  }
}
