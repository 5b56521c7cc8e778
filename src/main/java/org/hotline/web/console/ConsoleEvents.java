package org.hotline.web.console;

import io.javalin.http.sse.SseClient;
import java.util.List;
import org.hotline.console.PersonalAlerts;
import org.hotline.event.Event;
import org.hotline.event.EventBus;

/**
 * {@code GET /events}: the console's live stream. Each node event becomes one or more topics that
 * parts of the page listen to ({@code hx-trigger="sse:inbox"}): {@code inbox}, {@code outbox},
 * {@code alarm}, {@code links}, {@code security}, {@code release}, {@code personal} (a personal
 * alert posted or acknowledged); {@code sync} on connecting, so a page that reconnects after a
 * break refreshes everything it shows.
 */
final class ConsoleEvents {
  /** Well under common proxy idle timeouts of 60 s. */
  static final long KEEPALIVE_MILLIS = 15_000;

  /** The event a page publishes when a release draft is held, approved or rejected. */
  static final String RELEASE_EVENT = "console.release";

  private ConsoleEvents() {}

  static List<String> topics(String type) {
    return switch (type) {
      case "message.received" -> List.of("inbox", "alarm");
      case "message.answered" -> List.of("inbox", "outbox", "alarm");
      case "link.receipt" -> List.of("outbox");
      case "link.up", "link.down", "link.degraded" -> List.of("links");
      case "link.blocked", "link.unblocked", "link.escalation" -> List.of("links", "alarm");
      case "security.alarm" -> List.of("security", "links");
      case RELEASE_EVENT -> List.of("release", "outbox");
      case PersonalAlerts.POSTED_EVENT, PersonalAlerts.ACKNOWLEDGED_EVENT -> List.of("personal");
      default -> type.startsWith("deadline.") ? List.of("inbox", "outbox", "alarm") : List.of();
    };
  }

  static void stream(SseClient client, EventBus bus) {
    try (EventBus.Subscription subscription = bus.subscribe()) {
      client.sendEvent("sync", "connected");
      while (!client.terminated()) {
        Event event = subscription.next(KEEPALIVE_MILLIS);
        if (event == null) {
          client.sendComment("keepalive");
          continue;
        }
        for (String topic : topics(event.type())) {
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
