package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hotline.NotFoundException;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.LinkTestEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.health.Capabilities;
import org.hotline.link.health.Heartbeat;
import org.hotline.link.health.LinkHealth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * us's whole link component, {@link Links}, as {@code app.Node} builds it, on a real SQLite store,
 * delivering to cn's real receiver through {@link LinkPair.Direct} (the network left out). Its
 * dispatcher threads run for real; tests wait for what they deliver.
 */
class LinksTest {
  private static final Duration WAIT_MAX = Duration.ofSeconds(10);

  @TempDir Path dir;
  private LinkPair pair;
  private Links links;

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    links =
        new Links(
            LinkPair.US,
            pair.us.signer,
            pair.us.store,
            pair.us.store,
            pair.toCn,
            pair.clock,
            new Random(3),
            pair.us.events,
            Duration.ofSeconds(5),
            AckDeadlines.DEFAULTS);
  }

  @AfterEach
  void close() {
    links.close();
    pair.close();
  }

  private MessageRecord awaitDelivered(MessageId id) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_MAX.toNanos();
    while (links.requireMessage(id).state() != MessageState.DELIVERED
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return links.requireMessage(id);
  }

  private MessageId send(Precedence precedence, String subject) {
    return links.outbox().submit(List.of(LinkPair.draft(precedence, subject))).get(0).id();
  }

  @Test
  void a_submitted_message_is_delivered_by_the_peers_dispatcher_with_a_receipt() throws Exception {
    MessageId id = send(Precedence.FLASH, "hello");

    MessageRecord delivered = awaitDelivered(id);

    assertThat(delivered.state()).isEqualTo(MessageState.DELIVERED);
    assertThat(links.receipt(delivered).orElseThrow().size()).isEqualTo(1);
    assertThat(links.signedMessage(id)).isEqualTo(delivered);
    assertThat(links.proof(delivered).orElseThrow().verified()).isTrue();
    assertThat(links.message(id)).contains(delivered);
    assertThat(links.messages(LinkStore.Box.OUTBOX, Long.MAX_VALUE, 10)).containsExactly(delivered);
    assertThat(links.unanswered(LinkStore.Box.OUTBOX, 10)).containsExactly(delivered);
    assertThat(links.responses(id)).isEmpty();
    assertThat(pair.cn.store.message(id)).isPresent();
  }

  @Test
  void the_status_of_a_link_counts_what_is_queued_sent_delivered_and_unanswered() throws Exception {
    MessageId id = send(Precedence.PRIORITY, "one");
    awaitDelivered(id);
    List<byte[]> back = pair.messages(LinkPair.cnToUs(), 1, 2);
    links
        .receiver()
        .accept(
            pair.us.peer(LinkPair.CN),
            LinkPair.honest(pair.cn.signer, LinkPair.cnToUs(), List.of(), back));

    Links.LinkStatus status = links.status().get(0);

    assertThat(status.peer()).isEqualTo(LinkPair.CN);
    assertThat(status.name()).isEqualTo("Party cn");
    assertThat(status.state()).isEqualTo("UNKNOWN");
    assertThat(status.endpoint()).isEqualTo("https://primary.test:8443");
    assertThat(status.rttMillis()).isNull();
    assertThat(status.reachable()).isTrue();
    assertThat(status.lastError()).isEmpty();
    assertThat(status.queued()).isZero();
    assertThat(status.inFlight()).isZero();
    assertThat(status.sent()).isEqualTo(1);
    assertThat(status.deliveredUpTo()).isEqualTo(1);
    assertThat(status.lastReceiptAt()).isEqualTo(pair.clock.instant());
    assertThat(status.received()).isEqualTo(2);
    assertThat(status.unacknowledged().sent())
        .containsExactly(
            Map.entry(Precedence.FLASH, 0L),
            Map.entry(Precedence.IMMEDIATE, 0L),
            Map.entry(Precedence.PRIORITY, 1L),
            Map.entry(Precedence.ROUTINE, 0L));
    assertThat(status.unacknowledged().received()).containsEntry(Precedence.ROUTINE, 2L);
    assertThat(status.overdue()).isEqualTo(new Links.Overdue(0, 0));
    pair.clock.advance(Duration.ofDays(2));
    assertThat(links.status().get(0).overdue()).isEqualTo(new Links.Overdue(2, 1));
  }

  @Test
  void the_status_before_any_traffic_shows_nothing_sent_and_no_dispatcher() {
    Links.LinkStatus status = links.status().get(0);
    assertThat(status.reachable()).isFalse();
    assertThat(status.lastError()).isEmpty();
    assertThat(status.sent()).isZero();
    assertThat(status.received()).isZero();
    assertThat(status.lastReceiptAt()).isNull();
    assertThat(status.lastHeartbeatReceived()).isNull();
  }

  @Test
  void the_status_shows_the_endpoint_in_use() {
    pair.toCn.endpoint = 1;
    assertThat(links.status().get(0).endpoint()).isEqualTo("https://backup.test:8443");
  }

  @Test
  void a_queued_message_has_no_receipt() {
    links.close();
    MessageId id =
        pair.us.outbox().submit(List.of(LinkPair.draft(Precedence.ROUTINE, "held"))).get(0).id();
    assertThat(links.receipt(links.requireMessage(id))).isEmpty();
  }

  @Test
  void a_link_test_is_queued_an_interval_after_the_peer_is_first_seen_then_after_the_last()
      throws Exception {
    links.linkTestInterval(Duration.ofMinutes(10));
    links.queueDueLinkTests();
    assertThat(pair.us.store.lastLinkTest(LinkPair.CN)).isEmpty();

    pair.clock.advance(Duration.ofMinutes(10).minusMillis(1));
    links.queueDueLinkTests();
    assertThat(pair.us.store.lastLinkTest(LinkPair.CN)).isEmpty();

    pair.clock.advance(Duration.ofMillis(1));
    links.queueDueLinkTests();
    assertThat(pair.us.store.lastLinkTest(LinkPair.CN)).contains(pair.clock.instant());

    pair.clock.advance(Duration.ofMinutes(5));
    links.queueDueLinkTests();
    assertThat(pair.us.store.lastLinkTest(LinkPair.CN))
        .contains(pair.clock.instant().minus(Duration.ofMinutes(5)));

    long deadline = System.nanoTime() + WAIT_MAX.toNanos();
    while (pair.cn.head(LinkPair.usToCn()).size() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    LinkTestEntry test =
        (LinkTestEntry)
            EntryCodec.decode(pair.cn.store.entries(LinkPair.usToCn(), 1, 1).get(0).bytes());
    long expected = LinkPair.T0.plus(Duration.ofMinutes(10)).getEpochSecond() / 600;
    assertThat(test.number()).isEqualTo(expected);
  }

  @Test
  void the_link_test_interval_is_at_least_a_second() {
    assertThatThrownBy(() -> links.linkTestInterval(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class);
    links.linkTestInterval(Duration.ofSeconds(1));
  }

  @Test
  void a_pull_from_a_peer_not_set_to_pull_is_refused() {
    assertThatThrownBy(() -> links.pull(pair.us.peer(LinkPair.CN), 0, null))
        .isInstanceOf(BatchRefusedException.class)
        .hasMessageContaining("is not set to pull");
  }

  @Test
  void a_pull_returns_the_next_batch_and_takes_the_receipt_handed_back() throws Exception {
    Peer cn = pair.us.peer(LinkPair.CN);
    pair.us.store.remove(LinkPair.CN);
    pair.us.store.add(new Peer(cn.card(), cn.endpoints(), Peer.Mode.PULLED));
    Peer pulled = pair.us.peer(LinkPair.CN);
    MessageId id = send(Precedence.ROUTINE, "pulled");
    long deadline = System.nanoTime() + WAIT_MAX.toNanos();
    while (pair.us.head(LinkPair.usToCn()).size() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }

    Batch batch = links.pull(pulled, 0, null);
    assertThat(batch.firstSeq()).isEqualTo(1);
    pair.cn.receiver.accept(pair.cn.peer(LinkPair.US), batch);
    String receipt = pair.cn.store.latestReceipt(LinkPair.usToCn()).orElseThrow().cosignedNote();
    links.close();
    assertThat(links.pull(pulled, 1, receipt)).isNull();

    assertThat(links.requireMessage(id).state()).isEqualTo(MessageState.DELIVERED);
  }

  @Test
  void unknown_messages_and_peers_are_not_found() {
    MessageId missing = MessageId.generate(pair.clock.instant(), new Random(1));
    assertThatThrownBy(() -> links.requireMessage(missing)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> links.exchangeCheckpoints(PartyId.of("xx")))
        .isInstanceOf(NotFoundException.class);
    assertThat(links.message(missing)).isEmpty();
  }

  @Test
  void a_checkpoint_exchange_on_request_compares_both_records() throws Exception {
    awaitDelivered(send(Precedence.ROUTINE, "a"));
    assertThat(links.exchangeCheckpoints(LinkPair.CN)).isEmpty();
    assertThat(pair.toCn.reported).hasSize(1);
  }

  @Test
  void the_parts_are_the_ones_wired_together() {
    assertThat(links.self()).isEqualTo(LinkPair.US);
    assertThat(links.events()).isSameAs(pair.us.events);
    assertThat(links.now()).isEqualTo(pair.clock.instant());
    assertThat(links.heartbeats().interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(links.checkpointExchange()).isNotNull();
    assertThat(links.securityEvents(10)).isEmpty();
  }

  @Test
  void a_started_link_delivers_what_was_queued_before_it_started() throws Exception {
    MessageId id =
        pair.us.outbox().submit(List.of(LinkPair.draft(Precedence.ROUTINE, "early"))).get(0).id();
    links.start();
    assertThat(awaitDelivered(id).state()).isEqualTo(MessageState.DELIVERED);
    links.peerAdded(LinkPair.CN);
  }

  @Test
  void each_peer_is_asked_what_it_reads_once_due_and_its_answer_shows_on_the_link() {
    assertThat(links.status().get(0).peerCapabilities().source())
        .isEqualTo(Capabilities.Source.ASSUMED);

    links.learnDueCapabilities();

    Capabilities.Known learned = links.status().get(0).peerCapabilities();
    assertThat(learned)
        .isEqualTo(
            new Capabilities.Known(
                PeerCapabilities.OWN, Capabilities.Source.ADVERTISED, pair.clock.instant()));
    pair.clock.advance(Capabilities.REFRESH_INTERVAL.minusSeconds(1));
    links.learnDueCapabilities();
    assertThat(links.capabilities().known(LinkPair.CN)).isEqualTo(learned);
    pair.clock.advance(Duration.ofSeconds(1));
    links.learnDueCapabilities();
    assertThat(links.capabilities().known(LinkPair.CN).learnedAt()).isEqualTo(pair.clock.instant());
  }

  @Test
  void a_peer_this_node_cannot_reach_is_not_asked_and_stays_at_format_1_only() {
    Peer cn = pair.us.peer(LinkPair.CN);
    pair.us.store.remove(LinkPair.CN);
    pair.us.store.add(new Peer(cn.card(), cn.endpoints(), Peer.Mode.PULLED));

    links.learnDueCapabilities();

    assertThat(links.capabilities().known(LinkPair.CN).source())
        .isEqualTo(Capabilities.Source.ASSUMED);
    assertThat(links.capabilities().of(LinkPair.CN)).isEqualTo(PeerCapabilities.FORMAT_1_ONLY);
  }

  /**
   * cn as us's heartbeats and capability requests see it: its heartbeats are answered, signed by
   * cn's key, only while {@code answering}; everything else goes to cn's real parts.
   */
  private final class Recovering extends UnusedTransport {
    volatile boolean answering;

    @Override
    public RemoteLogState state(Peer peer, String log) {
      return pair.toCn.state(peer, log);
    }

    @Override
    public BatchAnswer push(Peer peer, Batch batch) {
      return pair.toCn.push(peer, batch);
    }

    @Override
    public String heartbeat(Peer peer, int endpoint, String note, Duration timeout) {
      if (!answering) {
        throw new PeerUnreachableException("cn is down");
      }
      Heartbeat heartbeat = Heartbeat.open(note, pair.us.signer.verifier());
      return new Heartbeat(
              true, LinkPair.CN, LinkPair.US, heartbeat.seq(), pair.clock.instant().toEpochMilli())
          .sign(pair.cn.signer);
    }

    @Override
    public java.util.Optional<PeerCapabilities> capabilities(Peer peer) {
      return java.util.Optional.of(PeerCapabilities.OWN);
    }
  }

  @Test
  void a_peer_is_asked_again_what_it_reads_as_soon_as_its_link_recovers_from_down() {
    Recovering transport = new Recovering();
    try (Links recovering =
        new Links(
            LinkPair.US,
            pair.us.signer,
            pair.us.store,
            pair.us.store,
            transport,
            pair.clock,
            new Random(3),
            pair.us.events,
            Duration.ofSeconds(5),
            AckDeadlines.DEFAULTS)) {
      Peer cn = pair.us.peer(LinkPair.CN);
      recovering.learnDueCapabilities();
      assertThat(recovering.capabilities().due(LinkPair.CN)).isFalse();

      recovering.heartbeats().beat(cn);
      pair.clock.advance(Duration.ofSeconds(13));
      recovering.heartbeats().beat(cn);
      assertThat(recovering.heartbeats().state(LinkPair.CN)).isEqualTo(LinkHealth.State.DOWN);
      assertThat(recovering.capabilities().due(LinkPair.CN)).isFalse();

      transport.answering = true;
      pair.clock.advance(Duration.ofSeconds(1));
      recovering.heartbeats().beat(cn);

      assertThat(recovering.heartbeats().state(LinkPair.CN)).isNotEqualTo(LinkHealth.State.DOWN);
      assertThat(recovering.capabilities().due(LinkPair.CN)).isTrue();
    }
  }
}
