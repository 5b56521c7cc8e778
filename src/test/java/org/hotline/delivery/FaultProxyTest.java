package org.hotline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hotline.app.Node;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.DeliveryAssertions;
import org.hotline.testing.FaultProxy;
import org.hotline.testing.FederationPeer;
import org.hotline.testing.LogLines;
import org.hotline.testing.Mailbox;
import org.hotline.testing.Nodes;
import org.hotline.testing.Traffic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantees 1 and 2 over a bad network: the nodes are paired through {@link FaultProxy}s that drop
 * connections mid-request, drop answers after the work was done, delay, and stall, while a pinned
 * client replays batches the sender already sent.
 */
@Timeout(180)
class FaultProxyTest {
  static final int MESSAGES_EACH_WAY = 2_000;

  /** The streams stop here even if the faults have not cycled (the test then fails on them). */
  static final int MESSAGES_EACH_WAY_MAX = 20_000;

  /** Every kind of fault hits each direction at least this many times. */
  static final int FAULT_CYCLES_MIN = 3;

  static final Duration STREAM_TIMEOUT = Duration.ofSeconds(90);
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

  /** How the dispatcher logs a failed round: "link to cn: {error} (attempt {n})". */
  private static final Pattern FAILED_ATTEMPT =
      Pattern.compile("link to cn: .* \\(attempt (\\d+)\\)", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void
      at_least_two_thousand_messages_each_way_through_every_fault_and_replayed_batches_arrive_once_in_sequence_order()
          throws Exception {
    long seed = System.nanoTime();
    System.err.println("FaultProxyTest seed " + seed);
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"));
        FaultProxy toCn = FaultProxy.start(cn.federationPort());
        FaultProxy toUs = FaultProxy.start(us.federationPort())) {
      us.addPeer(new Peer(cn.home().card(), List.of(toCn.endpoint())));
      cn.addPeer(new Peer(us.home().card(), List.of(toUs.endpoint())));
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());

      AtomicBoolean stop = new AtomicBoolean();
      Chaos toCnChaos = new Chaos(toCn, new Random(seed), stop);
      Chaos toUsChaos = new Chaos(toUs, new Random(seed + 1), stop);
      Replayer replayer =
          new Replayer(
              List.of(new Direction(us, cn), new Direction(cn, us)), new Random(seed + 2), stop);
      List<Thread> threads =
          List.of(
              Thread.ofPlatform().daemon().name("chaos-to-cn").start(toCnChaos),
              Thread.ofPlatform().daemon().name("chaos-to-us").start(toUsChaos),
              Thread.ofPlatform().daemon().name("replayer").start(replayer));
      Traffic.Result sentByUs;
      Traffic.Result sentByCn;
      try {
        // Faults need traffic to hit: on a fast machine the minimum is delivered before the faults
        // have cycled, so the streams go on until they have (or MESSAGES_EACH_WAY_MAX).
        Traffic.Options options = new Traffic.Options(2, 20, Duration.ofMillis(10), false, seed);
        BooleanSupplier cycled =
            () ->
                toCnChaos.cycles.get() >= FAULT_CYCLES_MIN
                    && toUsChaos.cycles.get() >= FAULT_CYCLES_MIN;
        Traffic fromUs =
            Traffic.startUntil(
                usApi, "cn", "us-to-cn", MESSAGES_EACH_WAY, MESSAGES_EACH_WAY_MAX, cycled, options);
        Traffic fromCn =
            Traffic.startUntil(
                cnApi, "us", "cn-to-us", MESSAGES_EACH_WAY, MESSAGES_EACH_WAY_MAX, cycled, options);
        sentByUs = fromUs.await(STREAM_TIMEOUT);
        sentByCn = fromCn.await(STREAM_TIMEOUT);
        Await.until(
            FAULT_CYCLES_MIN + " cycles of every fault in both directions",
            STREAM_TIMEOUT,
            () ->
                toCnChaos.cycles.get() >= FAULT_CYCLES_MIN
                    && toUsChaos.cycles.get() >= FAULT_CYCLES_MIN);
      } finally {
        stop.set(true);
        for (Thread thread : threads) {
          thread.join(Duration.ofSeconds(30));
        }
        toCn.set(new FaultProxy.Pass());
        toUs.set(new FaultProxy.Pass());
      }
      System.err.println(
          "FaultProxyTest: messages "
              + sentByUs.accepted().size()
              + " to cn, "
              + sentByCn.accepted().size()
              + " to us; to cn "
              + toCn.stats()
              + ", to us "
              + toUs.stats()
              + ", replays "
              + replayer.answers);

      assertThat(sentByUs.accepted()).hasSizeGreaterThanOrEqualTo(MESSAGES_EACH_WAY);
      assertThat(sentByCn.accepted()).hasSizeGreaterThanOrEqualTo(MESSAGES_EACH_WAY);
      DeliveryTest.awaitDrained(usApi, "cn", sentByUs.accepted().size(), DELIVERY_TIMEOUT);
      DeliveryTest.awaitDrained(cnApi, "us", sentByCn.accepted().size(), DELIVERY_TIMEOUT);
      DeliveryAssertions.assertExactlyOnceInSequenceOrder(
          Mailbox.inbox(cnApi), sentByUs.accepted(), "us", "cn");
      DeliveryAssertions.assertExactlyOnceInSequenceOrder(
          Mailbox.inbox(usApi), sentByCn.accepted(), "cn", "us");
      DeliveryAssertions.assertAllDelivered(Mailbox.outbox(usApi), sentByUs.ids(), "us");
      DeliveryAssertions.assertAllDelivered(Mailbox.outbox(cnApi), sentByCn.ids(), "cn");

      for (FaultProxy proxy : List.of(toCn, toUs)) {
        FaultProxy.Stats stats = proxy.stats();
        assertThat(stats.dropped())
            .as("connections dropped mid-request")
            .isGreaterThanOrEqualTo(FAULT_CYCLES_MIN);
        assertThat(stats.responsesDropped())
            .as("answers dropped after the work was done")
            .isGreaterThanOrEqualTo(FAULT_CYCLES_MIN);
        assertThat(stats.delayedChunks())
            .as("chunks delayed")
            .isGreaterThanOrEqualTo(FAULT_CYCLES_MIN);
        assertThat(stats.heldChunks())
            .as("chunks held in a blackhole")
            .isGreaterThanOrEqualTo(FAULT_CYCLES_MIN);
      }
      assertThat(replayer.errors).as("replayer errors").isEmpty();
      assertThat(replayer.answers)
          .as("answers to replayed batches")
          .isNotEmpty()
          .allSatisfy(answer -> assertThat(answer).isIn("200", "409 already-stored", "409 gap"));
      assertThat(replayer.answers)
          .as("replays of batches the receiver already held")
          .contains("409 already-stored");
      assertThat(Mailbox.peerMaterialEvents(usApi)).as("security events on us").isEmpty();
      assertThat(Mailbox.peerMaterialEvents(cnApi)).as("security events on cn").isEmpty();
    }
  }

  /**
   * Backoff after a failure must start again from its base once the link works: a busy link that
   * suffers one brief fault after another retries after each as after the first, rather than
   * waiting ever longer (2^n) for faults long past. The dispatcher writes each failure to the
   * operator's log with its attempt number ("link to cn: … (attempt n)"), which is what the backoff
   * grows with; the first after each fault must be attempt 1. How soon delivery resumes in real
   * time is a benchmark (the watch figures in docs/BENCHMARKS.md), not a test.
   */
  @Test
  void a_busy_link_retries_after_each_of_many_brief_faults_as_after_the_first() {
    int faults = 8;
    try (LogLines dispatcherLog = LogLines.of("org.hotline.link.send.Dispatcher");
        Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"));
        FaultProxy toCn = FaultProxy.start(cn.federationPort())) {
      FaultProxy.Delay slowNetwork = new FaultProxy.Delay(Duration.ofMillis(10));
      toCn.set(slowNetwork);
      us.addPeer(new Peer(cn.home().card(), List.of(toCn.endpoint())));
      cn.addPeer(
          new Peer(
              us.home().card(), List.of(URI.create("https://127.0.0.1:" + us.federationPort()))));
      Api usApi = new Api(us.home(), us.apiPort());
      int backlog = 8_000;
      Traffic.Result sent =
          Traffic.start(
                  usApi,
                  "cn",
                  "backlog",
                  backlog,
                  new Traffic.Options(2, 1_000, Duration.ZERO, false, 7))
              .await(STREAM_TIMEOUT);
      Await.until(
          "delivery under way",
          DELIVERY_TIMEOUT,
          () -> Mailbox.link(usApi, "cn").deliveredUpTo() > 0);

      List<Integer> firstAttempts = new ArrayList<>();
      for (int fault = 1; fault <= faults; fault++) {
        int linesBefore = dispatcherLog.lines().size();
        toCn.set(new FaultProxy.DropAfter(0));
        List<Integer> attempts =
            Await.until(
                "fault " + fault + " to fail a round of delivery",
                DELIVERY_TIMEOUT,
                () -> attemptsLogged(dispatcherLog, linesBefore),
                logged -> !logged.isEmpty());
        long deliveredAtFault = Mailbox.link(usApi, "cn").deliveredUpTo();
        toCn.set(slowNetwork);
        Await.until(
            "delivery to resume after fault " + fault,
            DELIVERY_TIMEOUT,
            () -> Mailbox.link(usApi, "cn").deliveredUpTo() > deliveredAtFault);
        firstAttempts.add(attempts.get(0));
      }
      Mailbox.LinkReport afterFaults = Mailbox.link(usApi, "cn");
      assertThat(afterFaults.queued())
          .as("messages still queued after the last fault: the link was busy throughout")
          .isPositive();
      assertThat(firstAttempts)
          .as("the attempt number of the first failure after each fault")
          .hasSize(faults)
          .containsOnly(1);

      toCn.set(new FaultProxy.Pass());
      DeliveryTest.awaitDrained(usApi, "cn", backlog, DELIVERY_TIMEOUT);
      DeliveryAssertions.assertExactlyOnceInSequenceOrder(
          Mailbox.inbox(new Api(cn.home(), cn.apiPort())), sent.accepted(), "us", "cn");
    }
  }

  /**
   * Why batches are replayed at the application level: the bytes of a recorded TLS 1.3 connection,
   * sent again, die in the handshake, because the server's fresh key share makes the recorded
   * Finished and records undecryptable. A pinned peer re-posting a batch it already sent is refused
   * as already stored. Neither stores anything nor raises an alarm: a faithful repeat is not an
   * attack on the record.
   */
  @Test
  void
      a_replayed_connection_dies_in_the_tls_handshake_and_a_replayed_batch_is_refused_as_already_stored() {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"));
        FaultProxy toCn = FaultProxy.start(cn.federationPort())) {
      toCn.recordNextConnection();
      us.addPeer(new Peer(cn.home().card(), List.of(toCn.endpoint())));
      cn.addPeer(
          new Peer(
              us.home().card(), List.of(URI.create("https://127.0.0.1:" + us.federationPort()))));
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      Traffic.Result sent =
          Traffic.start(usApi, "cn", "before-replay", 100, Traffic.Options.concurrent(3))
              .await(STREAM_TIMEOUT);
      DeliveryTest.awaitDrained(usApi, "cn", 100, DELIVERY_TIMEOUT);
      assertThat(toCn.recording().length)
          .as("bytes recorded: handshake and batches")
          .isGreaterThan(4_096);

      FaultProxy.Replay replay = toCn.replayRecording(Duration.ofSeconds(10));
      assertThat(replay.answer()).as("the server's answer to the replayed bytes").isNotEmpty();
      assertThat(replay.answer()[0])
          .as("TLS record type of the answer: a fresh handshake (ServerHello)")
          .isEqualTo((byte) 0x16);
      assertThat(replay.closedByServer()).as("the server aborted the replayed handshake").isTrue();

      long firstBatchEnd =
          FederationPeer.checkpointSizes(us.home().database(), "hotline/us/cn").get(0);
      FederationPeer.SentBatch first =
          FederationPeer.sentBatch(us.home().database(), "hotline/us/cn", 0, firstBatchEnd);
      try (FederationPeer peer =
          new FederationPeer(
              us.home(),
              cn.home().card(),
              URI.create("https://127.0.0.1:" + cn.federationPort()))) {
        FederationPeer.Answer answer = peer.postBatch(first.requestBody());
        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.problem()).isEqualTo("already-stored");
      }

      DeliveryAssertions.assertExactlyOnceInSequenceOrder(
          Mailbox.inbox(cnApi), sent.accepted(), "us", "cn");
      assertThat(Mailbox.link(cnApi, "us").received()).isEqualTo(100);
      assertThat(Mailbox.peerMaterialEvents(cnApi)).as("security events on cn").isEmpty();
    }
  }

  /**
   * The dispatcher's failed attempts at delivery to cn logged after the first {@code skip} lines.
   */
  private static List<Integer> attemptsLogged(LogLines log, int skip) {
    List<String> lines = log.lines();
    List<Integer> attempts = new ArrayList<>();
    for (String line : lines.subList(Math.min(skip, lines.size()), lines.size())) {
      Matcher failure = FAILED_ATTEMPT.matcher(line);
      if (failure.matches()) {
        attempts.add(Integer.parseInt(failure.group(1)));
      }
    }
    return attempts;
  }

  /** Cycles one proxy through every fault, each until it has hit traffic, until stopped. */
  private static final class Chaos implements Runnable {
    /** A fault that never hits traffic (the link is backing off) gives up after this long. */
    static final Duration PHASE_MAX = Duration.ofSeconds(3);

    final FaultProxy proxy;
    final Random random;
    final AtomicBoolean stop;
    final AtomicInteger cycles = new AtomicInteger();

    Chaos(FaultProxy proxy, Random random, AtomicBoolean stop) {
      this.proxy = proxy;
      this.random = random;
      this.stop = stop;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        boolean allHit =
            phase(new FaultProxy.DropAfter(random.nextInt(32 * 1024)), stats -> stats.dropped())
                & phase(
                    new FaultProxy.Delay(Duration.ofMillis(1 + random.nextInt(15))),
                    stats -> stats.delayedChunks())
                & phase(new FaultProxy.DropResponses(), stats -> stats.responsesDropped())
                & phase(new FaultProxy.Blackhole(), stats -> stats.heldChunks());
        proxy.set(new FaultProxy.Pass());
        pause(100 + random.nextInt(300));
        if (allHit) {
          cycles.incrementAndGet();
        }
      }
    }

    /** Sets {@code fault} until it has hit traffic (then a little longer); true if it did. */
    private boolean phase(
        FaultProxy.Fault fault, java.util.function.ToLongFunction<FaultProxy.Stats> effect) {
      if (stop.get()) {
        return false;
      }
      long before = effect.applyAsLong(proxy.stats());
      proxy.set(fault);
      long deadline = System.nanoTime() + PHASE_MAX.toNanos();
      while (effect.applyAsLong(proxy.stats()) == before
          && System.nanoTime() < deadline
          && !stop.get()) {
        pause(5);
      }
      boolean hit = effect.applyAsLong(proxy.stats()) > before;
      if (hit && (fault instanceof FaultProxy.Delay || fault instanceof FaultProxy.Blackhole)) {
        pause(50 + random.nextInt(400));
      }
      return hit;
    }

    private static void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private record Direction(Node sender, Node receiver) {
    String log() {
      return "hotline/" + sender.home().party() + "/" + receiver.home().party();
    }
  }

  /**
   * Re-posts batches each sender already sent, straight to the receiver as the pinned sender: the
   * newest (which may not have arrived yet, so it races the real one) and a random older one.
   */
  private static final class Replayer implements Runnable {
    static final Duration INTERVAL = Duration.ofMillis(100);

    final List<Direction> directions;
    final Random random;
    final AtomicBoolean stop;
    final List<String> answers = Collections.synchronizedList(new ArrayList<>());
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    Replayer(List<Direction> directions, Random random, AtomicBoolean stop) {
      this.directions = directions;
      this.random = random;
      this.stop = stop;
    }

    @Override
    public void run() {
      List<FederationPeer> peers = new ArrayList<>();
      for (Direction direction : directions) {
        URI receiver = URI.create("https://127.0.0.1:" + direction.receiver().federationPort());
        peers.add(
            new FederationPeer(
                direction.sender().home(), direction.receiver().home().card(), receiver));
      }
      try {
        while (!stop.get()) {
          for (int i = 0; i < directions.size(); i++) {
            replay(directions.get(i), peers.get(i));
          }
          Thread.sleep(INTERVAL);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        errors.add(e.toString());
      } finally {
        peers.forEach(FederationPeer::close);
      }
    }

    private void replay(Direction direction, FederationPeer peer) {
      Path database = direction.sender().home().database();
      List<Long> sizes = FederationPeer.checkpointSizes(database, direction.log());
      if (sizes.isEmpty()) {
        return;
      }
      int newest = sizes.size() - 1;
      for (int index : List.of(newest, random.nextInt(sizes.size()))) {
        long after = index == 0 ? 0 : sizes.get(index - 1);
        FederationPeer.Answer answer =
            peer.postBatch(
                FederationPeer.sentBatch(database, direction.log(), after, sizes.get(index))
                    .requestBody());
        answers.add(answer.status() + (answer.problem() == null ? "" : " " + answer.problem()));
      }
    }
  }
}
