package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.testing.Api;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 7: a broken link is seen within 3 heartbeat intervals, and traffic resumes by itself.
 */
@Tag("slow")
class HeartbeatTest {
  private static final Duration INTERVAL = Duration.ofMillis(500);
  @TempDir Path dir;

  private static JsonNode link(Api api) {
    return api.get("/api/v1/links").body().get("links").get(0);
  }

  private static long awaitState(Api api, String state, Duration within)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (link(api).get("state").asText().equals(state)) {
        return (System.nanoTime() - started) / 1_000_000;
      }
      Thread.sleep(25);
    }
    throw new AssertionError("link not " + state + " within " + within + ": " + link(api));
  }

  @Test
  void a_stopped_peer_shows_down_within_three_intervals_and_traffic_resumes_when_it_returns()
      throws Exception {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Nodes.heartbeat(usHome, INTERVAL);
    Nodes.heartbeat(cnHome, INTERVAL);
    try (Node us = Nodes.start(usHome)) {
      Node cn = Nodes.start(cnHome);
      try {
        Nodes.pair(us, cn);
        Api api = new Api(us.home(), us.apiPort());
        awaitState(api, "UP", Duration.ofSeconds(10));
        JsonNode up = link(api);
        assertThat(up.get("rtt_millis").asLong()).isBetween(0L, 1_000L);
        assertThat(up.get("clock_offset_millis").asLong()).isBetween(-1_000L, 1_000L);
        cn.close();
        long millis = awaitState(api, "DOWN", INTERVAL.multipliedBy(3).plusMillis(400));
        assertThat(millis).isLessThanOrEqualTo(INTERVAL.multipliedBy(3).toMillis() + 400);
        Api.Response sent =
            api.post(
                "/api/v1/messages",
                "{\"to\":\"cn\",\"precedence\":\"FLASH\",\"subject\":\"while down\",\"body\":\"b\"}");
        assertThat(sent.status()).isEqualTo(201);
        cn = Nodes.start(NodeHome.open(cnHome.dir()));
        awaitState(api, "UP", Duration.ofSeconds(10));
        String id = sent.body().get("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline
            && !api.get("/api/v1/messages/" + id)
                .body()
                .get("state")
                .asText()
                .equals("DELIVERED")) {
          Thread.sleep(25);
        }
        assertThat(api.get("/api/v1/messages/" + id).body().get("state").asText())
            .isEqualTo("DELIVERED");
      } finally {
        cn.close();
      }
    }
  }
}
