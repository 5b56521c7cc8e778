package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.junit.jupiter.api.Test;

/** What an alert says, field by field and in one line, for each step of the watch. */
class AlertTest {
  static final Instant CREATED = Instant.parse("2026-11-28T09:00:00Z");
  static final Instant DEADLINE = Instant.parse("2026-11-28T09:10:00Z");
  static final MessageId MESSAGE = MessageId.parse("01930000-0000-7000-8000-000000000001");

  static Alert alert(long notification, Alert.Kind kind, Side side, Integer level, Integer loop) {
    return new Alert(
        notification,
        kind,
        side,
        PartyId.of("us"),
        PartyId.of("cn"),
        MESSAGE,
        Precedence.FLASH,
        StatusFlag.EXERCISE,
        CREATED,
        DEADLINE,
        level,
        loop,
        Instant.parse("2026-11-28T09:15:00.123456Z"));
  }

  @Test
  void an_escalation_has_every_field_in_a_fixed_order() {
    assertThat(alert(42, Alert.Kind.ESCALATION, Side.RECEIVING, 2, 3).fields())
        .containsExactly(
            entry("type", "deadline.escalation"),
            entry("notification", 42L),
            entry("node", "us"),
            entry("side", "receiving"),
            entry("peer", "cn"),
            entry("message", MESSAGE.toString()),
            entry("precedence", "FLASH"),
            entry("status", "EXERCISE"),
            entry("created", "2026-11-28T09:00:00Z"),
            entry("deadline", "2026-11-28T09:10:00Z"),
            entry("level", 2),
            entry("loop", 3),
            entry("raised_at", "2026-11-28T09:15:00.123Z"));
  }

  @Test
  void a_console_reminder_has_neither_notification_id_nor_level() {
    assertThat(alert(0, Alert.Kind.REMINDER, Side.RECEIVING, null, null).fields())
        .containsOnlyKeys(
            "type",
            "node",
            "side",
            "peer",
            "message",
            "precedence",
            "status",
            "created",
            "deadline",
            "raised_at")
        .containsEntry("type", "deadline.reminder");
    assertThat(alert(1, Alert.Kind.MISSED, Side.SENDING, null, null).fields())
        .containsEntry("type", "deadline.missed")
        .containsEntry("notification", 1L)
        .containsEntry("side", "sending")
        .doesNotContainKeys("level", "loop");
  }

  @Test
  void the_headline_says_which_step_which_way_and_whether_it_is_a_drill() {
    assertThat(alert(0, Alert.Kind.REMINDER, Side.RECEIVING, null, null).headline())
        .isEqualTo(
            "[Hotline EXERCISE] FLASH message from cn unanswered — reminder: half the"
                + " acknowledgement time has passed");
    assertThat(alert(0, Alert.Kind.ESCALATION, Side.RECEIVING, 2, 1).headline())
        .isEqualTo(
            "[Hotline EXERCISE] FLASH message from cn unanswered — ACK OVERDUE, escalation level 2");
    assertThat(alert(0, Alert.Kind.ESCALATION, Side.SENDING, 1, 2).headline())
        .isEqualTo(
            "[Hotline EXERCISE] FLASH message to cn unanswered — ACK OVERDUE, escalation level 1"
                + " (repeat 2)");
    assertThat(alert(0, Alert.Kind.MISSED, Side.SENDING, null, null).headline())
        .isEqualTo(
            "[Hotline EXERCISE] FLASH message to cn unanswered — ACK OVERDUE: deadline missed,"
                + " recorded");
  }

  @Test
  void each_step_is_named_as_its_console_event() {
    assertThat(Alert.Kind.REMINDER.event()).isEqualTo("deadline.reminder");
    assertThat(Alert.Kind.ESCALATION.event()).isEqualTo("deadline.escalation");
    assertThat(Alert.Kind.MISSED.event()).isEqualTo("deadline.missed");
  }
}
