package org.hotline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.DeliveryAssertions;
import org.hotline.testing.Mailbox;
import org.hotline.testing.NodeProcess;
import org.hotline.testing.NodeProcesses;
import org.hotline.testing.Nodes;
import org.hotline.testing.Receipts;
import org.hotline.testing.Traffic;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Guarantee 1 across kill -9: one node of the pair runs as a separate OS process and is killed with
 * SIGKILL at a random moment while a stream of messages flows, then restarted on the same data
 * directory. The other node runs in the test's JVM. The moment is random (seeded and printed) but
 * always mid-stream: after some messages and before all of them are delivered.
 */
@Timeout(180)
class CrashTest {
  static final int MESSAGES = 5_000;
  static final Duration STREAM_TIMEOUT = Duration.ofSeconds(90);
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path dir;
  @RegisterExtension final NodeProcesses processes = new NodeProcesses();

  /**
   * Batch settings of the sender: the defaults, and small batches in a wide window, so that the
   * kill finds several batches in flight (the sender waits for that before it kills).
   */
  static final String BATCH_SETTINGS = "256, 3";

  static final String SEVERAL_IN_FLIGHT = "8, 8";

  /** Sets the sender's batch size and window in its hotline.json. */
  private static void batches(NodeHome sender, int entries, int window) {
    Nodes.configure(
        sender, config -> config.put("batch_entries", entries).put("batch_window", window));
  }

  /**
   * Whether the sender has more than two batches' worth of entries without a receipt: with small
   * batches, several batches are then in flight. Always true with the default settings, where the
   * kill need not wait for it.
   */
  private static boolean severalInFlight(Api sender, int entries) {
    return entries == 256 || Mailbox.link(sender, "cn").inFlight() > 2L * entries;
  }

  @ParameterizedTest(name = "batches of {0}, window {1}")
  @CsvSource({BATCH_SETTINGS, SEVERAL_IN_FLIGHT})
  void a_receiver_killed_with_sigkill_mid_stream_gets_all_messages_exactly_once_after_restart(
      int entries, int window) {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    batches(usHome, entries, window);
    Nodes.pinWhileStopped(cnHome, usHome, Nodes.endpoint(usHome));
    try (Node us = Nodes.start(usHome)) {
      us.addPeer(new Peer(cnHome.card(), List.of(Nodes.endpoint(cnHome))));
      Api usApi = new Api(us.home(), us.apiPort());
      Traffic stream;
      long killAt = 250 + random.nextInt(1_500);
      System.err.println(
          "CrashTest seed " + seed + ": receiver killed after " + killAt + " delivered");
      try (NodeProcess cn = processes.start(cnHome)) {
        stream =
            Traffic.start(
                usApi,
                "cn",
                "to-cn",
                MESSAGES,
                new Traffic.Options(2, 50, Duration.ofMillis(20), false, seed));
        Await.until(
            "a first " + killAt + " messages delivered, several batches in flight",
            DELIVERY_TIMEOUT,
            () ->
                Mailbox.link(usApi, "cn").deliveredUpTo() >= killAt
                    && severalInFlight(usApi, entries));
        assertThat(cn.kill())
            .as("exit status of the receiver after SIGKILL")
            .isEqualTo(NodeProcess.SIGKILL_EXIT_STATUS);
      }
      long deliveredAtKill = Mailbox.link(usApi, "cn").deliveredUpTo();
      System.err.println(
          "CrashTest: receiver killed with "
              + deliveredAtKill
              + " delivered, "
              + stream.acceptedCount()
              + " accepted");
      assertThat(deliveredAtKill)
          .as("messages delivered when the receiver died")
          .isBetween(killAt, MESSAGES - 1L);

      try (NodeProcess cn = processes.start(cnHome)) {
        Traffic.Result sent = stream.await(STREAM_TIMEOUT);
        assertThat(sent.accepted()).as("messages accepted by the sender").hasSize(MESSAGES);
        DeliveryTest.awaitDrained(usApi, "cn", MESSAGES, DELIVERY_TIMEOUT);
        Map<String, Long> seqs =
            DeliveryAssertions.assertExactlyOnceInSequenceOrder(
                Mailbox.inbox(cn.api()), sent.accepted(), "us", "cn");
        Receipts.assertAllVerify(
            usApi, aroundAndEvery(seqs, deliveredAtKill), seqs, usHome.card(), cnHome.card());
        DeliveryAssertions.assertAllDelivered(Mailbox.outbox(usApi), sent.ids(), "us");
        assertThat(Mailbox.link(cn.api(), "us").received()).isEqualTo(MESSAGES);
        assertThat(Mailbox.peerMaterialEvents(cn.api()))
            .as("security events on the receiver")
            .isEmpty();
      }
      assertThat(Mailbox.peerMaterialEvents(usApi)).as("security events on the sender").isEmpty();
    }
  }

  /**
   * The sender dies while API submissions and federation batches are in flight. Whatever it
   * answered 201 to is on its disk and reaches the receiver once it is back; a submission it never
   * answered may or may not have been stored, but never arrives twice.
   */
  @ParameterizedTest(name = "batches of {0}, window {1}")
  @CsvSource({BATCH_SETTINGS, SEVERAL_IN_FLIGHT})
  void
      a_sender_killed_with_sigkill_mid_stream_delivers_every_accepted_message_exactly_once_after_restart(
          int entries, int window) {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    batches(usHome, entries, window);
    Nodes.pinWhileStopped(usHome, cnHome, Nodes.endpoint(cnHome));
    try (Node cn = Nodes.start(cnHome)) {
      cn.addPeer(new Peer(usHome.card(), List.of(Nodes.endpoint(usHome))));
      Api cnApi = new Api(cn.home(), cn.apiPort());
      Traffic.Result sent;
      long killAt = 100 + random.nextInt(600);
      System.err.println(
          "CrashTest seed " + seed + ": sender killed after " + killAt + " received");
      try (NodeProcess us = processes.start(usHome)) {
        // Killed by a client the moment it reads a 201: if the 201 came before the messages were
        // durable, this is when they are lost.
        AtomicBoolean armed = new AtomicBoolean();
        AtomicInteger exitStatus = new AtomicInteger(-1);
        Runnable killOnFirstAcceptanceWhenArmed =
            () -> {
              if (armed.compareAndSet(true, false)) {
                exitStatus.set(us.kill());
              }
            };
        Traffic stream =
            Traffic.start(
                us.api(),
                "cn",
                "to-cn",
                MESSAGES,
                new Traffic.Options(3, 50, Duration.ofMillis(30), true, seed),
                killOnFirstAcceptanceWhenArmed);
        Await.until(
            "a first " + killAt + " messages received, several batches in flight",
            DELIVERY_TIMEOUT,
            () ->
                Mailbox.link(cnApi, "us").received() >= killAt
                    && severalInFlight(us.api(), entries));
        armed.set(true);
        Await.until(
            "the sender to be killed",
            DELIVERY_TIMEOUT,
            () -> exitStatus.get() != -1 || stream.finished());
        assertThat(stream.finished() && exitStatus.get() == -1)
            .as(
                "the stream ended before the sender was killed: %d accepted",
                stream.acceptedCount())
            .isFalse();
        assertThat(exitStatus.get())
            .as("exit status of the sender after SIGKILL")
            .isEqualTo(NodeProcess.SIGKILL_EXIT_STATUS);
        sent = stream.await(STREAM_TIMEOUT);
      }
      long receivedAtKill = Mailbox.link(cnApi, "us").received();
      System.err.println(
          "CrashTest: sender killed with "
              + receivedAtKill
              + " received, "
              + sent.accepted().size()
              + " accepted, "
              + sent.unansweredMessages()
              + " in "
              + sent.unanswered().size()
              + " unanswered submissions");
      assertThat(receivedAtKill)
          .as("messages received when the sender died")
          .isBetween(killAt, sent.accepted().size() - 1L);

      try (NodeProcess us = processes.start(usHome)) {
        // Once the restarted sender has nothing queued or unreceipted, nothing more will arrive.
        Await.until(
            "the restarted sender to drain",
            DELIVERY_TIMEOUT,
            () -> Mailbox.link(us.api(), "cn"),
            Mailbox.LinkReport::drained);
        Map<String, Long> seqs =
            DeliveryAssertions.assertAcceptedExactlyOnceInSequenceOrder(
                Mailbox.inbox(cnApi), sent, "us", "cn");
        Receipts.assertAllVerify(
            us.api(), aroundAndEvery(seqs, receivedAtKill), seqs, usHome.card(), cnHome.card());
        DeliveryAssertions.assertAllDelivered(Mailbox.outbox(us.api()), sent.ids(), "us");
        assertThat(Mailbox.peerMaterialEvents(us.api()))
            .as("security events on the sender")
            .isEmpty();
      }
      assertThat(Mailbox.peerMaterialEvents(cnApi)).as("security events on the receiver").isEmpty();
    }
  }

  /**
   * The messages whose receipts are checked: every one within {@link #RECEIPTS_AROUND_KILL} of the
   * kill, where receipts came by resynchronizing rather than as answers, and every tenth elsewhere.
   */
  private static List<String> aroundAndEvery(Map<String, Long> seqs, long seqAtKill) {
    return seqs.entrySet().stream()
        .filter(
            entry ->
                Math.abs(entry.getValue() - seqAtKill) <= RECEIPTS_AROUND_KILL
                    || entry.getValue() % 10 == 0)
        .map(Map.Entry::getKey)
        .toList();
  }

  static final int RECEIPTS_AROUND_KILL = 300;
}
