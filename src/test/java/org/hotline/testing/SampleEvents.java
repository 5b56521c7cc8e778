package org.hotline.testing;

import java.net.URI;
import java.time.Instant;
import java.util.OptionalLong;
import org.hotline.console.PendingRelease;
import org.hotline.console.PersonalAlert;
import org.hotline.event.Event;
import org.hotline.identity.PartyId;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.StatusFlag;
import org.hotline.link.health.LinkBlocks;
import org.hotline.link.health.LinkHealth;
import org.hotline.watch.Alert;
import org.hotline.watch.CommitmentAlert;
import org.hotline.watch.LinkAlert;
import org.hotline.watch.Notification;
import org.hotline.watch.Side;
import org.hotline.watch.Target;

/** One event of each kind, with fixed values, for tables of what each event becomes. */
public final class SampleEvents {
  public static final Instant AT = Instant.parse("2026-11-29T00:27:43.744Z");
  public static final PartyId US = PartyId.of("us");
  public static final PartyId CN = PartyId.of("cn");
  public static final MessageId MESSAGE = MessageId.parse("01a224b3-525b-73f8-b703-cd1ab8d08c9a");

  public static final Event.MessageReceived MESSAGE_RECEIVED =
      new Event.MessageReceived(MESSAGE, CN, Precedence.IMMEDIATE, StatusFlag.ACTUAL, "Request");
  public static final Event.MessageAnswered MESSAGE_ANSWERED =
      new Event.MessageAnswered(MESSAGE, ResponseEntry.Kind.ACK, "duty officer", CN);
  public static final Event.LinkTestReceived LINK_TEST = new Event.LinkTestReceived(CN, 4, 17);
  public static final Event.CrisisChanged CRISIS_CHANGED =
      new Event.CrisisChanged(
          CN, java.util.List.of("incident/01a224b3-525b-73f8-b703-cd1ab8d08c9a"), true);
  public static final Event.DeadlineMissRecorded DEADLINE_MISS_RECORDED =
      new Event.DeadlineMissRecorded(US, CN, MESSAGE, AT, AT.plusSeconds(1));
  public static final Event.LinkReceipt LINK_RECEIPT = new Event.LinkReceipt(CN, 3);
  public static final Event.SecurityAlarmRaised SECURITY_ALARM =
      new Event.SecurityAlarmRaised(
          new SecurityEvent(
              AT,
              "cn",
              SecurityEvent.Kind.ROOT_MISMATCH,
              "entries do not give the signed root",
              "evidence"));
  public static final Event.LinkStateChanged LINK_DOWN =
      new Event.LinkStateChanged(
          CN, LinkHealth.State.DOWN, LinkHealth.State.UP, OptionalLong.empty());
  public static final Event.LinkStateChanged LINK_UP =
      new Event.LinkStateChanged(
          CN, LinkHealth.State.UP, LinkHealth.State.DOWN, OptionalLong.of(12));
  public static final LinkBlocks.Block BLOCK =
      new LinkBlocks.Block(
          LinkBlocks.Direction.OUTGOING, "bad-signature", "cn refused: bad signature", AT);
  public static final Event.LinkBlocked LINK_BLOCKED = new Event.LinkBlocked(CN, BLOCK);
  public static final Event.LinkUnblocked LINK_UNBLOCKED = new Event.LinkUnblocked(CN, BLOCK);
  public static final Alert ESCALATION =
      new Alert(
          9,
          Alert.Kind.ESCALATION,
          Side.RECEIVING,
          US,
          CN,
          MESSAGE,
          Precedence.FLASH,
          StatusFlag.ACTUAL,
          AT,
          AT.plusSeconds(60),
          2,
          1,
          AT.plusSeconds(61));
  public static final Event.DeadlineAlarm DEADLINE_ALARM = new Event.DeadlineAlarm(ESCALATION);
  public static final LinkAlert LINK_ALERT =
      new LinkAlert(US, CN, "OUTGOING", "bad-signature", "cn refused: bad signature", AT, 1, 1, AT);
  public static final Event.LinkEscalated LINK_ESCALATED = new Event.LinkEscalated(LINK_ALERT);
  public static final CommitmentAlert COMMITMENT_ALERT =
      new CommitmentAlert(US, CN, MESSAGE, CN, US, AT, 2, 1, AT.plusSeconds(600));
  public static final Event.CommitmentOverdue COMMITMENT_OVERDUE =
      new Event.CommitmentOverdue(COMMITMENT_ALERT);
  public static final Event.CommitmentNotificationFailed COMMITMENT_NOTIFICATION_FAILED =
      new Event.CommitmentNotificationFailed(
          COMMITMENT_ALERT, new Target.User("alice"), 5, "no console user alice");
  public static final Event.NotificationFailed NOTIFICATION_FAILED =
      new Event.NotificationFailed(
          new Notification(
              9,
              MESSAGE,
              Alert.Kind.ESCALATION,
              Side.RECEIVING,
              2,
              1,
              new Target.Webhook(
                      URI.create("https://hooks.example/hotline"), "a-secret-of-sixteen+")
                  .key(),
              AT,
              Notification.Status.FAILED,
              5,
              null,
              "https://hooks.example/hotline answered HTTP 503",
              AT));
  public static final Event.LinkNotificationFailed LINK_NOTIFICATION_FAILED =
      new Event.LinkNotificationFailed(
          LINK_ALERT, new Target.User("alice"), 5, "no console user alice");
  public static final Event.ReleaseChanged RELEASE_HELD =
      new Event.ReleaseChanged(12, PendingRelease.State.PENDING);
  public static final PersonalAlert PERSONAL_ALERT =
      new PersonalAlert(
          3,
          9,
          "alice",
          null,
          MESSAGE,
          "deadline.escalation",
          "receiving",
          CN,
          Precedence.FLASH,
          StatusFlag.ACTUAL,
          2,
          1,
          AT.plusSeconds(60),
          AT.plusSeconds(61),
          AT.plusSeconds(62));
  public static final Event.PersonalAlertPosted ALERT_POSTED =
      new Event.PersonalAlertPosted(PERSONAL_ALERT);
  public static final Event.PersonalAlertAcknowledged ALERT_ACKNOWLEDGED =
      new Event.PersonalAlertAcknowledged(PERSONAL_ALERT, "alice");

  private SampleEvents() {}
}
