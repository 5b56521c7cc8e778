package org.hotline.link.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hotline.event.EventBus;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.Batch;
import org.hotline.link.BatchAnswer;
import org.hotline.link.BatchLimits;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.LinkPair;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageAnswer;
import org.hotline.link.MessageRecord;
import org.hotline.link.Peer;
import org.hotline.link.RemoteLogState;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.LinkTestEntry;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.RecoveryEntry;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.StatusFlag;
import org.hotline.link.entry.UninterpretableEntry;
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
 * cn's real {@link Receiver} on a real SQLite store, given batches of us's log as us's dispatcher
 * would push them, and crafted ones that a faulty or hostile peer might send. Each refusal names
 * its problem and the size to resume from, and stores nothing but evidence.
 */
class ReceiverTest {
  @TempDir Path dir;
  private LinkPair pair;
  private Receiver receiver;
  private Peer us;
  private final LogOrigin log = LinkPair.usToCn();
  private final List<byte[]> sent = new ArrayList<>();

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    receiver = pair.cn.receiver;
    us = pair.cn.peer(LinkPair.US);
  }

  @AfterEach
  void close() {
    pair.close();
  }

  /** Sends {@code count} honest entries after those already accepted; returns the receipt. */
  private String acceptHonest(int count) {
    List<byte[]> more = pair.messages(log, sent.size() + 1, count);
    String receipt =
        receiver.accept(us, LinkPair.honest(pair.us.signer, log, sent, more)).cosignature();
    sent.addAll(more);
    return receipt;
  }

  /** A message id made at the test clock's time, the same for the same seed. */
  private MessageId id(int seed) {
    return MessageId.generate(pair.clock.instant(), new java.util.Random(seed));
  }

  private BatchRefusedException refusal(Batch batch) {
    return org.assertj.core.api.Assertions.catchThrowableOfType(
        BatchRefusedException.class, () -> receiver.accept(us, batch));
  }

  @Test
  void an_accepted_batch_is_stored_and_answered_with_a_cosignature_over_its_checkpoint()
      throws Exception {
    pair.clock.advance(Duration.ofSeconds(42));
    List<byte[]> entries = pair.messages(log, 1, 3);
    Batch batch = LinkPair.honest(pair.us.signer, log, List.of(), entries);

    String cosignature = receiver.accept(us, batch).cosignature();

    Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(batch.checkpoint()).text());
    SignedNote.NoteSignature line = SignedNote.NoteSignature.parse(cosignature);
    assertThat(line.keyName()).isEqualTo("hotline/cn");
    assertThat(Cosignature.verify(checkpoint, line, pair.cn.signer.verifier())).isTrue();
    assertThat(Cosignature.timestamp(line)).isEqualTo(pair.clock.instant().getEpochSecond());
    assertThat(pair.cn.head(log).size()).isEqualTo(3);
    assertThat(pair.cn.store.entries(log, 1, 3))
        .extracting(LinkStore.StoredEntry::bytes)
        .containsExactlyElementsOf(entries);
    assertThat(pair.cn.store.checkpoint(log, 3)).contains(batch.checkpoint());
    LinkStore.Receipt receipt = pair.cn.store.latestReceipt(log).orElseThrow();
    assertThat(receipt.size()).isEqualTo(3);
    assertThat(receipt.cosignedNote()).isEqualTo(batch.checkpoint() + cosignature + "\n");
    assertThat(receipt.at()).isEqualTo(pair.clock.instant());
    assertThat(pair.cn.store.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 10))
        .extracting(m -> m.draft().subject())
        .containsExactlyInAnyOrder("entry 1", "entry 2", "entry 3");
    assertThat(pair.cn.alarms).isEmpty();
  }

  @Test
  void a_received_message_gets_its_deadline_and_is_published() throws Exception {
    try (EventBus.Subscription events = pair.cn.events.subscribe()) {
      acceptHonest(1);
      MessageRecord message = pair.cn.store.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 1).get(0);
      assertThat(message.deadline())
          .isEqualTo(message.created().plus(Precedence.ROUTINE.defaultAckDeadline()));
      List<EventJson> published = LinkPair.drain(events);
      assertThat(published).extracting(EventJson::type).containsExactly("message.received");
      assertThat(published.get(0).data())
          .containsEntry("id", message.id().toString())
          .containsEntry("from", "us")
          .containsEntry("precedence", "ROUTINE")
          .containsEntry("status", "TEST")
          .containsEntry("subject", "entry 1");
    }
  }

  @Test
  void the_state_is_the_stored_size_with_the_latest_receipt() {
    assertThat(receiver.state(us, log.text())).isEqualTo(new RemoteLogState(0, null));
    acceptHonest(2);
    String receipt = pair.cn.store.latestReceipt(log).orElseThrow().cosignedNote();
    assertThat(receiver.state(us, log.text())).isEqualTo(new RemoteLogState(2, receipt));
    acceptHonest(1);
    assertThat(receiver.state(us, log.text()).size()).isEqualTo(3);
  }

  @Test
  void a_second_batch_continues_the_stored_log() {
    acceptHonest(2);
    acceptHonest(3);
    assertThat(pair.cn.head(log).size()).isEqualTo(5);
    assertThat(pair.cn.store.checkpoint(log, 2)).isPresent();
    assertThat(pair.cn.store.checkpoint(log, 5)).isPresent();
  }

  @Test
  void a_batch_after_a_gap_is_refused_with_the_size_to_resume_from() {
    acceptHonest(2);
    List<byte[]> later = pair.messages(log, 4, 1);
    List<byte[]> all = new ArrayList<>(sent);
    all.add(pair.message(log, 3, "never sent"));
    all.addAll(later);
    Batch batch =
        new Batch(
            log.text(), 4, later, LinkPair.checkpoint(pair.us.signer, log, 4, LinkPair.root(all)));

    BatchRefusedException refused = refusal(batch);

    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.GAP);
    assertThat(refused.size()).isEqualTo(2);
    assertThat(refused.isPositionMismatch()).isTrue();
    assertThat(refused).hasMessageContaining("send from 3");
    assertThat(pair.cn.head(log).size()).isEqualTo(2);
  }

  @Test
  void a_batch_that_overtakes_the_one_before_it_waits_for_it_and_is_then_taken() throws Exception {
    acceptHonest(2);
    List<byte[]> third = pair.messages(log, 3, 2);
    Batch before = LinkPair.honest(pair.us.signer, log, sent, third);
    List<byte[]> held = new ArrayList<>(sent);
    held.addAll(third);
    Batch after = LinkPair.honest(pair.us.signer, log, held, pair.messages(log, 5, 1));
    java.util.concurrent.CompletableFuture<BatchAnswer> overtaking =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> receiver.accept(us, after));
    long bound = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (receiver.waitingAtGap(log) == 0 && System.nanoTime() < bound) {
      Thread.sleep(2);
    }
    assertThat(receiver.waitingAtGap(log)).isEqualTo(1);
    assertThat(pair.cn.head(log).size()).isEqualTo(2);

    receiver.accept(us, before);

    assertThat(overtaking.get(10, java.util.concurrent.TimeUnit.SECONDS).cosignature())
        .isNotEmpty();
    assertThat(pair.cn.head(log).size()).isEqualTo(5);
    assertThat(receiver.waitingAtGap(log)).isZero();
  }

  @Test
  void a_batch_already_stored_is_refused_as_such_without_an_alarm() {
    List<byte[]> first = pair.messages(log, 1, 2);
    Batch batch = LinkPair.honest(pair.us.signer, log, List.of(), first);
    receiver.accept(us, batch);
    sent.addAll(first);
    acceptHonest(1);

    BatchRefusedException refused = refusal(batch);

    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.ALREADY_STORED);
    assertThat(refused.size()).isEqualTo(3);
    assertThat(refused.isPositionMismatch()).isTrue();
    assertThat(pair.cn.alarms).isEmpty();
  }

  @Test
  void a_batch_overlapping_the_end_of_the_stored_log_is_refused_as_already_stored() {
    acceptHonest(2);
    List<byte[]> overlapping = new ArrayList<>(sent.subList(1, 2));
    overlapping.add(pair.message(log, 3, "new"));
    List<byte[]> all = new ArrayList<>(sent);
    all.add(overlapping.get(1));
    Batch batch =
        new Batch(
            log.text(),
            2,
            overlapping,
            LinkPair.checkpoint(pair.us.signer, log, 3, LinkPair.root(all)));

    BatchRefusedException refused = refusal(batch);

    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.ALREADY_STORED);
    assertThat(refused.size()).isEqualTo(2);
    assertThat(pair.cn.alarms).isEmpty();
  }

  @Test
  void a_different_entry_at_a_stored_sequence_number_is_refused_and_raised_as_equivocation() {
    acceptHonest(2);
    List<byte[]> other = List.of(sent.get(0), pair.message(log, 2, "a second story"));
    Batch batch = LinkPair.honest(pair.us.signer, log, List.of(), other);

    BatchRefusedException refused = refusal(batch);

    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.CONFLICTING_ENTRY);
    assertThat(refused.size()).isEqualTo(2);
    assertThat(refused.isPositionMismatch()).isFalse();
    assertThat(pair.cn.alarmKinds()).containsExactly(SecurityEvent.Kind.CONFLICTING_ENTRY);
    SecurityEvent event = pair.cn.alarms.get(0);
    assertThat(event.peer()).isEqualTo("us");
    assertThat(event.detail()).contains("entry 2");
    assertThat(event.evidence()).contains("stored: ").contains("first_seq: 1");
    assertThat(pair.cn.storedEventKinds()).containsExactly(SecurityEvent.Kind.CONFLICTING_ENTRY);
    assertThat(pair.cn.store.entries(log, 2, 2).get(0).bytes()).isEqualTo(sent.get(1));
  }

  @Test
  void a_second_signed_checkpoint_for_a_stored_size_is_refused_and_raised() {
    acceptHonest(2);
    byte[] forgedRoot = LinkPair.root(List.of(pair.message(log, 1, "elsewhere")));
    Batch batch =
        new Batch(log.text(), 1, sent, LinkPair.checkpoint(pair.us.signer, log, 2, forgedRoot));

    BatchRefusedException refused = refusal(batch);

    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.CONFLICTING_ENTRY);
    assertThat(refused).hasMessageContaining("checkpoint for size 2");
    assertThat(pair.cn.alarmKinds()).containsExactly(SecurityEvent.Kind.CONFLICTING_CHECKPOINT);
    assertThat(pair.cn.alarms.get(0).evidence()).contains("stored:\n");
  }

  @Test
  void a_replay_of_a_prefix_under_its_own_checkpoint_is_only_already_stored() {
    List<byte[]> first = pair.messages(log, 1, 1);
    Batch batch = LinkPair.honest(pair.us.signer, log, List.of(), first);
    receiver.accept(us, batch);
    sent.addAll(first);
    acceptHonest(2);

    assertThat(refusal(batch).kind()).isEqualTo(BatchRefusedException.Kind.ALREADY_STORED);
    assertThat(pair.cn.alarms).isEmpty();
  }

  @Test
  void entries_that_do_not_give_the_signed_root_are_refused_and_raised() {
    acceptHonest(1);
    List<byte[]> more = pair.messages(log, 2, 2);
    Batch batch =
        new Batch(
            log.text(), 2, more, LinkPair.checkpoint(pair.us.signer, log, 3, LinkPair.root(more)));

    BatchRefusedException refused = refusal(batch);

    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.ROOT_MISMATCH);
    assertThat(refused.size()).isEqualTo(1);
    assertThat(pair.cn.alarmKinds()).containsExactly(SecurityEvent.Kind.ROOT_MISMATCH);
    assertThat(pair.cn.alarms.get(0).detail()).contains("entries 2..3");
    assertThat(pair.cn.head(log).size()).isEqualTo(1);
    assertThat(pair.cn.store.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 10)).hasSize(1);
  }

  @Test
  void a_checkpoint_not_signed_by_the_pinned_key_is_refused_and_raised() {
    NoteSigner impostor = forger();
    List<byte[]> entries = pair.messages(log, 1, 1);
    Batch batch = LinkPair.honest(impostor, log, List.of(), entries);

    BatchRefusedException refused = refusal(batch);

    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.BAD_SIGNATURE);
    assertThat(refused.size()).isZero();
    assertThat(pair.cn.alarmKinds()).containsExactly(SecurityEvent.Kind.BAD_SIGNATURE);
    assertThat(pair.cn.alarms.get(0).evidence()).contains("entry: ");
    assertThat(pair.cn.head(log).size()).isZero();
  }

  /** A key named like us's but not us's pinned key. */
  private static NoteSigner forger() {
    byte[] seed = new byte[32];
    seed[0] = 99;
    return NoteSigner.fromSeed("hotline/us", seed);
  }

  @Test
  void the_same_forgery_twice_is_raised_once() {
    Batch batch = LinkPair.honest(forger(), log, List.of(), pair.messages(log, 1, 1));
    refusal(batch);
    refusal(batch);
    assertThat(pair.cn.alarms).hasSize(1);
    assertThat(pair.cn.storedEventKinds()).hasSize(1);
  }

  @Test
  void a_batch_for_a_log_the_peer_does_not_write_is_refused_as_wrong_log() {
    for (String text : List.of("hotline/cn/us", "hotline/us/xx", "not a log")) {
      Batch batch = new Batch(text, 1, List.of(new byte[] {1}), "x");
      BatchRefusedException refused = refusal(batch);
      assertThat(refused.kind()).as(text).isEqualTo(BatchRefusedException.Kind.WRONG_LOG);
      assertThat(refused.size()).as(text).isEqualTo(-1);
    }
    assertThatThrownBy(() -> receiver.state(us, "hotline/cn/us"))
        .isInstanceOf(BatchRefusedException.class)
        .hasMessageContaining("may only write log hotline/us/cn");
  }

  @Test
  void a_batch_of_more_than_the_maximum_entries_is_refused_as_oversized() {
    int limit = BatchLimits.ENTRIES_MAX;
    List<byte[]> entries = pair.messages(log, 1, limit + 1);
    BatchRefusedException refused =
        refusal(LinkPair.honest(pair.us.signer, log, List.of(), entries));
    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.OVERSIZED);
    assertThat(refused).hasMessageContaining("1 to 256 entries, got 257");
  }

  @Test
  void a_batch_of_exactly_the_maximum_entries_is_accepted() {
    acceptHonest(BatchLimits.ENTRIES_MAX);
    assertThat(pair.cn.head(log).size()).isEqualTo(BatchLimits.ENTRIES_MAX);
  }

  @Test
  void a_batch_of_one_entry_is_accepted() {
    acceptHonest(1);
    assertThat(pair.cn.head(log).size()).isEqualTo(1);
  }

  @Test
  void an_empty_batch_is_refused_as_bad() {
    BatchRefusedException refused =
        refusal(
            new Batch(
                log.text(),
                1,
                List.of(),
                LinkPair.checkpoint(pair.us.signer, log, 0, LinkPair.root(List.of()))));
    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.BAD_BATCH);
  }

  @Test
  void a_batch_starting_before_entry_one_is_refused_as_bad() {
    List<byte[]> entries = pair.messages(log, 0, 1);
    Batch batch =
        new Batch(
            log.text(),
            0,
            entries,
            LinkPair.checkpoint(pair.us.signer, log, 0, LinkPair.root(entries)));
    BatchRefusedException refused = refusal(batch);
    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.BAD_BATCH);
    assertThat(refused).hasMessageContaining("first_seq");
  }

  @Test
  void a_malformed_checkpoint_is_refused_as_bad() {
    BatchRefusedException refused =
        refusal(new Batch(log.text(), 1, pair.messages(log, 1, 1), "not a note"));
    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.BAD_BATCH);
    assertThat(refused).hasMessageContaining("malformed");
  }

  @Test
  void a_checkpoint_for_another_log_or_another_size_is_refused_as_bad() {
    List<byte[]> entries = pair.messages(log, 1, 2);
    byte[] root = LinkPair.root(entries);
    String otherLog =
        LinkPair.checkpoint(pair.us.signer, new LogOrigin(LinkPair.US, PartyId.of("xx")), 2, root);
    String otherSize = LinkPair.checkpoint(pair.us.signer, log, 3, root);
    for (String checkpoint : List.of(otherLog, otherSize)) {
      BatchRefusedException refused = refusal(new Batch(log.text(), 1, entries, checkpoint));
      assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.BAD_BATCH);
    }
    assertThat(pair.cn.alarms).isEmpty();
  }

  // ------------------------------------------------------------ uninterpretable entries

  /**
   * An entry signed under a root that verifies but that cn cannot interpret, made from the entries
   * around it: {@code before} is the honest entry at the place just before it (same batch), {@code
   * held} a message cn already holds.
   */
  record Unreadable(
      String what,
      String reason,
      List<SecurityEvent.Kind> alarms,
      java.util.function.BiFunction<ReceiverTest, Ctx, byte[]> make) {
    @Override
    public String toString() {
      return what;
    }
  }

  /** What an {@link Unreadable} is made from: its place, the entry before it, a held message. */
  record Ctx(long seq, byte[] before, MessageId held) {}

  private static final SecurityEvent.Kind UNINTERPRETABLE =
      SecurityEvent.Kind.UNINTERPRETABLE_ENTRY;

  static java.util.stream.Stream<Unreadable> unreadable() {
    return java.util.stream.Stream.of(
        new Unreadable(
            "bytes that do not decode (an entry cut short)",
            "does not decode: entry is not valid JSON",
            List.of(UNINTERPRETABLE),
            (test, at) -> {
              byte[] whole = test.pair.message(test.log, at.seq(), "cut");
              return java.util.Arrays.copyOf(whole, whole.length - 1);
            }),
        new Unreadable(
            "a kind this node does not implement",
            "does not decode: unknown entry kind 'telegram'",
            List.of(UNINTERPRETABLE),
            (test, at) ->
                replace(
                    test.pair.message(test.log, at.seq(), "kind"),
                    "\"kind\":\"message\"",
                    "\"kind\":\"telegram\"")),
        new Unreadable(
            "a format version this node does not implement",
            "does not decode: entry format version must be",
            List.of(UNINTERPRETABLE),
            (test, at) ->
                replace(
                    test.pair.message(test.log, at.seq(), "version"), "{\"v\":2,", "{\"v\":9,")),
        new Unreadable(
            "a seq other than its position",
            "at position 3 says seq 7",
            List.of(UNINTERPRETABLE),
            (test, at) -> test.pair.message(test.log, 7, "misplaced")),
        new Unreadable(
            "another log",
            "claims log hotline/us/xx, not hotline/us/cn",
            List.of(SecurityEvent.Kind.WRONG_SENDER, UNINTERPRETABLE),
            (test, at) ->
                test.pair.message(
                    new LogOrigin(LinkPair.US, PartyId.of("xx")), at.seq(), "misdirected")),
        new Unreadable(
            "the id of the entry before it in the batch",
            "repeats id",
            List.of(UNINTERPRETABLE),
            (test, at) ->
                test.messageWithId(
                    ((MessageEntry) EntryCodec.decode(at.before())).id(), at.seq(), "twice")),
        new Unreadable(
            "the id of a message this node already holds",
            "reuses id",
            List.of(UNINTERPRETABLE),
            (test, at) -> test.messageWithId(at.held(), at.seq(), "again")));
  }

  private byte[] messageWithId(MessageId id, long seq, String subject) {
    return EntryCodec.encode(
        new MessageEntry(
            log, seq, id, pair.clock.instant(), LinkPair.draft(Precedence.ROUTINE, subject)));
  }

  /** A message cn sends us: stored on cn as outgoing, for us to answer. */
  private MessageId sentByCn() {
    return pair.cn
        .outbox()
        .submit(
            List.of(
                new Draft(LinkPair.US, Precedence.FLASH, StatusFlag.TEST, "s", "b", "en", null)))
        .get(0)
        .id();
  }

  private static byte[] replace(byte[] entry, String from, String to) {
    String text = new String(entry, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    return text.replace(from, to).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("unreadable")
  void an_uninterpretable_entry_is_stored_as_it_is_and_its_batch_receipted(Unreadable bad)
      throws Exception {
    acceptHonest(1);
    MessageId held = pair.cn.store.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 1).get(0).id();
    byte[] before = pair.message(log, 2, "before");
    byte[] unreadable = bad.make().apply(this, new Ctx(3, before, held));
    byte[] after = pair.message(log, 4, "after");
    Batch batch = LinkPair.honest(pair.us.signer, log, sent, List.of(before, unreadable, after));

    BatchAnswer answer;
    try (EventBus.Subscription events = pair.cn.events.subscribe()) {
      answer = receiver.accept(us, batch);
      assertThat(LinkPair.drain(events))
          .extracting(event -> event.data().get("subject"))
          .containsExactly("before", "after");
    }

    assertThat(answer.uninterpretable()).hasSize(1);
    assertThat(answer.uninterpretable().get(0).seq()).isEqualTo(3);
    assertThat(answer.uninterpretable().get(0).reason()).contains(bad.reason());
    assertReceipted(batch, answer);
    assertThat(pair.cn.head(log).size()).isEqualTo(4);
    assertThat(pair.cn.store.entries(log, 3, 3).get(0).bytes()).isEqualTo(unreadable);
    assertThat(pair.cn.store.entries(log, 3, 3).get(0).entryId()).isNull();
    assertThat(pair.cn.store.uninterpretable(log, 3)).contains(answer.uninterpretable().get(0));
    assertThat(pair.cn.store.uninterpretable(log, 2)).isEmpty();
    assertThat(pair.cn.store.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 10))
        .extracting(m -> m.draft().subject())
        .containsExactlyInAnyOrder("entry 1", "before", "after");
    assertThat(pair.cn.alarmKinds()).containsExactlyElementsOf(bad.alarms());
    SecurityEvent alarm = pair.cn.alarms.get(pair.cn.alarms.size() - 1);
    assertThat(alarm.detail()).contains("hotline/us/cn").contains("#3 " + bad.reason());
    assertThat(alarm.evidence())
        .contains("entry: " + java.util.Base64.getEncoder().encodeToString(unreadable));
  }

  /** The answer's cosignature is cn's, over the batch's checkpoint. */
  private void assertReceipted(Batch batch, BatchAnswer answer) {
    Checkpoint checkpoint = Checkpoint.parse(SignedNote.parse(batch.checkpoint()).text());
    assertThat(
            Cosignature.verify(
                checkpoint,
                SignedNote.NoteSignature.parse(answer.cosignature()),
                pair.cn.signer.verifier()))
        .isTrue();
  }

  @Test
  void a_batch_after_an_uninterpretable_entry_continues_the_log() {
    byte[] cut = java.util.Arrays.copyOf(pair.message(log, 1, "cut"), 10);
    List<byte[]> first = List.of(cut);
    assertThat(receiver.accept(us, LinkPair.honest(pair.us.signer, log, List.of(), first)))
        .extracting(answer -> answer.uninterpretable().size())
        .isEqualTo(1);
    sent.addAll(first);

    acceptHonest(2);

    assertThat(pair.cn.head(log).size()).isEqualTo(3);
    assertThat(pair.cn.store.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 10)).hasSize(2);
  }

  @Test
  void an_uninterpretable_entry_whose_bytes_do_not_give_the_root_is_refused_as_root_mismatch() {
    byte[] cut = java.util.Arrays.copyOf(pair.message(log, 1, "cut"), 10);
    Batch signedOther =
        new Batch(
            log.text(),
            1,
            List.of(cut),
            LinkPair.checkpoint(
                pair.us.signer, log, 1, LinkPair.root(List.of(pair.message(log, 1, "x")))));

    BatchRefusedException refused = refusal(signedOther);

    assertThat(refused.kind()).isEqualTo(BatchRefusedException.Kind.ROOT_MISMATCH);
    assertThat(pair.cn.alarmKinds()).containsExactly(SecurityEvent.Kind.ROOT_MISMATCH);
    assertThat(pair.cn.head(log).size()).isZero();
    assertThat(pair.cn.store.uninterpretable(log, 1)).isEmpty();
  }

  @Test
  void an_entry_reusing_the_id_of_an_answer_already_held_is_uninterpretable() {
    MessageId sentByCn = sentByCn();
    MessageId answerId = id(4);
    byte[] ack =
        EntryCodec.encode(
            new ResponseEntry(
                log,
                1,
                answerId,
                pair.clock.instant(),
                ResponseEntry.Kind.ACK,
                sentByCn,
                "duty",
                "on it"));
    receiver.accept(us, LinkPair.honest(pair.us.signer, log, List.of(), List.of(ack)));
    byte[] again =
        EntryCodec.encode(
            new ResponseEntry(
                log,
                2,
                answerId,
                pair.clock.instant(),
                ResponseEntry.Kind.READ,
                sentByCn,
                "duty",
                ""));

    BatchAnswer answer =
        receiver.accept(us, LinkPair.honest(pair.us.signer, log, List.of(ack), List.of(again)));

    assertThat(answer.uninterpretable()).extracting(UninterpretableEntry::seq).containsExactly(2L);
    assertThat(pair.cn.store.responses(sentByCn)).hasSize(1);
  }

  @Test
  void a_link_test_entry_is_stored_and_published() throws Exception {
    try (EventBus.Subscription events = pair.cn.events.subscribe()) {
      byte[] test = EntryCodec.encode(new LinkTestEntry(log, 1, id(2), pair.clock.instant(), 77));
      receiver.accept(us, LinkPair.honest(pair.us.signer, log, List.of(), List.of(test)));
      List<EventJson> published = LinkPair.drain(events);
      assertThat(published).extracting(EventJson::type).containsExactly("link.test");
      assertThat(published.get(0).data())
          .containsEntry("peer", "us")
          .containsEntry("number", 77L)
          .containsEntry("seq", 1L);
      assertThat(pair.cn.head(log).size()).isEqualTo(1);
    }
  }

  @Test
  void an_answer_to_a_message_this_node_sent_marks_it_and_is_told_to_listeners() throws Exception {
    // cn sends a message to us: stored on cn as outgoing.
    MessageId sentByCn = sentByCn();
    List<LinkStore.ResponseRecord> told = Collections.synchronizedList(new ArrayList<>());
    receiver.onAnswer(told::add);
    receiver.onAnswer(told::add);
    MessageId unrelated = id(3);
    byte[] ack =
        EntryCodec.encode(
            new ResponseEntry(
                log,
                1,
                id(4),
                pair.clock.instant(),
                ResponseEntry.Kind.ACK,
                sentByCn,
                "duty",
                "on it"));
    byte[] stray =
        EntryCodec.encode(
            new ResponseEntry(
                log,
                2,
                id(5),
                pair.clock.instant(),
                ResponseEntry.Kind.READ,
                unrelated,
                "duty",
                ""));
    try (EventBus.Subscription events = pair.cn.events.subscribe()) {
      receiver.accept(us, LinkPair.honest(pair.us.signer, log, List.of(), List.of(ack, stray)));
      List<EventJson> published = LinkPair.drain(events);
      assertThat(published).extracting(EventJson::type).containsExactly("message.answered");
      assertThat(published.get(0).data())
          .containsEntry("id", sentByCn.toString())
          .containsEntry("kind", "ACK")
          .containsEntry("by", "duty")
          .containsEntry("from", "us");
    }
    assertThat(told).hasSize(2);
    assertThat(told.get(0).message()).isEqualTo(sentByCn);
    assertThat(told.get(0).incoming()).isTrue();
    assertThat(told.get(0).seq()).isEqualTo(1L);
    assertThat(pair.cn.store.message(sentByCn).orElseThrow().answer())
        .isEqualTo(MessageAnswer.ACKNOWLEDGED);
    assertThat(pair.cn.store.responses(sentByCn)).hasSize(1);
    assertThat(pair.cn.head(log).size()).isEqualTo(2);
  }

  @Test
  void an_answer_to_a_message_this_node_received_changes_nothing() {
    acceptHonest(1);
    MessageId received = pair.cn.store.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 1).get(0).id();
    List<LinkStore.ResponseRecord> told = new ArrayList<>();
    receiver.onAnswer(told::add);
    byte[] ack =
        EntryCodec.encode(
            new ResponseEntry(
                log,
                2,
                id(4),
                pair.clock.instant(),
                ResponseEntry.Kind.ACK,
                received,
                "duty",
                "self-ack"));
    try (org.hotline.testing.LogLines logged =
        org.hotline.testing.LogLines.of(Receiver.class.getName())) {
      receiver.accept(us, LinkPair.honest(pair.us.signer, log, sent, List.of(ack)));
      assertThat(logged.fields())
          .as("the line a log pipeline indexes says which entry was not applied, and where")
          .singleElement()
          .isEqualTo(
              java.util.Map.of(
                  "peer", "us",
                  "message_id", received.toString(),
                  "log", log.text(),
                  "seq", "2",
                  "event", "entry.not.applied"));
    }
    assertThat(told).isEmpty();
    assertThat(pair.cn.store.message(received).orElseThrow().answer()).isNull();
  }

  @Test
  void a_missed_deadline_of_a_message_the_peer_sent_is_marked_and_published() throws Exception {
    acceptHonest(1);
    MessageRecord message = pair.cn.store.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 1).get(0);
    pair.clock.advance(Duration.ofHours(2));
    byte[] miss =
        EntryCodec.encode(
            new DeadlineMissedEntry(
                log,
                2,
                id(6),
                pair.clock.instant(),
                message.id(),
                Precedence.ROUTINE,
                message.deadline()));
    try (EventBus.Subscription events = pair.cn.events.subscribe()) {
      receiver.accept(us, LinkPair.honest(pair.us.signer, log, sent, List.of(miss)));
      List<EventJson> published = LinkPair.drain(events);
      assertThat(published).extracting(EventJson::type).containsExactly("deadline.missed");
      assertThat(published.get(0).data())
          .containsEntry("node", "cn")
          .containsEntry("side", "receiving")
          .containsEntry("peer", "us")
          .containsEntry("message", message.id().toString())
          .containsEntry("deadline", EntryCodec.timestamp(message.deadline()))
          .containsEntry("raised_at", EntryCodec.timestamp(pair.clock.instant()));
    }
    assertThat(pair.cn.store.message(message.id()).orElseThrow().deadlineMissedAt()).isNotNull();
  }

  @Test
  void a_missed_deadline_in_the_same_batch_as_its_message_is_marked() {
    MessageId id = id(8);
    byte[] message =
        EntryCodec.encode(
            new MessageEntry(
                log, 1, id, pair.clock.instant(), LinkPair.draft(Precedence.FLASH, "late")));
    byte[] miss =
        EntryCodec.encode(
            new DeadlineMissedEntry(
                log, 2, id(9), pair.clock.instant(), id, Precedence.FLASH, pair.clock.instant()));
    receiver.accept(us, LinkPair.honest(pair.us.signer, log, List.of(), List.of(message, miss)));
    assertThat(pair.cn.store.message(id).orElseThrow().deadlineMissedAt()).isNotNull();
  }

  @Test
  void a_missed_deadline_of_a_message_the_peer_never_sent_marks_nothing() throws Exception {
    MessageId unknown = id(10);
    byte[] miss =
        EntryCodec.encode(
            new DeadlineMissedEntry(
                log,
                1,
                id(9),
                pair.clock.instant(),
                unknown,
                Precedence.FLASH,
                pair.clock.instant()));
    try (EventBus.Subscription events = pair.cn.events.subscribe()) {
      receiver.accept(us, LinkPair.honest(pair.us.signer, log, List.of(), List.of(miss)));
      assertThat(LinkPair.drain(events)).isEmpty();
    }
    assertThat(pair.cn.head(log).size()).isEqualTo(1);
  }

  // ------------------------------------------------------------ recovery entries

  @Test
  void a_recovery_entry_is_receipted_changes_no_message_and_is_raised_once_as_peer_recovered()
      throws Exception {
    acceptHonest(2);
    pair.clock.advance(Duration.ofMinutes(5));
    byte[] recovery =
        EntryCodec.encode(new RecoveryEntry(log, 3, id(11), pair.clock.instant(), 1, 5));
    byte[] after = pair.message(log, 4, "after recovery");
    Batch batch = LinkPair.honest(pair.us.signer, log, sent, List.of(recovery, after));

    BatchAnswer answer;
    try (EventBus.Subscription events = pair.cn.events.subscribe()) {
      answer = receiver.accept(us, batch);
      assertThat(LinkPair.drain(events))
          .extracting(event -> event.data().get("subject"))
          .containsExactly("after recovery");
    }

    assertThat(answer.uninterpretable()).isEmpty();
    assertReceipted(batch, answer);
    assertThat(pair.cn.head(log).size()).isEqualTo(4);
    assertThat(pair.cn.store.entries(log, 3, 3).get(0).bytes()).isEqualTo(recovery);
    assertThat(pair.cn.store.entries(log, 3, 3).get(0).entryId()).isEqualTo(id(11));
    assertThat(pair.cn.store.uninterpretable(log, 3)).isEmpty();
    assertThat(pair.cn.store.messages(LinkStore.Box.INBOX, Long.MAX_VALUE, 10))
        .extracting(m -> m.draft().subject())
        .containsExactlyInAnyOrder("entry 1", "entry 2", "after recovery");
    assertThat(pair.cn.alarmKinds()).containsExactly(SecurityEvent.Kind.PEER_RECOVERED);
    SecurityEvent raised = pair.cn.alarms.get(0);
    assertThat(raised.peer()).isEqualTo("us");
    assertThat(raised.at()).isEqualTo(pair.clock.instant());
    assertThat(raised.detail())
        .isEqualTo(
            "us recovered its log hotline/us/cn from this node: its database held 1 entry;"
                + " positions 3..5 it had signed before are void");
    assertThat(raised.evidence())
        .isEqualTo(new String(recovery, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(pair.cn.store.securityEvents(10))
        .extracting(SecurityEvent::kind, SecurityEvent::detail, SecurityEvent::evidence)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(raised.kind(), raised.detail(), raised.evidence()));
  }

  @Test
  void a_recovery_entry_that_voids_nothing_says_so() {
    acceptHonest(2);
    byte[] recovery =
        EntryCodec.encode(new RecoveryEntry(log, 3, id(12), pair.clock.instant(), 0, 2));
    receiver.accept(us, LinkPair.honest(pair.us.signer, log, sent, List.of(recovery)));

    assertThat(pair.cn.alarmKinds()).containsExactly(SecurityEvent.Kind.PEER_RECOVERED);
    assertThat(pair.cn.alarms.get(0).detail())
        .isEqualTo(
            "us recovered its log hotline/us/cn from this node: its database held 0 entries;"
                + " no position is void");
  }

  @Test
  void a_recovery_entry_at_another_position_is_uninterpretable_and_not_raised_as_a_recovery() {
    acceptHonest(2);
    byte[] misplaced =
        EntryCodec.encode(new RecoveryEntry(log, 7, id(13), pair.clock.instant(), 2, 9));
    BatchAnswer answer =
        receiver.accept(us, LinkPair.honest(pair.us.signer, log, sent, List.of(misplaced)));

    assertThat(answer.uninterpretable()).hasSize(1);
    assertThat(answer.uninterpretable().get(0).reason()).isEqualTo("at position 3 says seq 7");
    assertThat(pair.cn.alarmKinds()).containsExactly(UNINTERPRETABLE);
  }
}
