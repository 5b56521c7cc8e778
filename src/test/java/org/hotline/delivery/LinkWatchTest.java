package org.hotline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.DeliveryAssertions;
import org.hotline.testing.FaultProxy;
import org.hotline.testing.Mailbox;
import org.hotline.testing.Nodes;
import org.hotline.testing.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 7 over a real (proxied) network: a broken link is seen on both sides, and traffic finds
 * its way.
 */
@Timeout(180)
class LinkWatchTest {
  private static final Duration INTERVAL = Duration.ofMillis(500);

  /** Three intervals, plus the 1/4-interval evaluation tick and polling slack. */
  private static final Duration DOWN_WITHIN = INTERVAL.multipliedBy(3).plusMillis(300);

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
      Thread.sleep(20);
    }
    throw new AssertionError(
        "link not " + state + " within " + within.toMillis() + " ms: " + link(api));
  }

  private Node start(String party) {
    NodeHome home = Nodes.init(dir, party);
    Nodes.heartbeat(home, INTERVAL);
    return Nodes.start(home);
  }

  @Test
  void
      a_blackholed_link_shows_down_on_both_sides_within_three_intervals_and_recovers_without_loss_or_duplicate()
          throws Exception {
    try (Node us = start("us");
        Node cn = start("cn");
        FaultProxy toCn = FaultProxy.start(cn.federationPort());
        FaultProxy toUs = FaultProxy.start(us.federationPort())) {
      us.addPeer(new Peer(cn.home().card(), List.of(toCn.endpoint())));
      cn.addPeer(new Peer(us.home().card(), List.of(toUs.endpoint())));
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      awaitState(usApi, "UP", Duration.ofSeconds(15));
      awaitState(cnApi, "UP", Duration.ofSeconds(15));

      toCn.set(new FaultProxy.Blackhole());
      toUs.set(new FaultProxy.Blackhole());
      long broken = System.nanoTime();
      awaitState(usApi, "DOWN", DOWN_WITHIN);
      awaitState(cnApi, "DOWN", DOWN_WITHIN.minusNanos(System.nanoTime() - broken).plusMillis(100));
      assertThat((System.nanoTime() - broken) / 1_000_000)
          .as("both consoles show DOWN within 3 intervals")
          .isLessThanOrEqualTo(DOWN_WITHIN.toMillis() + 100);

      Traffic.Result sentByUs =
          Traffic.start(usApi, "cn", "while-down", 300, Traffic.Options.concurrent(11))
              .await(Duration.ofSeconds(60));
      Traffic.Result sentByCn =
          Traffic.start(cnApi, "us", "while-down", 300, Traffic.Options.concurrent(12))
              .await(Duration.ofSeconds(60));
      toCn.set(new FaultProxy.Pass());
      toUs.set(new FaultProxy.Pass());
      awaitState(usApi, "UP", Duration.ofSeconds(15));
      awaitState(cnApi, "UP", Duration.ofSeconds(15));
      DeliveryTest.awaitDrained(usApi, "cn", 300, Duration.ofSeconds(60));
      DeliveryTest.awaitDrained(cnApi, "us", 300, Duration.ofSeconds(60));
      DeliveryAssertions.assertExactlyOnceInSequenceOrder(
          Mailbox.inbox(cnApi), sentByUs.accepted(), "us", "cn");
      DeliveryAssertions.assertExactlyOnceInSequenceOrder(
          Mailbox.inbox(usApi), sentByCn.accepted(), "cn", "us");
    }
  }

  @Test
  void traffic_fails_over_to_the_backup_endpoint_mid_stream_and_returns_to_the_primary()
      throws Exception {
    try (Node us = start("us");
        Node cn = start("cn");
        FaultProxy primary = FaultProxy.start(cn.federationPort());
        FaultProxy backup = FaultProxy.start(cn.federationPort())) {
      us.addPeer(new Peer(cn.home().card(), List.of(primary.endpoint(), backup.endpoint())));
      cn.addPeer(new Peer(us.home().card(), List.of(Nodes.endpoint(us.home()))));
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      awaitState(usApi, "UP", Duration.ofSeconds(15));
      assertThat(link(usApi).get("endpoint").asText()).isEqualTo(primary.endpoint().toString());

      Traffic traffic =
          Traffic.start(
              usApi,
              "cn",
              "failover",
              1_500,
              new Traffic.Options(2, 20, Duration.ofMillis(5), false, 5));
      Await.until(
          "delivery under way",
          Duration.ofSeconds(30),
          () -> Mailbox.link(usApi, "cn").deliveredUpTo() > 100);
      primary.set(new FaultProxy.Blackhole());
      Await.until(
          "failover to the backup",
          Duration.ofSeconds(15),
          () -> link(usApi).get("endpoint").asText().equals(backup.endpoint().toString()));
      long deliveredAtFailover = Mailbox.link(usApi, "cn").deliveredUpTo();
      Await.until(
          "delivery through the backup",
          Duration.ofSeconds(30),
          () -> Mailbox.link(usApi, "cn").deliveredUpTo() > deliveredAtFailover + 50);
      assertThat(backup.stats().connections()).as("connections through the backup").isPositive();

      primary.set(new FaultProxy.Pass());
      Await.until(
          "return to the primary",
          Duration.ofSeconds(15),
          () -> link(usApi).get("endpoint").asText().equals(primary.endpoint().toString()));
      Traffic.Result sent = traffic.await(Duration.ofSeconds(90));
      DeliveryTest.awaitDrained(usApi, "cn", 1_500, Duration.ofSeconds(60));
      DeliveryAssertions.assertExactlyOnceInSequenceOrder(
          Mailbox.inbox(cnApi), sent.accepted(), "us", "cn");
      DeliveryAssertions.assertAllDelivered(Mailbox.outbox(usApi), sent.ids(), "us");
    }
  }
}
