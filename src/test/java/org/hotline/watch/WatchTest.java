package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.hotline.watch.WatchOnStore.CN;
import static org.hotline.watch.WatchOnStore.START;
import static org.hotline.watch.WatchOnStore.US;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.testing.Await;
import org.hotline.web.EventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch over unanswered messages, ticked by hand on a test clock over a real store: timers
 * started, advanced, stored across restarts and stopped by answers; notifications delivered,
 * retried within bounds, cancelled or given up, each visible in the store and on the event bus.
 */
class WatchTest {
  static final Duration FLASH = Duration.ofMinutes(10);
  static final Target REMINDER =
      new Target.Webhook(URI.create("https://pager.us.example/remind"), "reminder-secret-16");
  static final Target DUTY = new Target.Email("duty@us.example");
  static final Target SUPERVISOR = new Target.Email("supervisor@us.example");
  static final Target DIRECTOR = new Target.Command(List.of("/usr/local/bin/page-director"));

  /**
   * A reminder webhook; level 1 the duty officer at once, level 2 the supervisor and the director 5
   * minutes later; climbed twice, 15 minutes apart.
   */
  static final EscalationChain CHAIN =
      new EscalationChain(
          List.of(REMINDER),
          List.of(
              new EscalationChain.Level(Duration.ZERO, List.of(DUTY)),
              new EscalationChain.Level(Duration.ofMinutes(5), List.of(SUPERVISOR, DIRECTOR))),
          2,
          Duration.ofMinutes(15));

  /** The duty officer, once, at the deadline. */
  static final EscalationChain DUTY_ONCE =
      new EscalationChain(
          List.of(),
          List.of(new EscalationChain.Level(Duration.ZERO, List.of(DUTY))),
          1,
          Duration.ofMinutes(10));

  static final Watch.TickReport NOTHING = new Watch.TickReport(0, 0, 0, 0, 0, 0, 0);

  @TempDir Path dir;

  static Duration minutes(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  static List<Notification> about(WatchOnStore watch, MessageId message) {
    return watch.notifications().stream()
        .filter(notification -> notification.message().equals(message))
        .toList();
  }

  @Test
  void a_received_message_reminds_at_half_its_deadline_and_not_before() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      MessageId message = w.received(Precedence.FLASH, FLASH);

      assertThat(w.tickAt(minutes(5).minusMillis(1))).isEqualTo(NOTHING);
      assertThat(w.notifier.attempts()).isEmpty();
      assertThat(w.eventTypes()).isEmpty();

      assertThat(w.tickAt(minutes(5))).isEqualTo(new Watch.TickReport(1, 0, 0, 1, 0, 0, 0));
      Notification stored = w.notifications().getFirst();
      assertThat(w.notifications()).hasSize(1);
      assertThat(stored)
          .isEqualTo(
              new Notification(
                  stored.id(),
                  message,
                  Alert.Kind.REMINDER,
                  Side.RECEIVING,
                  null,
                  null,
                  REMINDER.key(),
                  START.plus(minutes(5)),
                  Notification.Status.DELIVERED,
                  1,
                  null,
                  "",
                  START.plus(minutes(5))));
      assertThat(stored.id()).isPositive();
      assertThat(w.notifier.deliveredTo(REMINDER))
          .containsExactly(
              new Alert(
                  stored.id(),
                  Alert.Kind.REMINDER,
                  Side.RECEIVING,
                  US,
                  CN,
                  message,
                  Precedence.FLASH,
                  StatusFlag.EXERCISE,
                  START,
                  START.plus(FLASH),
                  null,
                  null,
                  START.plus(minutes(5))));
      List<EventJson> events = w.events();
      assertThat(events).extracting(EventJson::type).containsExactly("deadline.reminder");
      assertThat(events.getFirst().data())
          .containsEntry("node", "us")
          .containsEntry("side", "receiving")
          .containsEntry("peer", "cn")
          .containsEntry("message", message.toString())
          .doesNotContainKey("notification");
    }
  }

  @Test
  void the_receiving_side_escalates_level_by_level_and_loop_by_loop_then_stops() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      MessageId message = w.received(Precedence.FLASH, FLASH);
      w.tickAt(minutes(5));
      w.notifier.forget();

      assertThat(w.tickAt(FLASH.minusMillis(1))).isEqualTo(NOTHING);
      assertThat(w.tickAt(FLASH)).isEqualTo(new Watch.TickReport(0, 1, 0, 1, 0, 0, 0));
      assertThat(w.tickAt(minutes(15).minusMillis(1))).isEqualTo(NOTHING);
      assertThat(w.tickAt(minutes(15))).isEqualTo(new Watch.TickReport(0, 1, 0, 2, 0, 0, 0));
      assertThat(w.tickAt(minutes(30).minusMillis(1))).isEqualTo(NOTHING);
      assertThat(w.tickAt(minutes(30))).isEqualTo(new Watch.TickReport(0, 1, 0, 1, 0, 0, 0));
      assertThat(w.tickAt(minutes(35))).isEqualTo(new Watch.TickReport(0, 1, 0, 2, 0, 0, 0));
      assertThat(w.tickAt(minutes(50))).isEqualTo(NOTHING);
      assertThat(w.tickAt(Duration.ofDays(1))).isEqualTo(NOTHING);

      assertThat(w.notifier.attempts())
          .extracting(attempt -> attempt.target(), attempt -> attempt.alert().level())
          .containsExactlyInAnyOrder(
              tuple(DUTY, 1),
              tuple(SUPERVISOR, 2),
              tuple(DIRECTOR, 2),
              tuple(DUTY, 1),
              tuple(SUPERVISOR, 2),
              tuple(DIRECTOR, 2));
      assertThat(about(w, message))
          .extracting(
              Notification::kind, Notification::level, Notification::loop, Notification::target)
          .containsExactlyInAnyOrder(
              tuple(Alert.Kind.REMINDER, null, null, REMINDER.key()),
              tuple(Alert.Kind.ESCALATION, 1, 1, DUTY.key()),
              tuple(Alert.Kind.ESCALATION, 2, 1, SUPERVISOR.key()),
              tuple(Alert.Kind.ESCALATION, 2, 1, DIRECTOR.key()),
              tuple(Alert.Kind.ESCALATION, 1, 2, DUTY.key()),
              tuple(Alert.Kind.ESCALATION, 2, 2, SUPERVISOR.key()),
              tuple(Alert.Kind.ESCALATION, 2, 2, DIRECTOR.key()));
      Alert lastToDirector = w.notifier.deliveredTo(DIRECTOR).getLast();
      assertThat(lastToDirector.loop()).isEqualTo(2);
      assertThat(lastToDirector.deadline()).isEqualTo(START.plus(FLASH));
      assertThat(lastToDirector.raisedAt()).isEqualTo(START.plus(minutes(35)));
      List<EventJson> events = w.events();
      assertThat(events)
          .extracting(EventJson::type)
          .containsExactly(
              "deadline.reminder",
              "deadline.escalation",
              "deadline.escalation",
              "deadline.escalation",
              "deadline.escalation");
      assertThat(events.getLast().data()).containsEntry("level", 2).containsEntry("loop", 2);
    }
  }

  @Test
  void the_sending_side_is_not_reminded_and_at_the_deadline_puts_the_miss_on_the_record() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      MessageId message = w.sent(Precedence.FLASH, FLASH);

      assertThat(w.tickAt(minutes(5))).isEqualTo(NOTHING);
      assertThat(w.message(message).deadlineMissedAt()).isNull();

      assertThat(w.tickAt(FLASH)).isEqualTo(new Watch.TickReport(0, 1, 1, 1, 0, 0, 0));
      assertThat(w.message(message).deadlineMissedAt()).isEqualTo(START.plus(FLASH));
      assertThat(w.notifications())
          .singleElement()
          .satisfies(
              notification -> {
                assertThat(notification.kind()).isEqualTo(Alert.Kind.ESCALATION);
                assertThat(notification.side()).isEqualTo(Side.SENDING);
                assertThat(notification.target()).isEqualTo(DUTY.key());
              });
      assertThat(w.notifier.deliveredTo(DUTY))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.side()).isEqualTo(Side.SENDING);
                assertThat(alert.peer()).isEqualTo(CN);
                assertThat(alert.level()).isEqualTo(1);
                assertThat(alert.loop()).isEqualTo(1);
              });
      List<EventJson> events = w.events();
      assertThat(events)
          .extracting(EventJson::type)
          .containsExactly("deadline.missed", "deadline.escalation");
      assertThat(events.getFirst().data())
          .containsEntry("side", "sending")
          .doesNotContainKey("level");
    }
  }

  @Test
  void a_miss_that_cannot_be_put_on_the_record_holds_the_escalation_until_it_can() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      MessageId message = w.sent(Precedence.FLASH, FLASH);
      w.recordFails(true);

      assertThat(w.tickAt(FLASH)).isEqualTo(NOTHING);
      assertThat(w.notifications()).isEmpty();
      assertThat(w.eventTypes()).isEmpty();

      w.recordFails(false);
      assertThat(w.tickAt(FLASH.plusSeconds(1)))
          .isEqualTo(new Watch.TickReport(0, 1, 1, 1, 0, 0, 0));
      assertThat(w.message(message).deadlineMissedAt()).isEqualTo(START.plus(FLASH).plusSeconds(1));
      assertThat(w.notifier.deliveredTo(DUTY)).hasSize(1);
    }
  }

  @Test
  void a_received_message_is_never_put_on_the_record_as_missed() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      MessageId message = w.received(Precedence.FLASH, FLASH);
      w.recordFails(true);

      assertThat(w.tickAt(FLASH)).isEqualTo(new Watch.TickReport(0, 1, 0, 1, 0, 0, 0));
      assertThat(w.message(message).deadlineMissedAt()).isNull();
    }
  }

  @Test
  void an_acknowledgement_stops_every_pending_reminder_and_escalation_at_once() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      MessageId answered = w.received(Precedence.FLASH, FLASH);
      MessageId other = w.received(Precedence.FLASH, FLASH);
      w.notifier.refuse(REMINDER);
      w.notifier.refuse(DUTY);
      w.tickAt(minutes(5));
      w.tickAt(FLASH);
      assertThat(about(w, answered))
          .extracting(Notification::status)
          .containsOnly(Notification.Status.PENDING)
          .hasSize(2);

      assertThat(w.timers()).isEqualTo(2);

      w.acknowledge(answered);

      assertThat(w.timers()).isEqualTo(1);

      assertThat(about(w, answered))
          .extracting(Notification::status)
          .containsOnly(Notification.Status.CANCELLED)
          .hasSize(2);
      assertThat(about(w, answered)).extracting(Notification::nextAttemptAt).containsOnlyNulls();
      w.notifier.heal(REMINDER);
      w.notifier.heal(DUTY);
      w.notifier.forget();
      for (long minute = 11; minute <= 120; minute++) {
        w.tickAt(minutes(minute));
      }
      assertThat(w.notifier.attempts())
          .extracting(attempt -> attempt.alert().message())
          .containsOnly(other)
          .hasSize(2 + 2 + 1 + 2);
      assertThat(about(w, answered)).hasSize(2);
    }
  }

  @Test
  void an_answer_stored_before_the_watch_hears_of_it_stops_the_timer_and_cancels_delivery() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      MessageId message = w.sent(Precedence.FLASH, FLASH);
      w.notifier.refuse(DUTY);
      assertThat(w.tickAt(FLASH)).isEqualTo(new Watch.TickReport(0, 1, 1, 0, 1, 0, 0));

      w.peerAcknowledges(message, false);
      w.notifier.heal(DUTY);

      assertThat(w.tickAt(FLASH.plusSeconds(15)))
          .isEqualTo(new Watch.TickReport(0, 0, 0, 0, 0, 0, 1));
      assertThat(w.notifications())
          .singleElement()
          .satisfies(
              notification -> {
                assertThat(notification.status()).isEqualTo(Notification.Status.CANCELLED);
                assertThat(notification.attempts()).isEqualTo(1);
              });
      assertThat(w.timers()).isEqualTo(1);
      assertThat(w.tickAt(minutes(15))).isEqualTo(NOTHING);
      assertThat(w.timers()).isZero();
      assertThat(w.tickAt(Duration.ofHours(2))).isEqualTo(NOTHING);
      assertThat(w.notifier.delivered()).isEmpty();
    }
  }

  @Test
  void an_answer_that_arrives_while_the_miss_is_recorded_stops_the_escalation() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      MessageId message = w.sent(Precedence.FLASH, FLASH);
      w.whileRecordingMiss(() -> w.peerAcknowledges(message, false));

      assertThat(w.tickAt(FLASH)).isEqualTo(NOTHING);
      assertThat(w.message(message).deadlineMissedAt()).isNull();
      assertThat(w.timers()).isZero();
      w.whileRecordingMiss(() -> {});
      assertThat(w.tickAt(Duration.ofHours(2))).isEqualTo(NOTHING);
      assertThat(w.notifications()).isEmpty();
    }
  }

  @Test
  void a_message_answered_before_the_watch_saw_it_or_without_a_deadline_gets_no_timer() {
    try (WatchOnStore w = WatchOnStore.open(dir, CHAIN)) {
      MessageId answered = w.received(Precedence.FLASH, FLASH);
      w.acknowledge(answered);
      w.received(Precedence.ROUTINE, null);

      for (Duration at : List.of(minutes(5), FLASH, Duration.ofDays(2))) {
        assertThat(w.tickAt(at)).isEqualTo(NOTHING);
      }
      assertThat(w.notifications()).isEmpty();
      assertThat(w.eventTypes()).isEmpty();
    }
  }

  @Test
  void a_chain_that_has_run_its_course_is_not_started_again() {
    try (WatchOnStore w = WatchOnStore.open(dir, DUTY_ONCE)) {
      w.sent(Precedence.FLASH, FLASH);
      assertThat(w.tickAt(FLASH)).isEqualTo(new Watch.TickReport(0, 1, 1, 1, 0, 0, 0));

      assertThat(w.tickAt(minutes(20))).isEqualTo(NOTHING);
      assertThat(w.tickAt(Duration.ofDays(1))).isEqualTo(NOTHING);
      assertThat(w.notifications()).hasSize(1);
    }
  }

  @Test
  void timers_survive_a_restart() {
    WatchOnStore before = WatchOnStore.open(dir, CHAIN);
    MessageId message = before.received(Precedence.FLASH, FLASH);
    assertThat(before.tickAt(minutes(1))).isEqualTo(NOTHING);

    try (WatchOnStore after = before.restart(CHAIN)) {
      assertThat(after.tickAt(minutes(5))).isEqualTo(new Watch.TickReport(1, 0, 0, 1, 0, 0, 0));
      assertThat(after.tickAt(FLASH)).isEqualTo(new Watch.TickReport(0, 1, 0, 1, 0, 0, 0));
      assertThat(after.notifier.delivered())
          .extracting(Alert::kind, Alert::message)
          .containsExactly(
              tuple(Alert.Kind.REMINDER, message), tuple(Alert.Kind.ESCALATION, message));
    }
  }

  @Test
  void a_node_down_across_a_deadline_escalates_as_soon_as_it_ticks_again() {
    WatchOnStore before = WatchOnStore.open(dir, CHAIN);
    MessageId message = before.received(Precedence.FLASH, FLASH);
    before.tickAt(minutes(1));

    try (WatchOnStore after = before.restart(CHAIN)) {
      Duration back = Duration.ofHours(3);
      assertThat(after.tickAt(back)).isEqualTo(new Watch.TickReport(0, 1, 0, 1, 0, 0, 0));
      assertThat(after.notifier.delivered())
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.kind()).isEqualTo(Alert.Kind.ESCALATION);
                assertThat(alert.message()).isEqualTo(message);
                assertThat(alert.level()).isEqualTo(1);
                assertThat(alert.raisedAt()).isEqualTo(START.plus(back));
              });
      assertThat(after.tickAt(back.plus(minutes(5)).minusMillis(1))).isEqualTo(NOTHING);
      assertThat(after.tickAt(back.plus(minutes(5))))
          .isEqualTo(new Watch.TickReport(0, 1, 0, 2, 0, 0, 0));
    }
  }

  @Test
  void a_failing_target_is_retried_within_the_bounds_and_its_failure_is_visible() {
    try (WatchOnStore w = WatchOnStore.open(dir, DUTY_ONCE)) {
      MessageId message = w.received(Precedence.FLASH, FLASH);
      w.notifier.refuse(DUTY);
      String error = "connection refused by " + DUTY.key();

      assertThat(w.tickAt(FLASH)).isEqualTo(new Watch.TickReport(0, 1, 0, 0, 1, 0, 0));
      Duration[] attemptsAt = {
        FLASH.plusSeconds(15), FLASH.plusSeconds(45), FLASH.plusSeconds(105), FLASH.plusSeconds(225)
      };
      for (int failures = 1; failures < Retry.ATTEMPTS_MAX; failures++) {
        Notification pending = w.notifications().getFirst();
        assertThat(pending.status()).isEqualTo(Notification.Status.PENDING);
        assertThat(pending.attempts()).isEqualTo(failures);
        assertThat(pending.lastError()).isEqualTo(error);
        assertThat(pending.nextAttemptAt()).isEqualTo(START.plus(attemptsAt[failures - 1]));
        assertThat(w.tickAt(attemptsAt[failures - 1].minusMillis(1))).isEqualTo(NOTHING);
        Watch.TickReport report = w.tickAt(attemptsAt[failures - 1]);
        if (failures < Retry.ATTEMPTS_MAX - 1) {
          assertThat(report).isEqualTo(new Watch.TickReport(0, 0, 0, 0, 1, 0, 0));
        } else {
          assertThat(report).isEqualTo(new Watch.TickReport(0, 0, 0, 0, 0, 1, 0));
        }
      }

      Notification failed = w.notifications().getFirst();
      assertThat(failed.status()).isEqualTo(Notification.Status.FAILED);
      assertThat(failed.attempts()).isEqualTo(Retry.ATTEMPTS_MAX);
      assertThat(failed.nextAttemptAt()).isNull();
      assertThat(failed.lastError()).isEqualTo(error);
      assertThat(failed.updatedAt()).isEqualTo(START.plus(attemptsAt[3]));
      assertThat(w.tickAt(Duration.ofDays(1))).isEqualTo(NOTHING);
      assertThat(w.notifier.attempts()).hasSize(Retry.ATTEMPTS_MAX);
      assertThat(w.notifier.attempts())
          .extracting(attempt -> attempt.alert().notification())
          .containsOnly(failed.id());
      EventJson event = w.events().getLast();
      assertThat(event.type()).isEqualTo("notify.failed");
      assertThat(event.data())
          .containsEntry("notification", failed.id())
          .containsEntry("message", message.toString())
          .containsEntry("kind", "deadline.escalation")
          .containsEntry("target", DUTY.key())
          .containsEntry("attempts", Retry.ATTEMPTS_MAX)
          .containsEntry("error", error);
    }
  }

  @Test
  void a_notifier_that_breaks_unexpectedly_is_retried_like_one_that_refuses() {
    try (WatchOnStore w = WatchOnStore.open(dir, DUTY_ONCE)) {
      w.received(Precedence.FLASH, FLASH);
      w.notifier.crash(DUTY);

      assertThat(w.tickAt(FLASH)).isEqualTo(new Watch.TickReport(0, 1, 0, 0, 1, 0, 0));
      Notification pending = w.notifications().getFirst();
      assertThat(pending.status()).isEqualTo(Notification.Status.PENDING);
      assertThat(pending.lastError())
          .isEqualTo("unexpected: java.lang.IllegalStateException: receiver crashed");

      w.notifier.heal(DUTY);
      assertThat(w.tickAt(FLASH.plusSeconds(15)))
          .isEqualTo(new Watch.TickReport(0, 0, 0, 1, 0, 0, 0));
      assertThat(w.notifications().getFirst().status()).isEqualTo(Notification.Status.DELIVERED);
      assertThat(w.notifications().getFirst().attempts()).isEqualTo(2);
    }
  }

  @Test
  void a_notification_whose_target_left_the_configuration_fails_at_once() {
    WatchOnStore before = WatchOnStore.open(dir, DUTY_ONCE);
    before.received(Precedence.FLASH, FLASH);
    before.notifier.refuse(DUTY);
    before.tickAt(FLASH);
    EscalationChain edited =
        new EscalationChain(
            List.of(),
            List.of(new EscalationChain.Level(Duration.ZERO, List.of(SUPERVISOR))),
            1,
            Duration.ofMinutes(10));

    try (WatchOnStore after = before.restart(edited)) {
      after.notifier.forget();
      assertThat(after.tickAt(FLASH.plusSeconds(15)))
          .isEqualTo(new Watch.TickReport(0, 0, 0, 0, 0, 1, 0));
      Notification failed = after.notifications().getFirst();
      assertThat(failed.status()).isEqualTo(Notification.Status.FAILED);
      assertThat(failed.attempts()).isEqualTo(2);
      assertThat(failed.lastError()).isEqualTo("target is no longer in the configuration");
      assertThat(after.notifier.attempts()).isEmpty();
      assertThat(after.eventTypes()).containsExactly("notify.failed");
    }
  }

  @Test
  void a_tick_attempts_at_most_64_notifications_and_leaves_the_rest_for_the_next() {
    List<Target> team = new ArrayList<>();
    for (int i = 0; i < EscalationChain.TARGETS_PER_LEVEL_MAX; i++) {
      team.add(new Target.Email("officer" + i + "@us.example"));
    }
    EscalationChain chain =
        new EscalationChain(
            List.of(), List.of(new EscalationChain.Level(Duration.ZERO, team)), 1, minutes(10));
    try (WatchOnStore w = WatchOnStore.open(dir, chain)) {
      for (int i = 0; i < 5; i++) {
        w.received(Precedence.FLASH, FLASH);
      }

      assertThat(w.tickAt(FLASH)).isEqualTo(new Watch.TickReport(0, 5, 0, 64, 0, 0, 0));
      assertThat(w.tick()).isEqualTo(new Watch.TickReport(0, 0, 0, 16, 0, 0, 0));
      assertThat(w.notifier.delivered()).hasSize(80);
    }
  }

  @Test
  void without_targets_every_step_still_raises_the_console_alarm() {
    try (WatchOnStore w = WatchOnStore.open(dir, EscalationChain.consoleOnly())) {
      w.received(Precedence.FLASH, FLASH);
      w.sent(Precedence.FLASH, FLASH);

      assertThat(w.tickAt(minutes(5))).isEqualTo(new Watch.TickReport(1, 0, 0, 0, 0, 0, 0));
      assertThat(w.tickAt(FLASH)).isEqualTo(new Watch.TickReport(0, 2, 1, 0, 0, 0, 0));
      assertThat(w.notifications()).isEmpty();
      assertThat(w.eventTypes())
          .containsExactlyInAnyOrder(
              "deadline.reminder", "deadline.escalation", "deadline.missed", "deadline.escalation");
      assertThat(w.watch.chain()).isEqualTo(EscalationChain.consoleOnly());
    }
  }

  @Test
  void a_started_watch_ticks_at_once_on_its_own_thread() {
    try (WatchOnStore w = WatchOnStore.open(dir, DUTY_ONCE)) {
      w.received(Precedence.FLASH, FLASH);
      w.clock.set(START.plus(FLASH));

      w.watch.start();

      Await.until(
          "the duty officer notified",
          Duration.ofSeconds(10),
          () -> w.notifier.deliveredTo(DUTY),
          alerts -> alerts.size() == 1);
    }
  }
}
