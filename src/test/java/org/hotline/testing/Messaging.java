package org.hotline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.Json;

/**
 * Messages sent through a node's API, a bounded wait until they are receipted, and the node's
 * security events.
 */
public final class Messaging {
  /** Long enough for a batch round trip on a loaded test machine; a failure still ends quickly. */
  public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);

  private Messaging() {}

  /** Submits {@code bodies} to {@code to} in one request; returns the ids, in order. */
  public static List<String> send(Api api, String to, List<String> bodies) {
    ObjectNode request = Json.mapper().createObjectNode();
    ArrayNode messages = request.putArray("messages");
    for (String body : bodies) {
      messages
          .addObject()
          .put("to", to)
          .put("precedence", "ROUTINE")
          .put("subject", "subject of " + body)
          .put("body", body);
    }
    Api.Response response = api.post("/api/v1/messages/batch", request.toString());
    assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
    List<String> ids = new ArrayList<>();
    response.body().get("messages").forEach(accepted -> ids.add(accepted.get("id").asText()));
    return ids;
  }

  /** Sends one message of {@code precedence} with an empty body; returns its id. */
  public static String send(Api api, String to, String precedence, String subject) {
    ObjectNode request =
        Json.mapper()
            .createObjectNode()
            .put("to", to)
            .put("precedence", precedence)
            .put("subject", subject)
            .put("body", "");
    Api.Response response = api.post("/api/v1/messages", request.toString());
    assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
    return response.body().get("id").asText();
  }

  /**
   * Waits until {@code peer} has receipted at least {@code size} entries of the node's log to it.
   */
  public static void awaitDelivered(Api api, String peer, long size) {
    Await.until(
        peer + " to receipt " + size + " entries",
        DELIVERY_TIMEOUT,
        () -> deliveredUpTo(api, peer),
        delivered -> delivered >= size);
  }

  private static long deliveredUpTo(Api api, String peer) {
    Api.Response links = api.get("/api/v1/links");
    assertThat(links.status()).as(links.raw().body()).isEqualTo(200);
    for (JsonNode link : links.body().get("links")) {
      if (link.get("peer").asText().equals(peer)) {
        return link.get("delivered_up_to").asLong();
      }
    }
    return 0;
  }

  /** The node's security events, newest first. */
  public static List<JsonNode> securityEvents(Api api) {
    Api.Response response = api.get("/api/v1/security-events?limit=1000");
    assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    response.body().get("events").forEach(events::add);
    return events;
  }
}
