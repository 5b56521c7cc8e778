package org.hotline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.DeliveryAssertions;
import org.hotline.testing.FaultProxy;
import org.hotline.testing.LinkBreaks;
import org.hotline.testing.Mailbox;
import org.hotline.testing.MutableClock;
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

  @TempDir Path dir;

  private static JsonNode link(Api api) {
    return api.get("/api/v1/links").body().get("links").get(0);
  }

  private static void awaitState(Api api, String state) {
    Await.until(
        "link " + state,
        Duration.ofSeconds(15),
        () -> link(api).get("state").asText(),
        state::equals);
  }

  private Node start(String party) {
    return start(party, Clock.systemUTC());
  }

  private Node start(String party, Clock clock) {
    NodeHome home = Nodes.init(dir, party);
    Nodes.heartbeat(home, INTERVAL);
    return Nodes.start(home, clock);
  }

  /**
   * Both nodes read a clock that only the test moves, so "within three intervals" is asserted in
   * clock time ({@link LinkBreaks}): the proxies blackhole the link, and both sides must show DOWN
   * once the clock is 2.5 intervals past the break, and not 1 ms before.
   */
  @Test
  void
      a_blackholed_link_shows_down_on_both_sides_within_three_intervals_and_recovers_without_loss_or_duplicate()
          throws Exception {
    MutableClock clock = MutableClock.atNow();
    try (Node us = start("us", clock);
        Node cn = start("cn", clock);
        FaultProxy toCn = FaultProxy.start(cn.federationPort());
        FaultProxy toUs = FaultProxy.start(us.federationPort());
        LinkBreaks.Side usToCn = new LinkBreaks.Side(us, "cn");
        LinkBreaks.Side cnToUs = new LinkBreaks.Side(cn, "us")) {
      us.addPeer(new Peer(cn.home().card(), List.of(toCn.endpoint())));
      cn.addPeer(new Peer(us.home().card(), List.of(toUs.endpoint())));
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      usToCn.awaitState("UP");
      cnToUs.awaitState("UP");

      LinkBreaks.assertSeenWithinThreeIntervals(
          clock,
          INTERVAL,
          () -> {
            toCn.set(new FaultProxy.Blackhole());
            toUs.set(new FaultProxy.Blackhole());
          },
          List.of(usToCn, cnToUs));

      Traffic.Result sentByUs =
          Traffic.start(usApi, "cn", "while-down", 300, Traffic.Options.concurrent(11))
              .await(Duration.ofSeconds(60));
      Traffic.Result sentByCn =
          Traffic.start(cnApi, "us", "while-down", 300, Traffic.Options.concurrent(12))
              .await(Duration.ofSeconds(60));
      toCn.set(new FaultProxy.Pass());
      toUs.set(new FaultProxy.Pass());
      usToCn.awaitState("UP");
      cnToUs.awaitState("UP");
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
      awaitState(usApi, "UP");
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
