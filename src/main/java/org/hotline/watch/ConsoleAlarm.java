package org.hotline.watch;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hotline.event.EventBus;

/**
 * The console alarm: every step of the watch, and every notification that could not be delivered,
 * published on the node's event bus, which the console and {@code GET /api/v1/events} stream. Not
 * retried and not stored: the stored notifications are the durable trace. Thread-safe.
 */
public final class ConsoleAlarm {
  /** Event type of a notification given up after its last attempt. */
  public static final String NOTIFY_FAILED = "notify.failed";

  private final EventBus events;

  public ConsoleAlarm(EventBus events) {
    this.events = events;
  }

  /**
   * Publishes {@code deadline.reminder}, {@code deadline.escalation} or {@code deadline.missed}.
   */
  public void raise(Alert alert) {
    events.publish(alert.kind().event(), alert.fields());
  }

  /** Publishes {@code link.escalation}: a step of a BLOCKED link's escalation. */
  public void raise(LinkAlert alert) {
    events.publish(alert.type(), alert.fields());
  }

  /** A step of a BLOCKED link's escalation could not be delivered after its last attempt. */
  public void linkNotificationFailed(LinkAlert alert, Target target, int attempts, String error) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("peer", alert.peer().value());
    data.put("kind", alert.type());
    data.put("level", alert.level());
    data.put("target", target.key());
    data.put("attempts", attempts);
    data.put("error", error);
    events.publish(NOTIFY_FAILED, data);
  }

  public void notificationFailed(Notification notification) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("notification", notification.id());
    data.put("message", notification.message().toString());
    data.put("kind", notification.kind().event());
    data.put("target", notification.target());
    data.put("attempts", notification.attempts());
    data.put("error", notification.lastError());
    events.publish(NOTIFY_FAILED, data);
  }
}
