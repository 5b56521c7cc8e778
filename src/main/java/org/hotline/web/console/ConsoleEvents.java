package org.hotline.web.console;

import io.javalin.http.sse.SseClient;
import java.util.List;
import org.hotline.event.Event;
import org.hotline.event.EventBus;
import org.hotline.event.Published;

/**
 * {@code GET /events}: the console's live stream. Each node event becomes one or more topics that
 * parts of the page listen to ({@code hx-trigger="sse:inbox"}): {@code inbox}, {@code outbox},
 * {@code alarm}, {@code links}, {@code security}, {@code release}, {@code personal} (a personal
 * alert posted or acknowledged), {@code crisis} (a shared incident, commitment or concern changed,
 * here or by the peer); {@code sync} on connecting, so a page that reconnects after a break
 * refreshes everything it shows.
 */
final class ConsoleEvents {
  /** Well under common proxy idle timeouts of 60 s. */
  static final long KEEPALIVE_MILLIS = 15_000;

  private ConsoleEvents() {}

  static List<String> topics(Event event) {
    return switch (event) {
      case Event.MessageReceived received -> List.of("inbox", "alarm");
      case Event.MessageAnswered answered -> List.of("inbox", "outbox", "alarm");
      case Event.DeadlineAlarm alarm -> List.of("inbox", "outbox", "alarm");
      case Event.DeadlineMissRecorded missed -> List.of("inbox", "outbox", "alarm");
      case Event.LinkReceipt receipt -> List.of("outbox");
      case Event.LinkStateChanged changed -> List.of("links");
      case Event.LinkBlocked blocked -> List.of("links", "alarm");
      case Event.LinkUnblocked unblocked -> List.of("links", "alarm");
      case Event.LinkEscalated escalated -> List.of("links", "alarm");
      case Event.CommitmentOverdue overdue -> List.of("crisis", "alarm");
      case Event.SecurityAlarmRaised alarm -> List.of("security", "links");
      case Event.ReleaseChanged release -> List.of("release", "outbox");
      case Event.PersonalAlertPosted posted -> List.of("personal");
      case Event.PersonalAlertAcknowledged acknowledged -> List.of("personal");
      case Event.CrisisChanged changed -> List.of("crisis");
      case Event.LinkTestReceived test -> List.of();
      case Event.NotificationFailed failed -> List.of();
      case Event.LinkNotificationFailed failed -> List.of();
      case Event.CommitmentNotificationFailed failed -> List.of();
    };
  }

  static void stream(SseClient client, EventBus bus) {
    try (EventBus.Subscription subscription = bus.subscribe()) {
      client.sendEvent("sync", "connected");
      while (!client.terminated()) {
        Published event = subscription.next(KEEPALIVE_MILLIS);
        if (event == null) {
          client.sendComment("keepalive");
          continue;
        }
        for (String topic : topics(event.event())) {
          client.sendEvent(topic, Long.toString(event.id()), Long.toString(event.id()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException e) {
      client.sendEvent("sync", "dropped");
    }
  }
}
