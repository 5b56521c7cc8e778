package org.hotline.link.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.hotline.event.EventBus;
import org.hotline.identity.LogOrigin;
import org.hotline.link.AckDeadlines;
import org.hotline.link.Batch;
import org.hotline.link.BatchLimits;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.LinkPair;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;
import org.hotline.link.MessageState;
import org.hotline.link.Peer;
import org.hotline.link.PeerUnreachableException;
import org.hotline.link.RemoteLogState;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.health.Backoff;
import org.hotline.link.receive.Receiver;
import org.hotline.testing.Events;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.SignedNote;
import org.hotline.web.EventJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * us's real {@link Dispatcher}, driven one round at a time, delivering its log to cn's real {@link
 * Receiver} through {@link LinkPair.Direct}: the receiver minus the network, which a test can make
 * drop a request or an answer, or alter a receipt, as a faulty network or peer would.
 */
class DispatcherTest {
  /** Always the lower end of the jitter range, so each delay is exactly half its ceiling. */
  private static final RandomGenerator NO_JITTER = () -> 0L;

  @TempDir Path dir;
  private LinkPair pair;
  private Dispatcher dispatcher;
  private final LogOrigin log = LinkPair.usToCn();

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    dispatcher = pair.dispatcher(Backoff.standard(NO_JITTER));
  }

  @AfterEach
  void close() {
    pair.close();
  }

  private List<String> subjects(String prefix, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(prefix + " " + i);
    }
    return out;
  }

  private List<MessageId> submit(int count) {
    List<MessageId> ids = new ArrayList<>();
    List<String> all = subjects("m", count);
    for (int from = 0; from < count; from += Outbox.SUBMISSION_MESSAGES_MAX) {
      List<String> part = all.subList(from, Math.min(count, from + Outbox.SUBMISSION_MESSAGES_MAX));
      ids.addAll(pair.submit(Precedence.ROUTINE, part.toArray(String[]::new)));
    }
    return ids;
  }

  private MessageState state(MessageId id) {
    return pair.us.store.message(id).orElseThrow().state();
  }

  private List<Integer> pushedSizes() {
    return pair.toCn.pushed.stream().map(b -> b.entries().size()).toList();
  }

  /** Runs a round that must fail, as the loop would, and returns the failure. */
  private RuntimeException failingRound(int failures) {
    try {
      dispatcher.round();
    } catch (RuntimeException e) {
      dispatcher.failed(e, failures);
      return e;
    }
    throw new AssertionError("the round did not fail");
  }

  @Test
  void with_nothing_queued_a_round_does_nothing() {
    assertThat(dispatcher.round()).isFalse();
    assertThat(pair.toCn.pushed).isEmpty();
    assertThat(dispatcher.reachable()).isTrue();
  }

  @Test
  void for_a_peer_not_paired_a_round_does_nothing() {
    Dispatcher stranger =
        new Dispatcher(
            LinkPair.US,
            org.hotline.identity.PartyId.of("xx"),
            pair.us.store,
            pair.us.store,
            pair.toCn,
            pair.us.sequencer,
            pair.us.outbox(),
            pair.clock,
            Backoff.standard(NO_JITTER),
            pair.us.events,
            pair.us.blocks,
            () -> pair.limits,
            Runnable::run);
    assertThat(stranger.round()).isFalse();
    assertThat(pair.toCn.stateCalls).hasValue(0);
    assertThat(stranger.reachable()).isFalse();
  }

  @Test
  void queued_messages_are_sent_and_marked_delivered_once_the_receipt_verifies() throws Exception {
    List<MessageId> ids = submit(3);
    pair.clock.advance(Duration.ofSeconds(5));
    try (EventBus.Subscription events = pair.us.events.subscribe()) {
      assertThat(dispatcher.round()).isTrue();

      assertThat(pushedSizes()).containsExactly(3);
      assertThat(pair.toCn.pushed.get(0).firstSeq()).isEqualTo(1);
      assertThat(pair.cn.head(log).size()).isEqualTo(3);
      for (MessageId id : ids) {
        MessageRecord message = pair.us.store.message(id).orElseThrow();
        assertThat(message.state()).isEqualTo(MessageState.DELIVERED);
        assertThat(message.deliveredAt()).isEqualTo(pair.clock.instant());
        assertThat(message.receiptSize()).isEqualTo(3);
      }
      LinkStore.Receipt receipt = pair.us.store.latestReceipt(log).orElseThrow();
      assertThat(receipt.size()).isEqualTo(3);
      assertThat(receipt.at()).isEqualTo(pair.clock.instant());
      SignedNote cosigned = SignedNote.parse(receipt.cosignedNote());
      Checkpoint checkpoint = Checkpoint.parse(cosigned.text());
      assertThat(
              cosigned.signatures().stream()
                  .anyMatch(s -> Cosignature.verify(checkpoint, s, pair.cn.signer.verifier())))
          .isTrue();
      assertThat(pair.us.head(log).receiptedSize()).isEqualTo(3);
      assertThat(pair.us.outbox().queued(LinkPair.CN)).isZero();
      List<EventJson> published = new ArrayList<>();
      for (EventJson e = Events.next(events, 0); e != null; e = Events.next(events, 0)) {
        published.add(e);
      }
      assertThat(published).extracting(EventJson::type).containsExactly("link.receipt");
      assertThat(published.get(0).data())
          .containsEntry("peer", "cn")
          .containsEntry("delivered_up_to", 3L);
    }
    assertThat(dispatcher.round()).isFalse();
    assertThat(pushedSizes()).containsExactly(3);
    assertThat(dispatcher.lastError()).isEmpty();
  }

  @Test
  void the_peers_size_is_asked_once_and_again_only_after_a_failure() {
    submit(1);
    dispatcher.round();
    submit(1);
    dispatcher.round();
    assertThat(pair.toCn.stateCalls).hasValue(1);
    submit(1);
    pair.toCn.pushesLost = 1;
    failingRound(1);
    dispatcher.round();
    assertThat(pair.toCn.stateCalls).hasValue(2);
    assertThat(pair.cn.head(log).size()).isEqualTo(3);
  }

  @Test
  void a_restarted_dispatcher_resumes_from_the_size_the_peer_holds() {
    submit(2);
    dispatcher.round();
    submit(1);
    Dispatcher restarted = pair.dispatcher(Backoff.standard(NO_JITTER));
    assertThat(restarted.round()).isTrue();
    assertThat(pair.toCn.pushed.get(1).firstSeq()).isEqualTo(3);
    assertThat(pushedSizes()).containsExactly(2, 1);
    assertThat(pair.cn.head(log).size()).isEqualTo(3);
  }

  @Test
  void a_receipt_lost_on_the_way_is_taken_from_the_peers_state_instead_of_resending() {
    List<MessageId> ids = submit(2);
    pair.toCn.answersLost = 1;
    RuntimeException failure = failingRound(1);
    assertThat(failure).isInstanceOf(PeerUnreachableException.class);
    assertThat(pair.cn.head(log).size()).isEqualTo(2);
    assertThat(state(ids.get(0))).isEqualTo(MessageState.SENT);

    assertThat(dispatcher.round()).isFalse();

    assertThat(pushedSizes()).containsExactly(2);
    assertThat(state(ids.get(0))).isEqualTo(MessageState.DELIVERED);
    assertThat(state(ids.get(1))).isEqualTo(MessageState.DELIVERED);
    assertThat(pair.us.head(log).receiptedSize()).isEqualTo(2);
    assertThat(pair.us.store.latestReceipt(log).orElseThrow().cosignedNote())
        .isEqualTo(pair.cn.store.latestReceipt(log).orElseThrow().cosignedNote());
  }

  @Test
  void a_batch_that_never_arrived_is_sent_again() {
    List<MessageId> ids = submit(2);
    pair.toCn.pushesLost = 1;
    failingRound(1);
    assertThat(pair.cn.head(log).size()).isZero();
    assertThat(dispatcher.round()).isTrue();
    assertThat(pushedSizes()).containsExactly(2, 2);
    assertThat(state(ids.get(1))).isEqualTo(MessageState.DELIVERED);
  }

  @Test
  void a_batch_holds_at_most_the_maximum_entries_and_the_rest_follows_in_the_next() {
    submit(BatchLimits.ENTRIES_MAX + 44);
    assertThat(dispatcher.round()).isTrue();
    assertThat(pushedSizes()).containsExactly(BatchLimits.ENTRIES_MAX, 44);
    assertThat(pair.toCn.pushed.get(1).firstSeq()).isEqualTo(BatchLimits.ENTRIES_MAX + 1);
    assertThat(pair.us.outbox().queued(LinkPair.CN)).isZero();
    assertThat(dispatcher.round()).isFalse();
    assertThat(pair.cn.head(log).size()).isEqualTo(BatchLimits.ENTRIES_MAX + 44);
    assertThat(pair.us.head(log).receiptedSize()).isEqualTo(BatchLimits.ENTRIES_MAX + 44);
  }

  @Test
  void batches_in_flight_never_exceed_the_window_and_its_last_slot_is_kept_for_urgent_entries() {
    pair.limits = new BatchLimits(10, 3);
    HeldSends held = new HeldSends();
    pair.sends = held;
    dispatcher = pair.dispatcher(Backoff.standard(NO_JITTER));
    submit(100);

    assertThat(dispatcher.round()).isTrue();
    // ROUTINE entries take all slots but the last: two batches of ten in flight.
    assertThat(held.waiting()).isEqualTo(2);
    assertThat(pair.us.head(log).size()).isEqualTo(20);
    assertThat(dispatcher.round()).isFalse();

    List<MessageId> flash =
        pair
            .us
            .outbox()
            .submit(
                List.of(
                    LinkPair.draft(Precedence.FLASH, "f1"), LinkPair.draft(Precedence.FLASH, "f2")))
            .stream()
            .map(Outbox.Accepted::id)
            .toList();
    assertThat(dispatcher.round()).isTrue();
    // The FLASH entries take the last slot at once, in a batch of their own.
    assertThat(held.waiting()).isEqualTo(3);
    assertThat(pair.us.store.message(flash.get(0)).orElseThrow().seq()).isEqualTo(21);
    assertThat(pair.us.store.message(flash.get(1)).orElseThrow().seq()).isEqualTo(22);
    assertThat(pair.us.head(log).size()).isEqualTo(22);

    submit(1);
    pair.us.outbox().submit(List.of(LinkPair.draft(Precedence.FLASH, "f3")));
    assertThat(dispatcher.round()).isFalse();
    assertThat(held.waiting()).isEqualTo(3);

    held.runAll();
    assertThat(pushedSizes()).containsExactly(10, 10, 2);
    assertThat(dispatcher.round()).isTrue();
    assertThat(pair.us.head(log).receiptedSize()).isEqualTo(22);
    assertThat(state(flash.get(1))).isEqualTo(MessageState.DELIVERED);
    // With the window open again the next FLASH goes first, alone.
    held.runAll();
    assertThat(pushedSizes()).startsWith(10, 10, 2, 1);
    assertThat(pair.toCn.pushed.get(3).firstSeq()).isEqualTo(23);
  }

  @Test
  void a_failed_batch_stops_further_sends_until_the_peers_size_is_known_again() {
    pair.limits = new BatchLimits(10, 3);
    dispatcher = pair.dispatcher(Backoff.standard(NO_JITTER));
    submit(30);
    pair.toCn.pushesLost = 1;
    failingRound(1);
    assertThat(pushedSizes()).containsExactly(10);
    assertThat(dispatcher.round()).isTrue();
    assertThat(pushedSizes()).containsExactly(10, 10, 10);
    assertThat(dispatcher.round()).isTrue();
    assertThat(pushedSizes()).containsExactly(10, 10, 10, 10);
    assertThat(pair.cn.head(log).size()).isEqualTo(30);
    assertThat(pair.us.head(log).receiptedSize()).isEqualTo(30);
  }

  @Test
  void a_gap_answer_is_flow_control_the_size_is_asked_again_without_backing_off() {
    submit(2);
    dispatcher.round();
    submit(1);
    pair.toCn.refuseNext =
        new BatchRefusedException(
            BatchRefusedException.Kind.GAP, "batch starts at 3 but holds 1", 1);
    assertThat(dispatcher.round()).isTrue();
    assertThat(dispatcher.lastError()).isEmpty();
    assertThat(dispatcher.round()).isTrue();
    assertThat(pair.cn.head(log).size()).isEqualTo(3);
    assertThat(pair.toCn.stateCalls).hasValue(2);
  }

  @Test
  void a_full_window_without_receipts_sequences_nothing_more() {
    submit(BatchLimits.ENTRIES_MAX + 5);
    pair.toCn.pushesLost = 2;
    failingRound(1);
    failingRound(2);
    assertThat(pair.us.head(log).size()).isEqualTo(BatchLimits.ENTRIES_MAX);
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isEqualTo(5);
  }

  @Test
  void a_receipt_that_does_not_verify_leaves_the_messages_sent_and_is_raised() {
    List<MessageId> ids = submit(2);
    NoteSigner other = NoteSigner.fromSeed("hotline/cn", new byte[32]);
    pair.toCn.receipt =
        cosignature -> {
          SignedNote.NoteSignature real = SignedNote.NoteSignature.parse(cosignature);
          String checkpoint = pair.us.store.checkpoint(log, 2).orElseThrow();
          Checkpoint signed = Checkpoint.parse(SignedNote.parse(checkpoint).text());
          return Cosignature.sign(signed, other, Cosignature.timestamp(real)).line();
        };

    RuntimeException failure = failingRound(1);

    assertThat(failure).isInstanceOf(BatchRefusedException.class);
    assertThat(((BatchRefusedException) failure).kind())
        .isEqualTo(BatchRefusedException.Kind.BAD_SIGNATURE);
    assertThat(state(ids.get(0))).isEqualTo(MessageState.SENT);
    assertThat(pair.us.head(log).receiptedSize()).isZero();
    assertThat(pair.us.store.latestReceipt(log)).isEmpty();
    assertThat(pair.us.storedEventKinds()).containsExactly(SecurityEvent.Kind.BAD_RECEIPT);
    assertThat(pair.us.store.securityEvents(1).get(0).detail())
        .contains("no valid cosignature by cn");
  }

  @Test
  void a_malformed_receipt_is_refused_and_raised() {
    submit(1);
    pair.toCn.receipt = cosignature -> "not a signature line";
    RuntimeException failure = failingRound(1);
    assertThat(((BatchRefusedException) failure).kind())
        .isEqualTo(BatchRefusedException.Kind.BAD_SIGNATURE);
    assertThat(pair.us.store.securityEvents(1).get(0).detail()).contains("malformed");
  }

  @Test
  void a_peer_claiming_more_entries_than_were_written_is_refused_and_raised() {
    submit(1);
    dispatcher.round();
    pair.toCn.state = new RemoteLogState(5, null);
    submit(1);
    pair.toCn.pushesLost = 1;
    failingRound(1);

    RuntimeException failure = failingRound(2);

    assertThat(((BatchRefusedException) failure).kind())
        .isEqualTo(BatchRefusedException.Kind.PEER_AHEAD);
    assertThat(((BatchRefusedException) failure).size()).isEqualTo(5);
    assertThat(pair.us.storedEventKinds()).contains(SecurityEvent.Kind.PEER_AHEAD);
  }

  @Test
  void a_peer_that_lost_receipted_entries_is_raised_and_sent_them_again() {
    submit(2);
    dispatcher.round();
    pair.toCn.state = new RemoteLogState(0, null);
    submit(1);
    pair.toCn.pushesLost = 1;
    failingRound(1);

    // The real receiver still holds them and says so: asked again at once, then backed off from.
    assertThat(dispatcher.round()).isTrue();
    failingRound(2);

    assertThat(pair.us.storedEventKinds()).contains(SecurityEvent.Kind.PEER_LOST_ENTRIES);
    assertThat(pair.toCn.pushed.get(pair.toCn.pushed.size() - 1).firstSeq()).isEqualTo(1);
  }

  @Test
  void a_peer_state_with_a_receipt_over_another_checkpoint_is_refused() {
    submit(2);
    pair.toCn.answersLost = 1;
    failingRound(1);
    String forged =
        LinkPair.checkpoint(pair.us.signer, log, 2, new byte[32])
            + SignedNote.NoteSignature.parse(
                    pair.cn
                        .store
                        .latestReceipt(log)
                        .orElseThrow()
                        .cosignedNote()
                        .lines()
                        .toList()
                        .getLast())
                .line()
            + "\n";
    pair.toCn.state = new RemoteLogState(2, forged);

    RuntimeException failure = failingRound(2);

    assertThat(((BatchRefusedException) failure).kind())
        .isEqualTo(BatchRefusedException.Kind.BAD_SIGNATURE);
    assertThat(pair.us.head(log).receiptedSize()).isZero();
    assertThat(pair.us.store.securityEvents(1).get(0).detail())
        .contains("over a different checkpoint");
  }

  @Test
  void a_peer_state_without_a_receipt_for_entries_it_holds_is_refused() {
    submit(2);
    pair.toCn.answersLost = 1;
    failingRound(1);
    pair.toCn.state = new RemoteLogState(2, null);
    RuntimeException failure = failingRound(2);
    assertThat(((BatchRefusedException) failure).kind())
        .isEqualTo(BatchRefusedException.Kind.BAD_SIGNATURE);
    assertThat(pair.us.head(log).receiptedSize()).isZero();
  }

  @Test
  void an_unreachable_peer_is_marked_unreachable_and_backed_off_from() {
    submit(1);
    pair.toCn.unreachable = 1;
    PeerUnreachableException failure = null;
    try {
      dispatcher.round();
    } catch (PeerUnreachableException e) {
      failure = e;
    }
    assertThat(failure).isNotNull();
    assertThat(dispatcher.failed(failure, 1)).isEqualTo(Duration.ofMillis(50));
    assertThat(dispatcher.reachable()).isFalse();
    assertThat(dispatcher.lastError()).isEqualTo("no answer from cn");
    assertThat(dispatcher.failed(failure, 3)).isEqualTo(Duration.ofMillis(200));

    assertThat(dispatcher.round()).isTrue();
    assertThat(dispatcher.reachable()).isTrue();
    assertThat(dispatcher.lastError()).isEmpty();
  }

  @Test
  void a_refusal_keeps_the_peer_reachable_and_is_backed_off_from() {
    BatchRefusedException refused =
        new BatchRefusedException(BatchRefusedException.Kind.GAP, "batch starts at 9", 3);
    assertThat(dispatcher.failed(refused, 2)).isEqualTo(Duration.ofMillis(100));
    assertThat(dispatcher.reachable()).isTrue();
    assertThat(dispatcher.lastError()).isEqualTo("batch starts at 9");
  }

  @Test
  void an_unexpected_failure_is_backed_off_from_without_changing_the_status() {
    dispatcher.failed(new PeerUnreachableException("down"), 1);
    assertThat(dispatcher.failed(new IllegalStateException("bug"), 2))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(dispatcher.lastError()).isEqualTo("down");
    assertThat(dispatcher.reachable()).isFalse();
  }

  @Test
  void every_failure_makes_the_next_round_ask_the_peers_size_again() {
    submit(1);
    dispatcher.round();
    dispatcher.failed(new IllegalStateException("bug"), 1);
    submit(1);
    dispatcher.round();
    assertThat(pair.toCn.stateCalls).hasValue(2);
  }

  @Test
  void the_loop_delivers_what_is_queued_when_woken() throws Exception {
    dispatcher.start();
    try {
      List<MessageId> ids = submit(2);
      dispatcher.wake();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (state(ids.get(1)) != MessageState.DELIVERED && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(state(ids.get(1))).isEqualTo(MessageState.DELIVERED);
    } finally {
      dispatcher.close();
    }
  }

  // ---------------------------------------------------------------- a peer that pulls our log

  private void makeCnPull() {
    Peer cn = pair.us.peer(LinkPair.CN);
    pair.us.store.remove(LinkPair.CN);
    pair.us.store.add(new Peer(cn.card(), cn.endpoints(), Peer.Mode.PULLED));
  }

  @Test
  void for_a_peer_that_pulls_the_log_is_sequenced_but_never_pushed() {
    makeCnPull();
    submit(3);
    assertThat(dispatcher.round()).isTrue();
    assertThat(pair.us.head(log).size()).isEqualTo(3);
    assertThat(dispatcher.round()).isFalse();
    assertThat(pair.toCn.pushed).isEmpty();
    assertThat(pair.toCn.stateCalls).hasValue(0);
  }

  @Test
  void a_pulled_batch_runs_up_to_the_next_checkpoint_and_its_receipt_marks_delivery() {
    makeCnPull();
    List<MessageId> ids = submit(2);
    dispatcher.round();
    submit(1);
    dispatcher.round();
    assertThat(dispatcher.batchAfter(3)).isNull();

    Batch first = dispatcher.batchAfter(0);
    assertThat(first.firstSeq()).isEqualTo(1);
    assertThat(first.entries()).hasSize(2);
    Batch second = dispatcher.batchAfter(2);
    assertThat(second.firstSeq()).isEqualTo(3);
    assertThat(second.entries()).hasSize(1);

    Peer cnPeer = pair.us.peer(LinkPair.CN);
    Peer usPeer = pair.cn.peer(LinkPair.US);
    pair.cn.receiver.accept(usPeer, first);
    String receipt = pair.cn.store.latestReceipt(log).orElseThrow().cosignedNote();
    dispatcher.acceptPulledReceipt(cnPeer, 2, receipt);

    assertThat(pair.us.head(log).receiptedSize()).isEqualTo(2);
    assertThat(state(ids.get(1))).isEqualTo(MessageState.DELIVERED);
    dispatcher.acceptPulledReceipt(cnPeer, 2, "ignored: already receipted");
    dispatcher.acceptPulledReceipt(cnPeer, 1, "ignored: already receipted");
    assertThatThrownBy(() -> dispatcher.acceptPulledReceipt(cnPeer, 7, receipt))
        .isInstanceOf(BatchRefusedException.class)
        .hasMessageContaining("no checkpoint of size 7");
    assertThatThrownBy(() -> dispatcher.acceptPulledReceipt(cnPeer, 3, receipt))
        .isInstanceOf(BatchRefusedException.class)
        .hasMessageContaining("does not verify");
    assertThat(pair.us.head(log).receiptedSize()).isEqualTo(2);
  }

  @Test
  void for_a_pulling_peer_the_window_counts_entries_not_yet_receipted() {
    pair.limits = new BatchLimits(10, 2);
    dispatcher = pair.dispatcher(Backoff.standard(NO_JITTER));
    makeCnPull();
    submit(23);
    dispatcher.round();
    dispatcher.round();
    assertThat(pair.us.head(log).size()).isEqualTo(20);
    assertThat(dispatcher.round()).isFalse();
    assertThat(pair.us.head(log).size()).isEqualTo(20);
  }

  @Test
  void a_peer_that_fails_every_push_is_backed_off_from_more_and_more_although_each_send_succeeds() {
    pair.limits = new BatchLimits(10, 3);
    HeldSends held = new HeldSends();
    pair.sends = held;
    dispatcher = pair.dispatcher(Backoff.standard(NO_JITTER));
    submit(1);
    List<Duration> waits = new ArrayList<>();
    for (int attempt = 0; attempt < 4; attempt++) {
      pair.toCn.pushesLost = 1;
      // The round that sends goes on at once; the failure comes with the answer, a round later.
      assertThat(dispatcher.turn().delay()).isZero();
      held.runAll();
      Dispatcher.Wait wait = dispatcher.turn();
      assertThat(wait.wakeable()).as("a backoff is not ended by new work").isFalse();
      waits.add(wait.delay());
    }
    assertThat(waits).isSortedAccordingTo(Duration::compareTo).doesNotHaveDuplicates();

    // A receipt ends the backoff: the next failure waits the shortest time again.
    assertThat(dispatcher.turn().delay()).isZero();
    held.runAll();
    assertThat(dispatcher.turn().delay()).isZero();
    assertThat(pair.us.head(log).receiptedSize()).isEqualTo(1);
    submit(1);
    pair.toCn.pushesLost = 1;
    dispatcher.turn();
    held.runAll();
    assertThat(dispatcher.turn().delay()).isEqualTo(waits.get(0));
  }

  @Test
  void no_more_sends_start_while_a_window_of_abandoned_ones_still_waits_for_an_answer() {
    pair.limits = new BatchLimits(10, 2);
    HeldSends held = new HeldSends();
    pair.sends = held;
    dispatcher = pair.dispatcher(Backoff.standard(NO_JITTER));
    submit(30);
    dispatcher.turn();
    assertThat(held.waiting()).isEqualTo(1);
    // A failure (say, of the state request) abandons the batch in flight, whose send still runs.
    dispatcher.failed(new PeerUnreachableException("reset"), 1);
    dispatcher.turn();
    assertThat(held.waiting()).as("sends started: the abandoned one and one more").isEqualTo(2);
    dispatcher.turn();
    assertThat(held.waiting()).isEqualTo(2);
  }

  /**
   * The peer's state answer pairs its size with the receipt for exactly that size, even when a
   * batch commits while it answers (an older copy waiting at a gap, a batch still in flight);
   * otherwise a sender whose answer was lost would take a true receipt for a false one.
   */
  @Test
  void a_batch_stored_while_the_peer_answers_state_raises_no_security_event() throws Exception {
    Dispatcher dispatcher = pair.dispatcher(Backoff.standard(() -> 0L));
    pair.submit(Precedence.ROUTINE, "m 1");
    pair.toCn.answersLost = 1; // cn stores entry 1, its answer is lost
    try {
      dispatcher.round();
      throw new AssertionError("the round should have failed");
    } catch (PeerUnreachableException e) {
      dispatcher.failed(e, 1);
    }
    assertThat(pair.cn.head(log).size()).isEqualTo(1);
    assertThat(pair.us.head(log).receiptedSize()).isZero();

    // Entry 2 is sequenced; its batch is the one the receiver stores during the GET /state.
    pair.submit(Precedence.ROUTINE, "m 2");
    pair.us.sequencer.sequence(LinkPair.CN, 256);
    Batch second = dispatcher.batchAfter(1);
    Peer usAtCn = pair.cn.peer(LinkPair.US);
    AtomicBoolean stored = new AtomicBoolean();
    LinkStore racing =
        (LinkStore)
            Proxy.newProxyInstance(
                LinkStore.class.getClassLoader(),
                new Class<?>[] {LinkStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("latestReceipt")
                      && stored.compareAndSet(false, true)) {
                    pair.cn.receiver.accept(usAtCn, second); // commits between the two reads
                  }
                  try {
                    return method.invoke(pair.cn.store, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    Receiver cnReceiver =
        new Receiver(
            LinkPair.CN,
            pair.cn.signer,
            racing,
            pair.clock,
            alarm -> {},
            pair.cn.events,
            AckDeadlines.DEFAULTS);
    RemoteLogState answered = cnReceiver.state(usAtCn, log.text());
    pair.toCn.state = answered; // what GET /state answered under that interleaving

    try {
      dispatcher.round();
    } catch (RuntimeException e) {
      dispatcher.failed(e, 1);
    }
    assertThat(pair.us.storedEventKinds()).doesNotContain(SecurityEvent.Kind.BAD_RECEIPT);
  }

  /** Holds the sends of batches until the test runs them, to see several batches in flight. */
  private static final class HeldSends implements java.util.concurrent.Executor {
    private final java.util.ArrayDeque<Runnable> tasks = new java.util.ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    synchronized int waiting() {
      return tasks.size();
    }

    void runAll() {
      Runnable task;
      while ((task = next()) != null) {
        task.run();
      }
    }

    private synchronized Runnable next() {
      return tasks.poll();
    }
  }
}
