package org.hotline.web;

import io.javalin.http.sse.SseClient;
import org.hotline.event.EventBus;
import org.hotline.event.Published;

/**
 * {@code GET /api/v1/events}: the node's events as server-sent events, one JSON object per event,
 * the event name being its type ({@link EventJson}). A comment line every {@link #KEEPALIVE_MILLIS}
 * keeps proxies from closing an idle stream. Each stream holds one (virtual) thread while open.
 */
final class EventStream {
  /** Idle streams get a comment this often; well under common proxy idle timeouts of 60 s. */
  static final long KEEPALIVE_MILLIS = 15_000;

  private EventStream() {}

  static void stream(SseClient client, EventBus bus) {
    try (EventBus.Subscription subscription = bus.subscribe()) {
      client.sendComment("hotline events");
      while (!client.terminated()) {
        Published published = subscription.next(KEEPALIVE_MILLIS);
        if (published == null) {
          client.sendComment("keepalive");
        } else {
          EventJson event = EventJson.of(published);
          client.sendEvent(event.type(), event, Long.toString(event.id()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException e) {
      client.sendEvent("stream.dropped", java.util.Map.of("reason", e.getMessage()));
    }
  }
}
