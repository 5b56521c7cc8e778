package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hotline.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The escalation chain's limits, each tested on both sides of its edge, and its targets kept. */
class EscalationChainTest {
  static final Target DUTY = new Target.Email("duty@us.example");
  static final Target SUPERVISOR = new Target.Email("supervisor@us.example");
  static final Target HOOK =
      new Target.Webhook(URI.create("https://pager.us.example/hook"), "hook-secret-of-16");
  static final EscalationChain.Level FIRST =
      new EscalationChain.Level(Duration.ZERO, List.of(DUTY));
  static final Duration LOOP_AFTER = Duration.ofMinutes(10);

  static List<Target> team(int size) {
    List<Target> team = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      team.add(new Target.Email("officer" + i + "@us.example"));
    }
    return team;
  }

  static EscalationChain chain(int levels, int loops, Duration loopAfter) {
    return new EscalationChain(List.of(), Collections.nCopies(levels, FIRST), loops, loopAfter);
  }

  @Test
  void a_chain_has_1_to_8_levels() {
    assertThat(chain(1, 1, LOOP_AFTER).levels()).hasSize(1);
    assertThat(chain(EscalationChain.LEVELS_MAX, 1, LOOP_AFTER).levels()).hasSize(8);
    for (List<EscalationChain.Level> levels :
        List.of(List.<EscalationChain.Level>of(), Collections.nCopies(9, FIRST))) {
      assertThatThrownBy(() -> new EscalationChain(List.of(), levels, 1, LOOP_AFTER))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("1 to 8 levels");
    }
    assertThatThrownBy(() -> new EscalationChain(List.of(), null, 1, LOOP_AFTER))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void a_chain_is_climbed_1_to_10_times() {
    assertThat(chain(1, 1, LOOP_AFTER).loops()).isEqualTo(1);
    assertThat(chain(1, EscalationChain.LOOPS_MAX, LOOP_AFTER).loops()).isEqualTo(10);
    for (int loops : new int[] {0, 11}) {
      assertThatThrownBy(() -> chain(1, loops, LOOP_AFTER))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("loops must be 1 to 10, got " + loops);
    }
  }

  @Test
  void loop_after_is_1_minute_to_1_day() {
    assertThat(chain(1, 2, Duration.ofMinutes(1)).loopAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(chain(1, 2, Duration.ofDays(1)).loopAfter()).isEqualTo(Duration.ofDays(1));
    for (Duration loopAfter :
        new Duration[] {
          Duration.ofMinutes(1).minusNanos(1), Duration.ofDays(1).plusNanos(1), null
        }) {
      assertThatThrownBy(() -> chain(1, 2, loopAfter))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("loop_after must be PT1M to PT24H, got " + loopAfter);
    }
  }

  @Test
  void a_level_comes_0_to_1_day_after_the_previous_one() {
    assertThat(new EscalationChain.Level(Duration.ZERO, List.of()).after()).isZero();
    assertThat(new EscalationChain.Level(Duration.ofDays(1), List.of()).after())
        .isEqualTo(Duration.ofDays(1));
    for (Duration after :
        new Duration[] {Duration.ofNanos(-1), Duration.ofDays(1).plusNanos(1), null}) {
      assertThatThrownBy(() -> new EscalationChain.Level(after, List.of()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("a level's delay must be 0 to PT24H, got " + after);
    }
  }

  @Test
  void a_level_or_the_reminder_has_at_most_16_targets() {
    int max = EscalationChain.TARGETS_PER_LEVEL_MAX;
    assertThat(new EscalationChain.Level(Duration.ZERO, team(max)).targets()).hasSize(max);
    assertThat(new EscalationChain(team(max), List.of(FIRST), 1, LOOP_AFTER).reminder())
        .hasSize(max);
    assertThatThrownBy(() -> new EscalationChain.Level(Duration.ZERO, team(max + 1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("at most 16 targets, got 17");
    assertThatThrownBy(() -> new EscalationChain(team(max + 1), List.of(FIRST), 1, LOOP_AFTER))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("at most 16 targets, got 17");
  }

  @Test
  void no_target_is_lost_and_absent_lists_are_empty() {
    EscalationChain chain =
        new EscalationChain(
            List.of(HOOK),
            List.of(
                new EscalationChain.Level(Duration.ZERO, List.of(DUTY)),
                new EscalationChain.Level(Duration.ofMinutes(5), List.of(SUPERVISOR, HOOK)),
                new EscalationChain.Level(Duration.ofMinutes(5), null)),
            2,
            LOOP_AFTER);
    assertThat(chain.reminder()).containsExactly(HOOK);
    assertThat(chain.levels())
        .extracting(EscalationChain.Level::targets)
        .containsExactly(List.of(DUTY), List.of(SUPERVISOR, HOOK), List.of());
    for (Target target : List.of(HOOK, DUTY, SUPERVISOR)) {
      assertThat(chain.target(target.key())).contains(target);
    }
    assertThat(chain.target("email nobody@us.example")).isEmpty();
    assertThat(new EscalationChain(null, List.of(FIRST), 1, LOOP_AFTER).reminder()).isEmpty();
  }

  @Test
  void the_chain_keeps_its_own_copies_of_its_lists() {
    List<Target> reminder = new ArrayList<>(List.of(HOOK));
    List<Target> targets = new ArrayList<>(List.of(DUTY));
    List<EscalationChain.Level> levels =
        new ArrayList<>(List.of(new EscalationChain.Level(Duration.ZERO, targets)));
    EscalationChain chain = new EscalationChain(reminder, levels, 1, LOOP_AFTER);
    reminder.clear();
    targets.clear();
    levels.add(FIRST);
    assertThat(chain.reminder()).containsExactly(HOOK);
    assertThat(chain.levels()).hasSize(1);
    assertThat(chain.levels().getFirst().targets()).containsExactly(DUTY);
  }

  @Test
  void one_key_with_two_different_settings_is_refused_and_the_same_target_twice_is_not() {
    Target sameUrlOtherSecret =
        new Target.Webhook(URI.create("https://pager.us.example/hook"), "another-secret-16");
    assertThatThrownBy(
            () ->
                new EscalationChain(
                    List.of(HOOK),
                    List.of(new EscalationChain.Level(Duration.ZERO, List.of(sameUrlOtherSecret))),
                    1,
                    LOOP_AFTER))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("webhook https://pager.us.example/hook appears twice with different settings");
    EscalationChain chain =
        new EscalationChain(
            List.of(HOOK),
            List.of(new EscalationChain.Level(Duration.ZERO, List.of(HOOK, DUTY))),
            1,
            LOOP_AFTER);
    assertThat(chain.target(HOOK.key())).contains(HOOK);
  }

  @Test
  void the_chain_without_configuration_raises_one_console_alarm_at_the_deadline() {
    EscalationChain chain = EscalationChain.consoleOnly();
    assertThat(chain.reminder()).isEmpty();
    assertThat(chain.levels()).containsExactly(new EscalationChain.Level(Duration.ZERO, List.of()));
    assertThat(chain.loops()).isEqualTo(1);
  }
}
