package org.hotline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A node's inbox or outbox read through the API, page by page, the way any client would. Items come
 * back oldest first: for an inbox that is the order in which the node stored them.
 */
public final class Mailbox {
  /** The API's own page limit. */
  static final int PAGE_LIMIT = 1_000;

  /**
   * 1,000 pages of 1,000: far more than any test sends; a longer listing means the cursor loops.
   */
  static final int PAGES_MAX = 1_000;

  private Mailbox() {}

  public static List<JsonNode> inbox(Api api) {
    return read(api, "inbox");
  }

  public static List<JsonNode> outbox(Api api) {
    return read(api, "outbox");
  }

  private static List<JsonNode> read(Api api, String box) {
    List<JsonNode> newestFirst = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < PAGES_MAX; page++) {
      String path =
          "/api/v1/messages?box="
              + box
              + "&limit="
              + PAGE_LIMIT
              + (cursor == null ? "" : "&cursor=" + cursor);
      Api.Response response = api.get(path);
      if (response.status() != 200) {
        throw new AssertionError(
            "GET " + path + " answered " + response.status() + ": " + response.raw().body());
      }
      response.body().get("items").forEach(newestFirst::add);
      JsonNode next = response.body().get("next_cursor");
      if (next == null || next.isNull()) {
        Collections.reverse(newestFirst);
        return newestFirst;
      }
      cursor = next.asText();
    }
    throw new AssertionError("the " + box + " listing did not end after " + PAGES_MAX + " pages");
  }

  /** What {@code GET /api/v1/links} says about the link to {@code peer}. */
  public record LinkReport(
      boolean reachable,
      String lastError,
      long queued,
      long inFlight,
      long sent,
      long deliveredUpTo,
      long received) {
    /** Everything accepted for the peer is covered by a receipt. */
    public boolean drained() {
      return queued == 0 && inFlight == 0 && deliveredUpTo == sent;
    }
  }

  public static LinkReport link(Api api, String peer) {
    Api.Response response = api.get("/api/v1/links");
    if (response.status() != 200) {
      throw new AssertionError(
          "GET /api/v1/links answered " + response.status() + ": " + response.raw().body());
    }
    for (JsonNode link : response.body().get("links")) {
      if (link.get("peer").asText().equals(peer)) {
        return new LinkReport(
            link.get("reachable").asBoolean(),
            link.get("last_error").asText(),
            link.get("queued").asLong(),
            link.get("in_flight").asLong(),
            link.get("sent").asLong(),
            link.get("delivered_up_to").asLong(),
            link.get("received").asLong());
      }
    }
    throw new AssertionError("no link to " + peer + " in " + response.raw().body());
  }

  /** The node's recorded security events (forged or conflicting material from a peer). */
  public static JsonNode securityEvents(Api api) {
    Api.Response response = api.get("/api/v1/security-events?limit=1000");
    if (response.status() != 200) {
      throw new AssertionError(
          "GET /api/v1/security-events answered "
              + response.status()
              + ": "
              + response.raw().body());
    }
    return response.body().get("events");
  }

  /**
   * The node's security events about material from a peer, without refused handshakes: nodes paired
   * while running ({@link Nodes#pair}) are pinned one after the other, so one may knock before the
   * other has pinned it. RefusedHandshakesTest is about those.
   */
  public static List<JsonNode> peerMaterialEvents(Api api) {
    List<JsonNode> events = new ArrayList<>();
    securityEvents(api)
        .forEach(
            event -> {
              if (!event.get("kind").asText().equals("refused-handshake")) {
                events.add(event);
              }
            });
    return events;
  }
}
