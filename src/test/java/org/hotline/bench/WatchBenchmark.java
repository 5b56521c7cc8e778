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
import org.hotline.testing.Await;
import org.hotline.testing.FaultProxy;
import org.hotline.testing.Mailbox;
import org.hotline.testing.Nodes;
import org.hotline.testing.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watch benchmarks of the issue, printed, not asserted: time to see a dead link, time to fail over
 * (median and max of {@link #TRIALS}), the heartbeat's round trip, how soon a busy link carries
 * traffic again after a brief fault ({@link #FAULTS} of them), and send → acknowledgement visible
 * at the sender with an automated acknowledger (p50/p99). Real nodes, real HTTPS through a
 * fault-injecting proxy. The tests assert the same behaviour in clock time or by count
 * (HeartbeatTest, LinkWatchTest, FaultProxyTest); these are the figures in real time.
 *
 * <pre>./mvnw -q test -Dtest=WatchBenchmark -Dhotline.bench=true</pre>
 */
@EnabledIfSystemProperty(named = "hotline.bench", matches = "true")
class WatchBenchmark {
  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final int TRIALS = 20;
  private static final int ACK_PROBES = 100;
  private static final int FAULTS = 20;

  /** Messages queued before the faults, so that every fault hits a busy link. */
  private static final int BACKLOG = 20_000;

  private static final Duration DRAIN_MAX = Duration.ofMinutes(5);
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
      List<Long> roundTrip = new ArrayList<>();
      for (int i = 0; i < TRIALS; i++) {
        roundTrip.add(link(usApi).get("rtt_millis").asLong());
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

      List<Long> resume = resumeAfterBriefFaults(usApi, primary);

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
      System.out.println("  heartbeat round trip while UP: " + summary(roundTrip));
      System.out.println(
          "  busy link, brief fault (connection dropped) -> next receipt: " + summary(resume));
      System.out.println(
          "  send -> acknowledgement visible at the sender: " + summary(acknowledged));
    }
  }

  /**
   * With a backlog draining through {@code proxy} (slowed by 10 ms a chunk, as in FaultProxyTest,
   * so that it lasts), drops one connection at a time and times each from the drop to the next
   * receipt: the backoff starts again from its 100 ms base after every success, so each figure is
   * about the same however many faults came before.
   */
  private static List<Long> resumeAfterBriefFaults(Api usApi, FaultProxy proxy)
      throws InterruptedException {
    FaultProxy.Delay slowNetwork = new FaultProxy.Delay(Duration.ofMillis(10));
    proxy.set(slowNetwork);
    Traffic.start(
            usApi, "cn", "backlog", BACKLOG, new Traffic.Options(2, 1_000, Duration.ZERO, false, 7))
        .await(DRAIN_MAX);
    millisUntil(() -> Mailbox.link(usApi, "cn").deliveredUpTo() > 0);
    List<Long> resume = new ArrayList<>();
    for (int i = 0; i < FAULTS; i++) {
      long dropsBefore = proxy.stats().dropped();
      proxy.set(new FaultProxy.DropAfter(0));
      millisUntil(() -> proxy.stats().dropped() > dropsBefore);
      long delivered = Mailbox.link(usApi, "cn").deliveredUpTo();
      proxy.set(slowNetwork);
      resume.add(millisUntil(() -> Mailbox.link(usApi, "cn").deliveredUpTo() > delivered));
    }
    proxy.set(new FaultProxy.Pass());
    Await.until("the backlog drained", DRAIN_MAX, () -> Mailbox.link(usApi, "cn").drained());
    return resume;
  }
}
