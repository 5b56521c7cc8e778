package org.hotline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.FaultProxy;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watch benchmarks of the issue, printed, not asserted: time to see a dead link, time to fail over
 * (median and max of {@link #TRIALS}), and send → acknowledgement visible at the sender with an
 * automated acknowledger (p50/p99). Real nodes, real HTTPS through a fault-injecting proxy.
 *
 * <pre>./mvnw -q test -Dtest=WatchBenchmark -Dhotline.bench=true</pre>
 */
@EnabledIfSystemProperty(named = "hotline.bench", matches = "true")
class WatchBenchmark {
  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final int TRIALS = 20;
  private static final int ACK_PROBES = 100;
  private static final Duration WAIT_MAX = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static JsonNode link(Api api) {
    return api.get("/api/v1/links").body().get("links").get(0);
  }

  private static long millisUntil(Supplier<Boolean> condition) throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + WAIT_MAX.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("condition not met within " + WAIT_MAX);
      }
      Thread.sleep(5);
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  private Node start(String party) {
    NodeHome home = Nodes.init(dir, party);
    Nodes.heartbeat(home, INTERVAL);
    return Nodes.start(home);
  }

  private static String summary(List<Long> millis) {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    return "median "
        + sorted.get(sorted.size() / 2)
        + " ms, p99 "
        + sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1))
        + " ms, max "
        + sorted.get(sorted.size() - 1)
        + " ms ("
        + sorted.size()
        + " trials)";
  }

  @Test
  void watch_figures() throws Exception {
    try (Node us = start("us");
        Node cn = start("cn");
        FaultProxy primary = FaultProxy.start(cn.federationPort());
        FaultProxy backup = FaultProxy.start(cn.federationPort());
        FaultProxy toUs = FaultProxy.start(us.federationPort())) {
      us.addPeer(new Peer(cn.home().card(), List.of(primary.endpoint(), backup.endpoint())));
      cn.addPeer(new Peer(us.home().card(), List.of(toUs.endpoint())));
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      millisUntil(
          () ->
              link(usApi).get("state").asText().equals("UP")
                  && link(cnApi).get("state").asText().equals("UP"));

      List<Long> detect = new ArrayList<>();
      for (int i = 0; i < TRIALS; i++) {
        primary.set(new FaultProxy.Blackhole());
        backup.set(new FaultProxy.Blackhole());
        toUs.set(new FaultProxy.Blackhole());
        detect.add(
            millisUntil(
                () ->
                    link(usApi).get("state").asText().equals("DOWN")
                        && link(cnApi).get("state").asText().equals("DOWN")));
        primary.set(new FaultProxy.Pass());
        backup.set(new FaultProxy.Pass());
        toUs.set(new FaultProxy.Pass());
        millisUntil(
            () ->
                link(usApi).get("state").asText().equals("UP")
                    && link(cnApi).get("state").asText().equals("UP")
                    && link(usApi).get("endpoint").asText().equals(primary.endpoint().toString()));
      }

      List<Long> failover = new ArrayList<>();
      for (int i = 0; i < TRIALS; i++) {
        primary.set(new FaultProxy.Blackhole());
        failover.add(
            millisUntil(
                () -> link(usApi).get("endpoint").asText().equals(backup.endpoint().toString())));
        primary.set(new FaultProxy.Pass());
        millisUntil(
            () -> link(usApi).get("endpoint").asText().equals(primary.endpoint().toString()));
      }

      List<Long> acknowledged = new ArrayList<>();
      for (int i = 0; i < ACK_PROBES; i++) {
        long started = System.nanoTime();
        String id =
            usApi
                .post(
                    "/api/v1/messages",
                    "{\"to\":\"cn\",\"precedence\":\"FLASH\",\"status\":\"TEST\",\"subject\":\"probe\",\"body\":\"b\"}")
                .body()
                .get("id")
                .asText();
        // The automated acknowledger: cn acknowledges as soon as the message is there.
        millisUntil(() -> cnApi.get("/api/v1/messages/" + id).status() == 200);
        cnApi.post("/api/v1/messages/" + id + "/ack", "{\"by\":\"auto\"}");
        millisUntil(
            () ->
                "ACKNOWLEDGED"
                    .equals(usApi.get("/api/v1/messages/" + id).body().path("answer").asText()));
        acknowledged.add((System.nanoTime() - started) / 1_000_000);
      }

      System.out.println(
          "WATCH BENCHMARK (heartbeat interval "
              + INTERVAL.toMillis()
              + " ms, "
              + Runtime.getRuntime().availableProcessors()
              + " cores)");
      System.out.println("  dead link seen on both sides: " + summary(detect));
      System.out.println("  failover to the backup endpoint: " + summary(failover));
      System.out.println(
          "  send -> acknowledgement visible at the sender: " + summary(acknowledged));
    }
  }
}
