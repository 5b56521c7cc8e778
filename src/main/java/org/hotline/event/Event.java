package org.hotline.event;

import java.time.Instant;
import java.util.OptionalLong;
import org.hotline.console.PendingRelease;
import org.hotline.console.PersonalAlert;
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
import org.hotline.watch.Target;

/**
 * Something that happened on the node, for live consoles and programs: a message received or
 * answered, a receipt, a link state change, a deadline, a security alarm. One record per kind, each
 * holding the domain's own values; the edge that shows an event gives it its name and JSON form
 * ({@code org.hotline.web.EventJson}, the names and fields of {@code GET /api/v1/events} in
 * docs/operations.md). Immutable.
 */
public sealed interface Event {

  /** A peer's message was stored ({@code message.received}). */
  record MessageReceived(
      MessageId id, PartyId from, Precedence precedence, StatusFlag status, String subject)
      implements Event {}

  /**
   * The peer read, acknowledged or declined a message we sent it ({@code message.answered}).
   *
   * @param by who answered, as the peer's entry names them
   */
  record MessageAnswered(MessageId message, ResponseEntry.Kind kind, String by, PartyId from)
      implements Event {}

  /**
   * Changes to shared objects of the link with {@code peer} were stored ({@code crisis.changed}):
   * the peer's, received, or ours, accepted (these reach the objects' views once sent).
   *
   * @param objects the objects changed, as {@code <type>/<id>}
   * @param byPeer whether the peer made the changes
   */
  record CrisisChanged(PartyId peer, java.util.List<String> objects, boolean byPeer)
      implements Event {}

  /** A link test from the peer was stored ({@code link.test}). */
  record LinkTestReceived(PartyId peer, long number, long seq) implements Event {}

  /**
   * The peer put on the record that it missed the deadline of a message it sent us ({@code
   * deadline.missed} on the receiving side).
   *
   * @param node this node
   * @param raisedAt when the peer's entry says the deadline was missed
   */
  record DeadlineMissRecorded(
      PartyId node, PartyId peer, MessageId message, Instant deadline, Instant raisedAt)
      implements Event {}

  /**
   * The peer receipted our log up to {@code deliveredUpTo} entries ({@code link.receipt}).
   *
   * @param batchesAnswered for each batch this receipt answered, the time from sending it to
   *     storing its receipt, oldest batch first; empty for a receipt the peer's pull carried
   */
  record LinkReceipt(
      PartyId peer, long deliveredUpTo, java.util.List<java.time.Duration> batchesAnswered)
      implements Event {
    public LinkReceipt {
      batchesAnswered = java.util.List.copyOf(batchesAnswered);
    }

    /** A receipt that answered no batch timed by this node (one carried by the peer's pull). */
    public LinkReceipt(PartyId peer, long deliveredUpTo) {
      this(peer, deliveredUpTo, java.util.List.of());
    }
  }

  /** A security event was stored and is raised to the people watching ({@code security.alarm}). */
  record SecurityAlarmRaised(SecurityEvent event) implements Event {}

  /**
   * The link to {@code peer} went UP, DEGRADED or DOWN ({@code link.up}, {@code link.degraded},
   * {@code link.down}); a block is {@link LinkBlocked}.
   *
   * @param rttMillis the round trip of the last answered heartbeat, empty if none was answered
   */
  record LinkStateChanged(
      PartyId peer, LinkHealth.State state, LinkHealth.State previous, OptionalLong rttMillis)
      implements Event {}

  /** One direction of the link to {@code peer} became BLOCKED ({@code link.blocked}). */
  record LinkBlocked(PartyId peer, LinkBlocks.Block block) implements Event {}

  /** A batch in the blocked direction was accepted ({@code link.unblocked}). */
  record LinkUnblocked(PartyId peer, LinkBlocks.Block ended) implements Event {}

  /**
   * A step of the watch on a message: {@code deadline.reminder}, {@code deadline.escalation} or
   * {@code deadline.missed} (sending side).
   */
  record DeadlineAlarm(Alert alert) implements Event {}

  /** A step of a BLOCKED link's escalation ({@code link.escalation}). */
  record LinkEscalated(LinkAlert alert) implements Event {}

  /** A step of an overdue commitment's escalation ({@code commitment.overdue}). */
  record CommitmentOverdue(CommitmentAlert alert) implements Event {}

  /** A notification about a message was given up after its last attempt ({@code notify.failed}). */
  record NotificationFailed(Notification notification) implements Event {}

  /**
   * A step of a BLOCKED link's escalation could not be delivered to {@code target} after its last
   * attempt ({@code notify.failed}).
   */
  record LinkNotificationFailed(LinkAlert alert, Target target, int attempts, String error)
      implements Event {}

  /**
   * A step of an overdue commitment's escalation could not be delivered to {@code target} after its
   * last attempt ({@code notify.failed}).
   */
  record CommitmentNotificationFailed(
      CommitmentAlert alert, Target target, int attempts, String error) implements Event {}

  /** A FLASH draft was held for release, released or rejected ({@code console.release}). */
  record ReleaseChanged(long release, PendingRelease.State state) implements Event {}

  /** A personal alert was posted to console people ({@code alert.posted}). */
  record PersonalAlertPosted(PersonalAlert alert) implements Event {}

  /** Someone acknowledged a personal alert ({@code alert.acknowledged}). */
  record PersonalAlertAcknowledged(PersonalAlert alert, String by) implements Event {}
}
