package org.hotline.link.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.hotline.InvalidInputException;
import org.hotline.event.EventBus;
import org.hotline.link.LinkPair;
import org.hotline.link.Peer;
import org.hotline.link.PeerUnreachableException;
import org.hotline.link.UnusedTransport;
import org.hotline.web.EventJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * us's and cn's real {@link Heartbeats}, each beating the other through a transport that hands the
 * signed heartbeat straight to the other side's {@link Heartbeats#answer}: the federation port
 * minus the network. A test takes endpoints down, delays answers on the shared clock, or alters
 * replies, as a network or a faulty peer would.
 */
class HeartbeatsTest {
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  @TempDir Path dir;
  private LinkPair pair;
  private Beating us;
  private Beating cn;
  private final List<org.hotline.identity.PartyId> recovered = new CopyOnWriteArrayList<>();

  /** One side's heartbeats and its transport to the other side. */
  private final class Beating extends UnusedTransport {
    final LinkPair.Side side;
    final Heartbeats heartbeats;
    Beating other;
    final Set<Integer> down = new HashSet<>();
    final List<Integer> tried = new ArrayList<>();
    volatile int endpoint;
    volatile Duration roundTrip = Duration.ofMillis(30);
    volatile UnaryOperator<String> reply = UnaryOperator.identity();

    /** A down endpoint takes the whole timeout to fail, as a silent network does, not at once. */
    volatile boolean downTimesOut;

    Beating(LinkPair.Side side) {
      this.side = side;
      this.heartbeats =
          new Heartbeats(
              side.id,
              side.signer,
              side.store,
              this,
              pair.clock,
              side.events,
              INTERVAL,
              recovered::add);
    }

    Peer peer() {
      return side.peer(other.side.id);
    }

    @Override
    public String heartbeat(Peer peer, int endpoint, String note, Duration timeout) {
      assertThat(timeout).isEqualTo(INTERVAL);
      tried.add(endpoint);
      if (down.contains(endpoint)) {
        if (downTimesOut) {
          pair.clock.advance(timeout);
        }
        throw new PeerUnreachableException("endpoint " + endpoint + " is down");
      }
      pair.clock.advance(roundTrip);
      return reply.apply(other.heartbeats.answer(other.side.peer(side.id), note));
    }

    @Override
    public int currentEndpoint(Peer peer) {
      return endpoint;
    }

    @Override
    public void selectEndpoint(Peer peer, int endpoint) {
      this.endpoint = endpoint;
    }
  }

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    us = new Beating(pair.us);
    cn = new Beating(pair.cn);
    us.other = cn;
    cn.other = us;
  }

  @AfterEach
  void close() {
    us.heartbeats.close();
    cn.heartbeats.close();
    pair.close();
  }

  private void bothBeat() {
    us.heartbeats.beat(us.peer());
    cn.heartbeats.beat(cn.peer());
  }

  @Test
  void an_answered_heartbeat_records_round_trip_and_clock_offset() {
    us.roundTrip = Duration.ofMillis(80);
    us.heartbeats.beat(us.peer());

    LinkHealth.Sample sample = us.heartbeats.health(LinkPair.CN).lastAnswered();
    assertThat(sample.answered()).isTrue();
    assertThat(sample.rttMillis()).isEqualTo(80);
    // cn's clock read the same time as ours at the far end: 40 ms after sending.
    assertThat(sample.clockOffsetMillis()).isEqualTo(40);
    assertThat(sample.endpoint()).isEqualTo("https://primary.test:8443");
    assertThat(sample.at()).isEqualTo(pair.clock.instant());
    assertThat(cn.heartbeats.health(LinkPair.US).lastHeard()).isEqualTo(pair.clock.instant());
  }

  @Test
  void heartbeats_both_ways_make_the_link_up() {
    bothBeat();
    assertThat(us.heartbeats.state(LinkPair.CN)).isEqualTo(LinkHealth.State.UP);
    assertThat(cn.heartbeats.state(LinkPair.US)).isEqualTo(LinkHealth.State.UP);
    assertThat(us.heartbeats.interval()).isEqualTo(INTERVAL);
  }

  @Test
  void a_reply_that_does_not_answer_this_heartbeat_counts_as_missed() {
    List<UnaryOperator<String>> wrongReplies =
        List.of(
            note -> new Heartbeat(true, LinkPair.CN, LinkPair.US, 999, 0).sign(pair.cn.signer),
            note -> new Heartbeat(false, LinkPair.CN, LinkPair.US, 1, 0).sign(pair.cn.signer),
            note -> new Heartbeat(true, LinkPair.US, LinkPair.US, 1, 0).sign(pair.cn.signer),
            note -> new Heartbeat(true, LinkPair.CN, LinkPair.CN, 1, 0).sign(pair.cn.signer),
            note -> new Heartbeat(true, LinkPair.CN, LinkPair.US, 1, 0).sign(pair.us.signer));
    for (UnaryOperator<String> wrong : wrongReplies) {
      us.reply = wrong;
      us.heartbeats.beat(us.peer());
    }
    LinkHealth health = us.heartbeats.health(LinkPair.CN);
    assertThat(health.lastAnswered()).isNull();
    assertThat(health.history()).isNotEmpty().noneMatch(LinkHealth.Sample::answered);
  }

  @Test
  void two_missed_heartbeats_on_the_endpoint_in_use_fail_over_to_the_next() {
    us.down.add(0);
    us.heartbeats.beat(us.peer());
    assertThat(us.endpoint).isZero();
    us.heartbeats.beat(us.peer());
    assertThat(us.endpoint).isEqualTo(1);
    us.heartbeats.beat(us.peer());
    LinkHealth.Sample last = us.heartbeats.health(LinkPair.CN).lastAnswered();
    assertThat(last.endpoint()).isEqualTo("https://backup.test:8443");
  }

  @Test
  void after_failing_over_the_count_of_misses_starts_again() {
    us.down.add(0);
    us.down.add(1);
    us.heartbeats.beat(us.peer());
    us.heartbeats.beat(us.peer());
    assertThat(us.endpoint).isEqualTo(1);
    us.tried.clear();
    us.heartbeats.beat(us.peer());
    assertThat(us.endpoint).isEqualTo(1);
    us.heartbeats.beat(us.peer());
    assertThat(us.endpoint).isZero();
  }

  @Test
  void an_answer_between_misses_resets_the_count() {
    us.down.add(0);
    us.heartbeats.beat(us.peer());
    us.down.clear();
    us.heartbeats.beat(us.peer());
    us.down.add(0);
    us.heartbeats.beat(us.peer());
    assertThat(us.endpoint).isZero();
  }

  @Test
  void after_failing_over_the_state_never_shows_down_while_the_backup_answers() throws Exception {
    bothBeat();
    us.down.add(0);
    us.downTimesOut = true;
    List<LinkHealth.State> seen = new ArrayList<>();
    try (EventBus.Subscription events = pair.us.events.subscribe()) {
      cn.heartbeats.beat(cn.peer());
      us.heartbeats.beat(us.peer());
      cn.heartbeats.beat(cn.peer());
      us.heartbeats.beat(us.peer());
      assertThat(us.endpoint).as("failed over after two timed-out heartbeats").isEqualTo(1);
      // Until the next round the evaluator keeps judging the link, a quarter interval apart.
      for (int evaluation = 0; evaluation < 3; evaluation++) {
        pair.clock.advance(INTERVAL.dividedBy(4));
        us.heartbeats.evaluateAll();
        seen.add(us.heartbeats.state(LinkPair.CN));
      }
      for (int round = 0; round < 3; round++) {
        pair.clock.advance(INTERVAL.dividedBy(4));
        cn.heartbeats.beat(cn.peer());
        us.heartbeats.beat(us.peer());
        seen.add(us.heartbeats.state(LinkPair.CN));
      }
      assertThat(seen).containsOnly(LinkHealth.State.UP);
      assertThat(LinkPair.drain(events)).extracting(EventJson::type).doesNotContain("link.down");
    }
    assertThat(us.heartbeats.health(LinkPair.CN).lastAnswered().endpoint())
        .isEqualTo("https://backup.test:8443");
  }

  @Test
  void a_switch_to_a_backup_that_answers_resumes_delivery_without_a_state_change() {
    bothBeat();
    us.down.add(0);
    us.heartbeats.beat(us.peer());
    assertThat(recovered).isEmpty();
    us.heartbeats.beat(us.peer());
    assertThat(us.endpoint).isEqualTo(1);
    assertThat(us.tried).endsWith(0, 0, 1);
    assertThat(recovered).as("delivery told at the switch").containsExactly(LinkPair.CN);
    assertThat(us.heartbeats.state(LinkPair.CN)).isEqualTo(LinkHealth.State.UP);
  }

  @Test
  void a_switch_to_a_backup_that_does_not_answer_resumes_nothing() {
    bothBeat();
    us.down.add(0);
    us.down.add(1);
    us.heartbeats.beat(us.peer());
    us.heartbeats.beat(us.peer());
    assertThat(us.endpoint).isEqualTo(1);
    assertThat(recovered).isEmpty();
  }

  @Test
  void with_a_single_endpoint_there_is_no_failover() {
    Peer cnPeer = us.peer();
    pair.us.store.remove(LinkPair.CN);
    pair.us.store.add(new Peer(cnPeer.card(), List.of(cnPeer.endpoints().get(0))));
    us.down.add(0);
    for (int i = 0; i < 3; i++) {
      us.heartbeats.beat(us.peer());
    }
    assertThat(us.endpoint).isZero();
    assertThat(us.heartbeats.health(LinkPair.CN).history()).hasSize(3);
  }

  @Test
  void on_a_backup_the_primary_is_tried_too_and_traffic_returns_to_it_when_it_answers() {
    us.endpoint = 1;
    us.down.add(0);
    us.heartbeats.beat(us.peer());
    assertThat(us.tried).containsExactly(1, 0);
    assertThat(us.endpoint).isEqualTo(1);
    // A miss on the primary while the backup is in use is not a miss of the link.
    assertThat(us.heartbeats.health(LinkPair.CN).history()).hasSize(1);

    us.down.clear();
    us.tried.clear();
    us.heartbeats.beat(us.peer());
    assertThat(us.tried).containsExactly(1, 0);
    assertThat(us.endpoint).isZero();
    assertThat(us.heartbeats.health(LinkPair.CN).history()).hasSize(2);
  }

  @Test
  void on_the_primary_only_the_primary_is_tried() {
    us.heartbeats.beat(us.peer());
    assertThat(us.tried).containsExactly(0);
  }

  @Test
  void a_state_change_is_published_once_and_recovery_from_down_is_told() throws Exception {
    try (EventBus.Subscription events = pair.us.events.subscribe()) {
      us.heartbeats.evaluateAll();
      bothBeat();
      bothBeat();
      us.heartbeats.evaluateAll();
      List<EventJson> up = LinkPair.drain(events);
      assertThat(up).extracting(EventJson::type).containsExactly("link.up");
      assertThat(up.get(0).data())
          .containsEntry("peer", "cn")
          .containsEntry("previous", "UNKNOWN")
          .containsEntry("rtt_ms", 30L);
      assertThat(recovered).isEmpty();

      pair.clock.advance(Duration.ofMillis(12_500));
      us.heartbeats.evaluateAll();
      us.heartbeats.evaluateAll();
      assertThat(LinkPair.drain(events)).extracting(EventJson::type).containsExactly("link.down");

      // cn's heartbeat first: until one arrives, an answered one of ours shows a one-way link.
      cn.heartbeats.beat(cn.peer());
      us.heartbeats.beat(us.peer());
      List<EventJson> back = LinkPair.drain(events);
      assertThat(back).extracting(EventJson::type).containsExactly("link.up");
      assertThat(back.get(0).data()).containsEntry("previous", "DOWN");
      assertThat(recovered).containsExactly(LinkPair.CN);
    }
  }

  @Test
  void a_degraded_link_is_published_as_such_and_is_no_recovery() throws Exception {
    try (EventBus.Subscription events = pair.us.events.subscribe()) {
      bothBeat();
      us.roundTrip = Duration.ofMillis(1_500);
      bothBeat();
      List<EventJson> published = LinkPair.drain(events);
      assertThat(published).extracting(EventJson::type).containsExactly("link.degraded");
      assertThat(published.get(0).data())
          .containsEntry("previous", "UP")
          .containsEntry("rtt_ms", 1_500L);
      assertThat(recovered).isEmpty();
    }
  }

  @Test
  void the_first_evaluation_publishes_nothing() throws Exception {
    bothBeat();
    try (EventBus.Subscription events = pair.us.events.subscribe()) {
      Heartbeats fresh =
          new Heartbeats(
              LinkPair.US,
              pair.us.signer,
              pair.us.store,
              us,
              pair.clock,
              pair.us.events,
              INTERVAL,
              recovered::add);
      fresh.beat(us.peer());
      assertThat(LinkPair.drain(events)).isEmpty();
      fresh.close();
    }
  }

  @Test
  void a_peer_that_pulls_is_not_sent_heartbeats_and_is_judged_by_its_own() {
    Peer cnPeer = us.peer();
    pair.us.store.remove(LinkPair.CN);
    pair.us.store.add(new Peer(cnPeer.card(), cnPeer.endpoints(), Peer.Mode.PULLED));
    us.heartbeats.beat(us.peer());
    assertThat(us.tried).isEmpty();
    assertThat(us.heartbeats.state(LinkPair.CN)).isEqualTo(LinkHealth.State.UNKNOWN);
    cn.heartbeats.beat(cn.peer());
    assertThat(us.heartbeats.state(LinkPair.CN)).isEqualTo(LinkHealth.State.UP);
  }

  @Test
  void an_answer_is_a_signed_reply_with_the_same_seq_and_our_time() {
    pair.clock.advance(Duration.ofMillis(7));
    String note = new Heartbeat(false, LinkPair.US, LinkPair.CN, 41, 5).sign(pair.us.signer);
    Heartbeat reply =
        Heartbeat.open(
            cn.heartbeats.answer(pair.cn.peer(LinkPair.US), note), pair.cn.signer.verifier());
    assertThat(reply)
        .isEqualTo(
            new Heartbeat(true, LinkPair.CN, LinkPair.US, 41, pair.clock.instant().toEpochMilli()));
  }

  @Test
  void a_heartbeat_that_is_a_reply_or_not_between_us_is_not_answered() {
    Peer usOnCn = pair.cn.peer(LinkPair.US);
    for (Heartbeat wrong :
        List.of(
            new Heartbeat(true, LinkPair.US, LinkPair.CN, 1, 0),
            new Heartbeat(false, LinkPair.CN, LinkPair.CN, 1, 0),
            new Heartbeat(false, LinkPair.US, LinkPair.US, 1, 0))) {
      assertThatThrownBy(() -> cn.heartbeats.answer(usOnCn, wrong.sign(pair.us.signer)))
          .isInstanceOf(InvalidInputException.class);
    }
    assertThat(cn.heartbeats.health(LinkPair.US).lastHeard()).isNull();
  }

  @Test
  void started_heartbeats_beat_every_peer_on_their_own_thread() throws Exception {
    us.heartbeats.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (us.heartbeats.health(LinkPair.CN).lastAnswered() == null
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(us.heartbeats.health(LinkPair.CN).lastAnswered()).isNotNull();
  }
}
