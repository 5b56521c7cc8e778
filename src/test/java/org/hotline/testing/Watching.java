package org.hotline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.hotline.event.EventBus;
import org.hotline.web.EventJson;

/**
 * Helpers for tests of deadlines and notifications: chain configuration, waiting for state, events.
 */
public final class Watching {
  /** How long a test waits for something that travels between nodes in real time. */
  public static final Duration REAL_TIME_WAIT = Duration.ofSeconds(15);

  private Watching() {}

  /** A webhook target for hotline.json. */
  public static ObjectNode webhook(WebhookReceiver receiver, String path, String secret) {
    return org.hotline.Json.mapper()
        .createObjectNode()
        .put("webhook", receiver.url(path))
        .put("secret", secret);
  }

  public static ObjectNode email(String address) {
    return org.hotline.Json.mapper().createObjectNode().put("email", address);
  }

  /** A level of the chain: {@code after} (ISO-8601) and its targets. */
  public static ObjectNode level(String after, ObjectNode... targets) {
    ObjectNode level = org.hotline.Json.mapper().createObjectNode().put("after", after);
    ArrayNode list = level.putArray("targets");
    for (ObjectNode target : targets) {
      list.add(target);
    }
    return level;
  }

  /** Polls the API until {@code condition} holds for the message, in real time; returns it. */
  public static JsonNode awaitMessage(Api api, String id, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + REAL_TIME_WAIT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Api.Response response = api.get("/api/v1/messages/" + id);
      last = response.status() == 200 ? response.body() : null;
      if (last != null && condition.test(last)) {
        return last;
      }
      sleep(20);
    }
    throw new AssertionError("condition not met for message " + id + "; last seen: " + last);
  }

  /** Sends one message and waits until the peer holds it; returns its id. */
  public static String sendAndDeliver(Api from, Api to, String peer, String precedence) {
    Api.Response sent =
        from.post(
            "/api/v1/messages",
            "{\"to\":\""
                + peer
                + "\",\"precedence\":\""
                + precedence
                + "\",\"status\":\"EXERCISE\",\"subject\":\"s\",\"body\":\"b\"}");
    if (sent.status() != 201) {
      throw new AssertionError("send refused: " + sent.raw().body());
    }
    String id = sent.body().get("id").asText();
    awaitMessage(to, id, message -> true);
    return id;
  }

  /**
   * Takes every event published so far (waiting briefly for stragglers) that satisfies {@code
   * filter}.
   */
  public static List<EventJson> drain(
      EventBus.Subscription subscription, Predicate<EventJson> filter) {
    List<EventJson> out = new ArrayList<>();
    try {
      for (EventJson event = Events.next(subscription, 200);
          event != null;
          event = Events.next(subscription, 200)) {
        if (filter.test(event)) {
          out.add(event);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
