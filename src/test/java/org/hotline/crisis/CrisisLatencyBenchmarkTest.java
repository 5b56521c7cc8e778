package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hotline.app.Node;
import org.hotline.event.Event;
import org.hotline.event.EventBus;
import org.hotline.event.Published;
import org.hotline.testing.Api;
import org.hotline.testing.ChangeReaders;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long an incident change takes to reach the peer on an idle link: from the API call that makes
 * it on one node to the moment the other node has stored it and announced it ({@code
 * crisis.changed}, after which its API and console show it). Two real nodes in one JVM over HTTPS
 * on loopback, SQLite with {@code synchronous=FULL}. Prints p50, p90 and p99:
 *
 * <pre>./mvnw -q test -Dtest=CrisisLatencyBenchmarkTest -Dhotline.bench=true</pre>
 *
 * <p>Not part of the ordinary build: it measures, it does not check behaviour.
 */
@EnabledIfSystemProperty(named = "hotline.bench", matches = "true")
class CrisisLatencyBenchmarkTest {
  /** Changes measured, after as many to warm the JIT compiler up. */
  static final int PROBES = 300;

  @TempDir Path dir;

  @Test
  void an_incident_change_reaches_the_peer() throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      ChangeReaders.await(us, cn);
      Api api = new Api(us.home(), us.apiPort());
      Api.Response opened =
          api.post("/api/v1/incidents", "{\"peer\":\"cn\",\"title\":\"Probe\",\"severity\":2}");
      String path = "/api/v1/incidents/" + opened.body().path("change").path("id").asText();
      List<Long> micros = new ArrayList<>();
      try (EventBus.Subscription events = cn.links().events().subscribe()) {
        for (int i = 0; i < 2 * PROBES; i++) {
          long start = System.nanoTime();
          Api.Response changed = api.post(path + "/changes", "{\"note\":\"probe " + i + "\"}");
          assertThat(changed.status()).isEqualTo(201);
          while (true) {
            Published next = events.next(10_000);
            assertThat(next).as("the change reached cn").isNotNull();
            if (next.event() instanceof Event.CrisisChanged crisis && crisis.byPeer()) {
              break;
            }
          }
          if (i >= PROBES) {
            micros.add((System.nanoTime() - start) / 1_000);
          }
        }
      }
      micros.sort(Long::compare);
      System.out.printf(
          "incident change -> stored and announced by the peer, %d probes: p50 %.2f ms, p90 %.2f"
              + " ms, p99 %.2f ms%n",
          micros.size(),
          micros.get(micros.size() / 2) / 1000.0,
          micros.get(micros.size() * 9 / 10) / 1000.0,
          micros.get(micros.size() * 99 / 100) / 1000.0);
    }
  }
}
