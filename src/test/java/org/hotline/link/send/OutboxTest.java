package org.hotline.link.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.NotFoundException;
import org.hotline.OverloadedException;
import org.hotline.identity.PartyId;
import org.hotline.link.AckDeadlines;
import org.hotline.link.LinkPair;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageAnswer;
import org.hotline.link.MessageRecord;
import org.hotline.link.MessageState;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.LinkTestEntry;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.StatusFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** us's and cn's real {@link Outbox} on real SQLite stores, with a clock that tests move. */
class OutboxTest {
  @TempDir Path dir;
  private LinkPair pair;
  private Outbox outbox;

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    pair.clock.set(LinkPair.T0.plusNanos(123_456_789));
    outbox = pair.us.outbox();
  }

  @AfterEach
  void close() {
    pair.close();
  }

  private static Draft to(PartyId peer, String subject) {
    return new Draft(peer, Precedence.ROUTINE, StatusFlag.TEST, subject, "body", "en", null);
  }

  @Test
  void submitted_messages_are_stored_queued_in_order_before_the_call_returns() {
    List<Outbox.Accepted> accepted =
        outbox.submit(
            List.of(
                LinkPair.draft(Precedence.ROUTINE, "first"),
                LinkPair.draft(Precedence.FLASH, "second")));

    assertThat(accepted).extracting(Outbox.Accepted::state).containsOnly(MessageState.QUEUED);
    MessageRecord first = pair.us.store.message(accepted.get(0).id()).orElseThrow();
    MessageRecord second = pair.us.store.message(accepted.get(1).id()).orElseThrow();
    assertThat(first.draft().subject()).isEqualTo("first");
    assertThat(second.draft().subject()).isEqualTo("second");
    assertThat(first.state()).isEqualTo(MessageState.QUEUED);
    assertThat(first.from()).isEqualTo(LinkPair.US);
    assertThat(first.created()).isEqualTo(pair.clock.instant().truncatedTo(ChronoUnit.MILLIS));
    assertThat(first.deadline())
        .isEqualTo(first.created().plus(Precedence.ROUTINE.defaultAckDeadline()));
    assertThat(second.deadline())
        .isEqualTo(second.created().plus(Precedence.FLASH.defaultAckDeadline()));
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isEqualTo(2);
    assertThat(outbox.queued(LinkPair.CN)).isEqualTo(2);
    awaitWoken();
    assertThat(pair.us.woken).containsExactly(LinkPair.CN);
  }

  /** The outbox wakes the dispatcher just after it answers the caller, so a test waits for it. */
  private void awaitWoken() {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (pair.us.woken.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  @Test
  void the_deadline_comes_from_the_links_settings() {
    try (Outbox custom =
        new Outbox(
            LinkPair.US,
            pair.us.store,
            pair.us.store,
            pair.clock,
            new java.util.Random(1),
            (peer, precedence) -> Duration.ofMinutes(peer.equals(LinkPair.CN) ? 7 : 1),
            peer -> {})) {
      MessageId id = custom.submit(List.of(LinkPair.draft(Precedence.FLASH, "x"))).get(0).id();
      MessageRecord message = pair.us.store.message(id).orElseThrow();
      assertThat(message.deadline()).isEqualTo(message.created().plus(Duration.ofMinutes(7)));
    }
  }

  @Test
  void a_submission_holds_one_to_the_maximum_messages() {
    assertThatThrownBy(() -> outbox.submit(List.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("got 0");
    List<Draft> tooMany =
        Collections.nCopies(
            Outbox.SUBMISSION_MESSAGES_MAX + 1, LinkPair.draft(Precedence.ROUTINE, "x"));
    assertThatThrownBy(() -> outbox.submit(tooMany))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("got 1001");
    List<Draft> most =
        Collections.nCopies(
            Outbox.SUBMISSION_MESSAGES_MAX, LinkPair.draft(Precedence.ROUTINE, "x"));
    assertThat(outbox.submit(most)).hasSize(Outbox.SUBMISSION_MESSAGES_MAX);
  }

  @Test
  void a_message_to_an_unknown_peer_stores_nothing_and_names_the_field() {
    InvalidInputException one =
        catchThrowableOfType(
            InvalidInputException.class, () -> outbox.submit(List.of(to(PartyId.of("xx"), "a"))));
    assertThat(one.field()).isEqualTo("to");
    InvalidInputException second =
        catchThrowableOfType(
            InvalidInputException.class,
            () -> outbox.submit(List.of(to(LinkPair.CN, "a"), to(PartyId.of("xx"), "b"))));
    assertThat(second.field()).isEqualTo("messages[1].to");
    assertThat(second).hasMessageStartingWith("message 1: unknown peer 'xx'");
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isZero();
  }

  @Test
  void a_reply_to_a_message_that_does_not_exist_is_refused() {
    MessageId missing = MessageId.generate(pair.clock.instant(), new java.util.Random(3));
    Draft reply =
        new Draft(LinkPair.CN, Precedence.ROUTINE, StatusFlag.TEST, "re", "b", "en", missing);
    InvalidInputException refused =
        catchThrowableOfType(InvalidInputException.class, () -> outbox.submit(List.of(reply)));
    assertThat(refused.field()).isEqualTo("in_reply_to");
    MessageId existing = pair.submit(Precedence.ROUTINE, "original").get(0);
    Draft valid =
        new Draft(LinkPair.CN, Precedence.ROUTINE, StatusFlag.TEST, "re", "b", "en", existing);
    assertThat(outbox.submit(List.of(valid))).hasSize(1);
  }

  @Test
  void a_peer_with_the_maximum_queued_is_refused_with_a_retry_after() {
    outbox.sequenced(LinkPair.CN, (int) -(Outbox.QUEUED_PER_PEER_MAX - 1));
    assertThat(outbox.submit(List.of(LinkPair.draft(Precedence.ROUTINE, "last")))).hasSize(1);

    OverloadedException refused =
        catchThrowableOfType(
            OverloadedException.class,
            () -> outbox.submit(List.of(LinkPair.draft(Precedence.ROUTINE, "one too many"))));

    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(refused).hasMessageContaining("1000000 messages already queued for cn");
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isEqualTo(1);
  }

  @Test
  void a_submission_that_storage_refuses_is_not_accepted_and_the_outbox_goes_on() {
    // A second outbox with the same random source and clock makes the same message ids, which
    // the store's unique constraint refuses: a real storage failure, not a simulated one.
    MessageId first = pair.submit(Precedence.ROUTINE, "first").get(0);
    try (Outbox twin =
        new Outbox(
            LinkPair.US,
            pair.us.store,
            pair.us.store,
            pair.clock,
            new java.util.Random(LinkPair.US.hashCode()),
            AckDeadlines.DEFAULTS,
            peer -> {})) {
      assertThatThrownBy(() -> twin.submit(List.of(LinkPair.draft(Precedence.ROUTINE, "twin"))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("storing messages failed: ");
      assertThat(twin.queued(LinkPair.CN)).isZero();
      assertThat(pair.us.store.message(first).orElseThrow().draft().subject()).isEqualTo("first");
      assertThat(twin.submit(List.of(LinkPair.draft(Precedence.ROUTINE, "next")))).hasSize(1);
    }
  }

  @Test
  void a_closed_outbox_answers_overloaded() {
    outbox.close();
    OverloadedException refused =
        catchThrowableOfType(
            OverloadedException.class,
            () -> outbox.submit(List.of(LinkPair.draft(Precedence.ROUTINE, "late"))));
    assertThat(refused.retryAfter()).isEqualTo(Outbox.RETRY_AFTER);
  }

  @Test
  void concurrent_submissions_are_all_stored_and_each_caller_gets_its_own_ids() throws Exception {
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Outbox.Accepted>>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      String subject = "caller " + i;
      results.add(
          pool.submit(
              () -> {
                start.await();
                return outbox.submit(
                    List.of(
                        LinkPair.draft(Precedence.ROUTINE, subject),
                        LinkPair.draft(Precedence.ROUTINE, subject)));
              }));
    }
    start.countDown();
    for (int i = 0; i < callers; i++) {
      for (Outbox.Accepted accepted : results.get(i).get()) {
        assertThat(pair.us.store.message(accepted.id()).orElseThrow().draft().subject())
            .isEqualTo("caller " + i);
      }
    }
    pool.shutdown();
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isEqualTo(2L * callers);
    assertThat(outbox.queued(LinkPair.CN)).isEqualTo(2L * callers);
    awaitWoken();
    assertThat(pair.us.woken).containsOnly(LinkPair.CN);
  }

  @Test
  void the_queue_gauge_follows_sequencing_never_below_zero_and_reloads_from_storage() {
    pair.submit(Precedence.ROUTINE, "a", "b", "c");
    outbox.sequenced(LinkPair.CN, 2);
    assertThat(outbox.queued(LinkPair.CN)).isEqualTo(1);
    outbox.sequenced(LinkPair.CN, 5);
    assertThat(outbox.queued(LinkPair.CN)).isZero();
    outbox.loadQueuedCounts();
    assertThat(outbox.queued(LinkPair.CN)).isEqualTo(3);
  }

  // ------------------------------------------------------------------ answers on the other side

  /** A message from us, received by cn through its real receiver; returns its id. */
  private MessageId receivedByCn(Precedence precedence) {
    List<byte[]> entries = new ArrayList<>();
    MessageId id = MessageId.generate(pair.clock.instant(), new java.util.Random(5));
    entries.add(
        EntryCodec.encode(
            new MessageEntry(
                LinkPair.usToCn(),
                1,
                id,
                pair.clock.instant().truncatedTo(ChronoUnit.MILLIS),
                LinkPair.draft(precedence, "to answer"))));
    pair.cn.receiver.accept(
        pair.cn.peer(LinkPair.US),
        LinkPair.honest(pair.us.signer, LinkPair.usToCn(), List.of(), entries));
    return id;
  }

  @Test
  void an_acknowledgement_is_stored_queued_at_the_messages_precedence_and_told() {
    MessageId id = receivedByCn(Precedence.FLASH);
    Outbox cnOutbox = pair.cn.outbox();
    List<LinkStore.ResponseRecord> told = new ArrayList<>();
    cnOutbox.onAnswer(told::add);
    cnOutbox.onAnswer(told::add);

    MessageRecord answered = cnOutbox.respond(id, ResponseEntry.Kind.ACK, "duty", "on it");

    assertThat(answered.answer()).isEqualTo(MessageAnswer.ACKNOWLEDGED);
    assertThat(told).hasSize(2);
    assertThat(told.get(0).kind()).isEqualTo(ResponseEntry.Kind.ACK);
    assertThat(told.get(0).incoming()).isFalse();
    assertThat(told.get(0).note()).isEqualTo("on it");
    assertThat(told.get(0).at()).isEqualTo(pair.clock.instant());
    assertThat(pair.cn.store.queuedCount(LinkPair.US)).isEqualTo(1);
    assertThat(cnOutbox.queued(LinkPair.US)).isEqualTo(1);
    assertThat(pair.cn.woken).containsExactly(LinkPair.US);
    pair.cn.store.write(
        writes -> {
          LinkStore.QueuedEntry queued = writes.nextQueued(LinkPair.cnToUs(), 1).get(0);
          assertThat(queued.precedenceRank()).isEqualTo(Precedence.FLASH.rank());
          ResponseEntry entry = (ResponseEntry) queued.entry();
          assertThat(entry.message()).isEqualTo(id);
          assertThat(entry.log()).isEqualTo(LinkPair.cnToUs());
          return null;
        });
  }

  @Test
  void a_repeated_answer_changes_nothing_and_a_contrary_one_conflicts() {
    MessageId id = receivedByCn(Precedence.ROUTINE);
    Outbox cnOutbox = pair.cn.outbox();
    cnOutbox.respond(id, ResponseEntry.Kind.READ, "duty", "");
    cnOutbox.respond(id, ResponseEntry.Kind.READ, "duty", "");
    assertThat(pair.cn.store.queuedCount(LinkPair.US)).isEqualTo(1);
    cnOutbox.respond(id, ResponseEntry.Kind.DECLINE, "duty", "not ours");
    MessageRecord again = cnOutbox.respond(id, ResponseEntry.Kind.DECLINE, "duty", "not ours");
    assertThat(again.answer()).isEqualTo(MessageAnswer.DECLINED);
    assertThat(pair.cn.store.queuedCount(LinkPair.US)).isEqualTo(2);
    assertThatThrownBy(() -> cnOutbox.respond(id, ResponseEntry.Kind.ACK, "duty", ""))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already declined");
    assertThat(pair.cn.store.queuedCount(LinkPair.US)).isEqualTo(2);
  }

  @Test
  void a_read_after_an_acknowledgement_is_still_recorded() {
    MessageId id = receivedByCn(Precedence.ROUTINE);
    Outbox cnOutbox = pair.cn.outbox();
    cnOutbox.respond(id, ResponseEntry.Kind.ACK, "duty", "");
    assertThat(cnOutbox.respond(id, ResponseEntry.Kind.READ, "duty", "").readAt()).isNotNull();
  }

  @Test
  void only_the_recipient_answers_a_message_and_only_a_message_it_holds() {
    MessageId own = pair.submit(Precedence.ROUTINE, "ours").get(0);
    assertThatThrownBy(() -> outbox.respond(own, ResponseEntry.Kind.ACK, "duty", ""))
        .isInstanceOf(InvalidInputException.class);
    MessageId missing = MessageId.generate(pair.clock.instant(), new java.util.Random(9));
    assertThatThrownBy(() -> outbox.respond(missing, ResponseEntry.Kind.ACK, "duty", ""))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_missed_deadline_is_queued_once_behind_its_message() {
    MessageId id = pair.submit(Precedence.IMMEDIATE, "urgent").get(0);
    awaitWoken();
    pair.us.woken.clear();

    assertThat(outbox.recordDeadlineMissed(id)).isTrue();
    assertThat(outbox.recordDeadlineMissed(id)).isFalse();

    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isEqualTo(2);
    assertThat(outbox.queued(LinkPair.CN)).isEqualTo(2);
    assertThat(pair.us.woken).containsExactly(LinkPair.CN);
    assertThat(pair.us.store.message(id).orElseThrow().deadlineMissedAt())
        .isEqualTo(pair.clock.instant().truncatedTo(ChronoUnit.MICROS));
    pair.us.store.write(
        writes -> {
          List<LinkStore.QueuedEntry> queued = writes.nextQueued(LinkPair.usToCn(), 2);
          assertThat(queued.get(0).entryId()).isEqualTo(id);
          DeadlineMissedEntry miss = (DeadlineMissedEntry) queued.get(1).entry();
          assertThat(miss.message()).isEqualTo(id);
          assertThat(miss.precedence()).isEqualTo(Precedence.IMMEDIATE);
          assertThat(queued.get(1).precedenceRank()).isEqualTo(Precedence.IMMEDIATE.rank());
          return null;
        });
  }

  @Test
  void a_missed_deadline_of_an_answered_message_is_not_recorded() {
    MessageId id = receivedByCn(Precedence.ROUTINE);
    pair.cn.outbox().respond(id, ResponseEntry.Kind.ACK, "duty", "");
    List<byte[]> ackEntries = new ArrayList<>();
    // The acknowledgement reaches us through us's receiver; us sent that message in this story.
    MessageId ours = pair.submit(Precedence.ROUTINE, "answered").get(0);
    ackEntries.add(
        EntryCodec.encode(
            new ResponseEntry(
                LinkPair.cnToUs(),
                1,
                MessageId.generate(pair.clock.instant(), new java.util.Random(4)),
                pair.clock.instant().truncatedTo(ChronoUnit.MILLIS),
                ResponseEntry.Kind.DECLINE,
                ours,
                "duty",
                "no")));
    pair.us.receiver.accept(
        pair.us.peer(LinkPair.CN),
        LinkPair.honest(pair.cn.signer, LinkPair.cnToUs(), List.of(), ackEntries));

    assertThat(outbox.recordDeadlineMissed(ours)).isFalse();
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isEqualTo(1);
  }

  @Test
  void a_missed_deadline_is_only_for_a_message_this_node_sent() {
    MessageId received = receivedByCn(Precedence.ROUTINE);
    assertThatThrownBy(() -> pair.cn.outbox().recordDeadlineMissed(received))
        .isInstanceOf(IllegalStateException.class);
    MessageId missing = MessageId.generate(pair.clock.instant(), new java.util.Random(9));
    assertThatThrownBy(() -> outbox.recordDeadlineMissed(missing))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_link_test_is_queued_at_routine_precedence_and_remembered() {
    outbox.queueLinkTest(LinkPair.CN, 42);
    assertThat(pair.us.store.lastLinkTest(LinkPair.CN))
        .contains(pair.clock.instant().truncatedTo(ChronoUnit.MICROS));
    assertThat(outbox.queued(LinkPair.CN)).isEqualTo(1);
    assertThat(pair.us.woken).containsExactly(LinkPair.CN);
    pair.us.store.write(
        writes -> {
          LinkStore.QueuedEntry queued = writes.nextQueued(LinkPair.usToCn(), 1).get(0);
          assertThat(queued.precedenceRank()).isEqualTo(Precedence.ROUTINE.rank());
          LinkTestEntry entry = (LinkTestEntry) queued.entry();
          assertThat(entry.number()).isEqualTo(42);
          assertThat(entry.log()).isEqualTo(LinkPair.usToCn());
          return null;
        });
  }
}
