package org.hotline.watch;

import org.hotline.event.Event;
import org.hotline.event.EventBus;

/**
 * The console alarm: every step of the watch, and every notification that could not be delivered,
 * published on the node's event bus, which the console and {@code GET /api/v1/events} stream. Not
 * retried and not stored: the stored notifications are the durable trace. Thread-safe.
 */
public final class ConsoleAlarm {
  private final EventBus events;

  public ConsoleAlarm(EventBus events) {
    this.events = events;
  }

  /**
   * Publishes {@code deadline.reminder}, {@code deadline.escalation} or {@code deadline.missed}.
   */
  public void raise(Alert alert) {
    events.publish(new Event.DeadlineAlarm(alert));
  }

  /** Publishes {@code link.escalation}: a step of a BLOCKED link's escalation. */
  public void raise(LinkAlert alert) {
    events.publish(new Event.LinkEscalated(alert));
  }

  /** A step of a BLOCKED link's escalation could not be delivered after its last attempt. */
  public void linkNotificationFailed(LinkAlert alert, Target target, int attempts, String error) {
    events.publish(new Event.LinkNotificationFailed(alert, target, attempts, error));
  }

  /** Publishes {@code commitment.overdue}: a step of an overdue commitment's escalation. */
  public void raise(CommitmentAlert alert) {
    events.publish(new Event.CommitmentOverdue(alert));
  }

  /** A step of an overdue commitment's escalation could not be delivered after its last attempt. */
  public void commitmentNotificationFailed(
      CommitmentAlert alert, Target target, int attempts, String error) {
    events.publish(new Event.CommitmentNotificationFailed(alert, target, attempts, error));
  }

  public void notificationFailed(Notification notification) {
    events.publish(new Event.NotificationFailed(notification));
  }
}
