package org.hotline.link.receive;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.hotline.InvalidInputException;
import org.hotline.event.Event;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.AckDeadlines;
import org.hotline.link.Alarms;
import org.hotline.link.Batch;
import org.hotline.link.BatchAnswer;
import org.hotline.link.BatchLimits;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.LinkStore;
import org.hotline.link.LogAppender;
import org.hotline.link.MessageRecord;
import org.hotline.link.Peer;
import org.hotline.link.RemoteLogState;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.LinkTestEntry;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.RecoveryEntry;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.UninterpretableEntry;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes batches from pinned peers into their mirrored direction logs, as a transparency-log witness
 * would: the checkpoint must verify against the peer's pinned key, the batch must continue the
 * stored log exactly, and the stored prefix plus the batch's entry bytes must give exactly the
 * signed root. Only after the batch is durably stored does it answer with a receipt, a timestamped
 * C2SP cosignature over the sender's checkpoint. A batch that fails these checks is refused with a
 * {@link BatchRefusedException} naming the problem and the size the sender should resume from;
 * forged or conflicting material is kept as evidence and raised as a security event. A single entry
 * never stops the link: one that passes them but cannot be interpreted is stored all the same, as
 * an {@link UninterpretableEntry}, and raised. The steps are those of docs/protocol.md §14.
 *
 * <p>Thread-safe: batches for one log are taken one at a time.
 */
public final class Receiver {
  private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);

  private final PartyId self;
  private final NoteSigner signer;
  private final LinkStore store;
  private final Clock clock;
  private final Consumer<SecurityEvent> alarms;
  private final org.hotline.event.EventBus events;
  private final AckDeadlines deadlines;
  private volatile Consumer<LinkStore.ResponseRecord> answered = response -> {};
  private final Map<String, LogGate> gates = new ConcurrentHashMap<>();

  /**
   * How long a batch that arrives ahead of a gap waits for the batches before it: a sender keeps
   * several batches in flight, on several connections, so batch k+1 may overtake batch k by a few
   * milliseconds. Past this, the answer is {@code gap} with the size held.
   */
  static final java.time.Duration GAP_WAIT_MAX = java.time.Duration.ofSeconds(2);

  /**
   * Batches of one log waiting at a gap at once, at most: a sender's window. A batch beyond it is
   * answered {@code gap} at once, so a peer cannot hold more of the server's threads.
   */
  static final int GAP_WAITERS_MAX = BatchLimits.WINDOW_MAX;

  /** Batches for one log are taken one at a time, in order; those ahead of a gap wait here. */
  private static final class LogGate {
    final ReentrantLock lock = new ReentrantLock();
    final java.util.concurrent.locks.Condition stored = lock.newCondition();
    int waiting;
  }

  public Receiver(
      PartyId self,
      NoteSigner signer,
      LinkStore store,
      Clock clock,
      Consumer<SecurityEvent> alarms,
      org.hotline.event.EventBus events,
      AckDeadlines deadlines) {
    this.events = events;
    this.deadlines = deadlines;
    this.self = self;
    this.signer = signer;
    this.store = store;
    this.clock = clock;
    this.alarms = alarms;
  }

  /**
   * Tells {@code listener} of every answer the peers give to messages this node sent, once it is
   * stored (for deadline timers). Called on the receiving thread; keep it short.
   */
  public void onAnswer(Consumer<LinkStore.ResponseRecord> listener) {
    Consumer<LinkStore.ResponseRecord> previous = answered;
    answered = previous.andThen(listener);
  }

  /** What this node holds of {@code from}'s log to it, with its receipt for that size. */
  public RemoteLogState state(Peer from, String logText) {
    LogOrigin log = logOf(from, logText);
    // Every stored batch stores its receipt in the same transaction, so the latest receipt's size
    // is the stored size: one read, which a batch committing meanwhile cannot split.
    Optional<LinkStore.Receipt> receipt = store.latestReceipt(log);
    if (receipt.isPresent()) {
      return new RemoteLogState(receipt.get().size(), receipt.get().cosignedNote());
    }
    return new RemoteLogState(store.logHead(log).map(LinkStore.LogHead::size).orElse(0L), null);
  }

  /**
   * Checks and stores a batch, following docs/protocol.md §14 step by step; returns the receipt (a
   * cosignature line over the batch's checkpoint) and the entries it could not interpret, which are
   * stored all the same. Throws {@link BatchRefusedException} for a batch it refuses, having stored
   * nothing but evidence.
   */
  public BatchAnswer accept(Peer from, Batch batch) {
    LogOrigin log = logOf(from, batch.log());
    checkShape(log, batch);
    Checkpoint checkpoint = signedCheckpoint(from, log, batch);
    LogGate gate = gates.computeIfAbsent(log.text(), k -> new LogGate());
    gate.lock.lock();
    try {
      awaitTurn(gate, log, batch);
      return acceptLocked(from, log, batch, checkpoint);
    } finally {
      // Whatever happened, the batches waiting look at the stored size again.
      gate.stored.signalAll();
      gate.lock.unlock();
    }
  }

  /** Batches of {@code log} waiting at a gap now (for status and tests). */
  int waitingAtGap(LogOrigin log) {
    LogGate gate = gates.get(log.text());
    if (gate == null) {
      return 0;
    }
    gate.lock.lock();
    try {
      return gate.waiting;
    } finally {
      gate.lock.unlock();
    }
  }

  /**
   * The ordering rule (docs/protocol.md §14): a batch that starts beyond the stored size plus one
   * waits, up to {@link #GAP_WAIT_MAX}, for the batches before it to be stored; then it is taken or
   * answered {@code gap}. At most {@link #GAP_WAITERS_MAX} batches of a log wait at once.
   */
  private void awaitTurn(LogGate gate, LogOrigin log, Batch batch) {
    long deadline = System.nanoTime() + GAP_WAIT_MAX.toNanos();
    while (batch.firstSeq() > store.logHead(log).map(LinkStore.LogHead::size).orElse(0L) + 1
        && gate.waiting < GAP_WAITERS_MAX) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      gate.waiting++;
      try {
        gate.stored.awaitNanos(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw refused(
            BatchRefusedException.Kind.GAP,
            "stopped while batch "
                + batch.firstSeq()
                + " waited for the batches before it; send from the size held",
            log);
      } finally {
        gate.waiting--;
      }
    }
  }

  private BatchAnswer acceptLocked(Peer from, LogOrigin log, Batch batch, Checkpoint checkpoint) {
    LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    checkPosition(from, log, batch, checkpoint, head);
    LogAppender appender = new LogAppender(head);
    List<byte[]> leaves = checkRoot(from, log, batch, checkpoint, appender);
    InterpretedBatch interpreted =
        InterpretedBatch.interpret(log, batch, leaves, store::existingEntryIds);
    interpreted.wrongSender.forEach(
        detail -> alarm(from, SecurityEvent.Kind.WRONG_SENDER, detail, evidence(batch)));
    List<LinkStore.ResponseRecord> answers = applicableResponses(from, interpreted.responses);
    List<LinkStore.DeadlineMissRecord> missed =
        applicableMisses(from, interpreted.messages, interpreted.misses);
    List<SecurityEvent> recovered = recoveredEvents(from, batch, interpreted.recoveries);
    String cosignature =
        Cosignature.sign(checkpoint, signer, clock.instant().getEpochSecond()).line();
    String cosigned =
        new org.hotline.transcript.Receipt(batch.checkpoint(), cosignature).cosignedNote();
    store.write(
        writes -> {
          writes.appendEntries(log, interpreted.stored);
          writes.putUninterpretable(log, interpreted.uninterpretable, clock.instant());
          writes.insertIncoming(
              log, interpreted.messages, clock.instant(), deadlines(from, interpreted.messages));
          answers.forEach(writes::insertResponse);
          missed.forEach(writes::insertDeadlineMiss);
          writes.insertChanges(from.id(), true, interpreted.changes);
          writes.putTreeNodes(log, appender.completedNodes());
          writes.putLogHead(log, appender.head(0));
          writes.putCheckpoint(log, checkpoint.size(), batch.checkpoint());
          writes.putReceipt(log, checkpoint.size(), cosigned, clock.instant());
          recovered.forEach(writes::putSecurityEvent);
          return null;
        });
    recovered.forEach(this::announce);
    raiseUninterpretable(from, log, batch, interpreted.uninterpretable);
    publish(from, interpreted, answers, missed);
    return new BatchAnswer(cosignature, interpreted.uninterpretable);
  }

  /** Step 2: 1 to {@link BatchLimits#ENTRIES_MAX} entries, starting at 1 or later. */
  private void checkShape(LogOrigin log, Batch batch) {
    if (batch.entries().isEmpty() || batch.entries().size() > BatchLimits.ENTRIES_MAX) {
      BatchRefusedException.Kind problem =
          batch.entries().isEmpty()
              ? BatchRefusedException.Kind.BAD_BATCH
              : BatchRefusedException.Kind.OVERSIZED;
      throw refused(
          problem,
          "a batch holds 1 to "
              + BatchLimits.ENTRIES_MAX
              + " entries, got "
              + batch.entries().size(),
          log);
    }
    if (batch.firstSeq() < 1) {
      throw refused(BatchRefusedException.Kind.BAD_BATCH, "first_seq must be at least 1", log);
    }
  }

  /**
   * Step 3: the checkpoint is a note signed by the peer's pinned key, for this log and the batch's
   * end size.
   */
  private Checkpoint signedCheckpoint(Peer from, LogOrigin log, Batch batch) {
    SignedNote note;
    Checkpoint checkpoint;
    try {
      note = SignedNote.parse(batch.checkpoint());
      checkpoint = Checkpoint.parse(note.text());
    } catch (TranscriptFormatException e) {
      throw refused(
          BatchRefusedException.Kind.BAD_BATCH, "checkpoint is malformed: " + e.getMessage(), log);
    }
    if (!note.verifiedBy(from.card().verifier())) {
      alarm(
          from,
          SecurityEvent.Kind.BAD_SIGNATURE,
          "checkpoint for size "
              + checkpoint.size()
              + " of "
              + log
              + " is not signed by "
              + from.id()
              + "'s pinned key",
          evidence(batch));
      throw refused(
          BatchRefusedException.Kind.BAD_SIGNATURE,
          "checkpoint signature does not verify against the pinned key of " + from.id(),
          log);
    }
    if (!checkpoint.origin().equals(log.text()) || checkpoint.size() != batch.endSize()) {
      throw refused(
          BatchRefusedException.Kind.BAD_BATCH,
          "checkpoint is for "
              + checkpoint.origin()
              + " size "
              + checkpoint.size()
              + ", the batch ends at "
              + log
              + " size "
              + batch.endSize(),
          log);
    }
    return checkpoint;
  }

  /** Step 4: the batch continues the stored log exactly; a replay must repeat it exactly. */
  private void checkPosition(
      Peer from, LogOrigin log, Batch batch, Checkpoint checkpoint, LinkStore.LogHead head) {
    if (batch.firstSeq() <= head.size()) {
      checkReplay(from, log, batch, checkpoint, head);
      throw new BatchRefusedException(
          BatchRefusedException.Kind.ALREADY_STORED,
          "entries from "
              + batch.firstSeq()
              + " are already stored; "
              + log
              + " holds "
              + head.size(),
          head.size());
    }
    if (batch.firstSeq() > head.size() + 1) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.GAP,
          "batch starts at "
              + batch.firstSeq()
              + " but "
              + log
              + " holds "
              + head.size()
              + "; send from "
              + (head.size() + 1),
          head.size());
    }
  }

  /**
   * Step 5: the stored prefix plus the batch's entry bytes, as they are, give the signed root;
   * before any entry is interpreted. Returns the leaf hash of each entry.
   */
  private List<byte[]> checkRoot(
      Peer from, LogOrigin log, Batch batch, Checkpoint checkpoint, LogAppender appender) {
    List<byte[]> leaves = new ArrayList<>(batch.entries().size());
    batch.entries().forEach(bytes -> leaves.add(appender.append(bytes)));
    if (!Arrays.equals(appender.root(), checkpoint.root())) {
      alarm(
          from,
          SecurityEvent.Kind.ROOT_MISMATCH,
          "entries "
              + batch.firstSeq()
              + ".."
              + batch.endSize()
              + " of "
              + log
              + " do not give the signed root",
          evidence(batch));
      throw refused(
          BatchRefusedException.Kind.ROOT_MISMATCH,
          "the stored prefix plus this batch does not give the signed root of size "
              + checkpoint.size(),
          log);
    }
    return leaves;
  }

  /** When an acknowledgement of each received message is due, by this link's deadlines. */
  private Map<MessageId, Instant> deadlines(Peer from, List<MessageEntry> messages) {
    Map<MessageId, Instant> due = new HashMap<>();
    for (MessageEntry message : messages) {
      due.put(
          message.id(),
          deadlines.dueAt(
              from.id(),
              message.draft().channel(),
              message.draft().precedence(),
              message.created()));
    }
    return due;
  }

  /** Entries of one batch listed by name in the alarm's detail; the evidence holds them all. */
  static final int UNINTERPRETABLE_LISTED_MAX = 5;

  /** Step 9: one alarm for the batch, naming its uninterpretable entries, with the batch. */
  private void raiseUninterpretable(
      Peer from, LogOrigin log, Batch batch, List<UninterpretableEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    StringBuilder detail =
        new StringBuilder()
            .append(entries.size() == 1 ? "entry " : entries.size() + " entries ")
            .append("of ")
            .append(log)
            .append(" stored but not interpreted: ");
    for (int i = 0; i < Math.min(entries.size(), UNINTERPRETABLE_LISTED_MAX); i++) {
      UninterpretableEntry entry = entries.get(i);
      detail.append(i == 0 ? "" : "; ").append('#').append(entry.seq()).append(' ');
      detail.append(entry.reason());
    }
    if (entries.size() > UNINTERPRETABLE_LISTED_MAX) {
      detail.append("; and ").append(entries.size() - UNINTERPRETABLE_LISTED_MAX).append(" more");
    }
    alarm(from, SecurityEvent.Kind.UNINTERPRETABLE_ENTRY, detail.toString(), evidence(batch));
  }

  /**
   * Step 13: a {@code peer-recovered} event for each recovery entry of the batch (docs/protocol.md
   * §3.6), to be stored with the batch: the entry is the evidence, and it is raised whatever it
   * says, since it changes no message. Not through {@link Alarms}: each is a distinct signed entry
   * of the log, stored once, so there is no repeat to leave out and no large evidence to cut.
   */
  private List<SecurityEvent> recoveredEvents(
      Peer from, Batch batch, List<RecoveryEntry> recoveries) {
    List<SecurityEvent> events = new ArrayList<>(recoveries.size());
    for (RecoveryEntry recovery : recoveries) {
      byte[] bytes = batch.entries().get((int) (recovery.seq() - batch.firstSeq()));
      String detail =
          from.id()
              + " recovered its log "
              + recovery.log()
              + " from this node: its database held "
              + recovery.restored()
              + (recovery.restored() == 1 ? " entry; " : " entries; ")
              + (recovery.voidsPositions()
                  ? "positions " + recovery.voidRange() + " it had signed before are void"
                  : "no position is void");
      events.add(
          new SecurityEvent(
              clock.instant(),
              from.id().value(),
              SecurityEvent.Kind.PEER_RECOVERED,
              detail,
              new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
    }
    return events;
  }

  /** Step 10: tells the event stream and the listeners what the batch brought. */
  private void publish(
      Peer from,
      InterpretedBatch interpreted,
      List<LinkStore.ResponseRecord> answers,
      List<LinkStore.DeadlineMissRecord> missed) {
    for (MessageEntry message : interpreted.messages) {
      events.publish(
          new Event.MessageReceived(
              message.id(),
              message.from(),
              message.draft().precedence(),
              message.draft().status(),
              message.draft().subject()));
    }
    for (LinkTestEntry test : interpreted.linkTests) {
      events.publish(new Event.LinkTestReceived(from.id(), test.number(), test.seq()));
    }
    for (LinkStore.ResponseRecord answer : answers) {
      events.publish(
          new Event.MessageAnswered(answer.message(), answer.kind(), answer.by(), from.id()));
      answered.accept(answer);
    }
    for (LinkStore.DeadlineMissRecord miss : missed) {
      events.publish(
          new Event.DeadlineMissRecorded(
              self, from.id(), miss.message(), miss.deadline(), miss.at()));
    }
    if (!interpreted.changes.isEmpty()) {
      events.publish(
          new Event.CrisisChanged(
              from.id(),
              interpreted.changes.stream()
                  .map(org.hotline.link.entry.ChangeEntry::object)
                  .distinct()
                  .toList(),
              true));
    }
  }

  /**
   * The peer's answers that concern messages we sent to it. An answer about anything else stays in
   * the record (it was signed and delivered) but changes no message; it is logged.
   */
  private List<LinkStore.ResponseRecord> applicableResponses(
      Peer from, List<ResponseEntry> responses) {
    List<LinkStore.ResponseRecord> applicable = new ArrayList<>(responses.size());
    for (ResponseEntry response : responses) {
      MessageRecord answered = store.message(response.message()).orElse(null);
      if (answered == null || !answered.from().equals(self) || !answered.to().equals(from.id())) {
        messageFields(from, response.message(), response)
            .log(
                () ->
                    LOG.warn(
                        "{} answered ({}) message {}, which this node did not send to it; kept in"
                            + " the record only",
                        from.id(),
                        response.kind(),
                        response.message()));
        continue;
      }
      applicable.add(
          LinkStore.ResponseRecord.of(response, true, response.log().text(), response.seq()));
    }
    return applicable;
  }

  /**
   * The peer's deadline-missed statements about messages it sent us (stored, or in this very
   * batch). A statement about anything else stays in the record but marks no message; it is logged.
   */
  private List<LinkStore.DeadlineMissRecord> applicableMisses(
      Peer from, List<MessageEntry> inBatch, List<DeadlineMissedEntry> misses) {
    List<LinkStore.DeadlineMissRecord> applicable = new ArrayList<>(misses.size());
    for (DeadlineMissedEntry miss : misses) {
      boolean sentInBatch =
          inBatch.stream().anyMatch(message -> message.id().equals(miss.message()));
      MessageRecord stored = sentInBatch ? null : store.message(miss.message()).orElse(null);
      if (!sentInBatch
          && (stored == null || !stored.from().equals(from.id()) || !stored.to().equals(self))) {
        messageFields(from, miss.message(), miss)
            .log(
                () ->
                    LOG.warn(
                        "{} recorded a missed deadline for message {}, which it did not send to"
                            + " this node; kept in the record only",
                        from.id(),
                        miss.message()));
        continue;
      }
      applicable.add(
          new LinkStore.DeadlineMissRecord(
              miss.id(),
              miss.message(),
              miss.deadline(),
              miss.created(),
              true,
              miss.log().text(),
              miss.seq()));
    }
    return applicable;
  }

  /** A batch that overlaps what is stored must repeat it exactly; anything else is equivocation. */
  private void checkReplay(
      Peer from, LogOrigin log, Batch batch, Checkpoint checkpoint, LinkStore.LogHead head) {
    long lastStored = Math.min(head.size(), batch.endSize());
    List<LinkStore.StoredEntry> stored = store.entries(log, batch.firstSeq(), lastStored);
    for (LinkStore.StoredEntry entry : stored) {
      byte[] offered = batch.entries().get((int) (entry.seq() - batch.firstSeq()));
      if (!Arrays.equals(offered, entry.bytes())) {
        alarm(
            from,
            SecurityEvent.Kind.CONFLICTING_ENTRY,
            "a second, different entry " + entry.seq() + " of " + log + " signed by " + from.id(),
            evidence(batch) + "\nstored: " + Base64.getEncoder().encodeToString(entry.bytes()));
        throw refused(
            BatchRefusedException.Kind.CONFLICTING_ENTRY,
            "entry "
                + entry.seq()
                + " differs from the entry already stored at that sequence number",
            log);
      }
    }
    if (checkpoint.size() <= head.size()) {
      store
          .checkpoint(log, checkpoint.size())
          .ifPresent(
              storedNote -> {
                Checkpoint storedCheckpoint = Checkpoint.parse(SignedNote.parse(storedNote).text());
                if (!storedCheckpoint.equals(checkpoint)) {
                  alarm(
                      from,
                      SecurityEvent.Kind.CONFLICTING_CHECKPOINT,
                      "two signed checkpoints for size " + checkpoint.size() + " of " + log,
                      batch.checkpoint() + "\nstored:\n" + storedNote);
                  throw refused(
                      BatchRefusedException.Kind.CONFLICTING_ENTRY,
                      "checkpoint for size "
                          + checkpoint.size()
                          + " differs from the one already stored",
                      log);
                }
              });
    }
  }

  private LogOrigin logOf(Peer from, String logText) {
    LogOrigin log;
    try {
      log = LogOrigin.parse(logText);
    } catch (InvalidInputException e) {
      throw new BatchRefusedException(BatchRefusedException.Kind.WRONG_LOG, e.getMessage(), -1);
    }
    if (!log.writer().equals(from.id()) || !log.reader().equals(self)) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.WRONG_LOG,
          "peer "
              + from.id()
              + " may only write log hotline/"
              + from.id()
              + "/"
              + self
              + ", not "
              + log,
          -1);
    }
    return log;
  }

  private BatchRefusedException refused(
      BatchRefusedException.Kind problem, String message, LogOrigin log) {
    long size = store.logHead(log).map(LinkStore.LogHead::size).orElse(0L);
    return new BatchRefusedException(problem, message, size);
  }

  /**
   * The fields of a line about {@code message}, named by {@code entry} in a batch from {@code
   * from}.
   */
  private static org.hotline.LogFields messageFields(
      Peer from, MessageId message, org.hotline.link.entry.Entry entry) {
    return org.hotline.LogFields.of(
        org.hotline.LogFields.PEER,
        from.id().value(),
        org.hotline.LogFields.MESSAGE_ID,
        message.toString(),
        org.hotline.LogFields.LOG,
        entry.log().text(),
        org.hotline.LogFields.SEQ,
        Long.toString(entry.seq()),
        org.hotline.LogFields.EVENT,
        "entry.not.applied");
  }

  private void alarm(Peer from, SecurityEvent.Kind kind, String detail, String evidence) {
    SecurityEvent event =
        new SecurityEvent(clock.instant(), from.id().value(), kind, detail, evidence);
    if (Alarms.record(store, event)) {
      announce(event);
    }
  }

  /** Logs a stored security event and tells the alarm listeners. */
  private void announce(SecurityEvent event) {
    SecurityEvent.logFields(event)
        .log(() -> LOG.warn("SECURITY {} from {}: {}", event.kind(), event.peer(), event.detail()));
    alarms.accept(event);
  }

  private static String evidence(Batch batch) {
    StringBuilder out = new StringBuilder();
    out.append("log: ")
        .append(batch.log())
        .append("\nfirst_seq: ")
        .append(batch.firstSeq())
        .append("\ncheckpoint:\n")
        .append(batch.checkpoint());
    for (byte[] entry : batch.entries()) {
      out.append("entry: ").append(Base64.getEncoder().encodeToString(entry)).append('\n');
    }
    return out.toString();
  }
}
