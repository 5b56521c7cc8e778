package org.hotline.link.send;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.Alarms;
import org.hotline.link.Batch;
import org.hotline.link.BatchAnswer;
import org.hotline.link.BatchLimits;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.LinkStore;
import org.hotline.link.Peer;
import org.hotline.link.PeerDirectory;
import org.hotline.link.PeerTransport;
import org.hotline.link.PeerUnreachableException;
import org.hotline.link.RemoteLogState;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.UninterpretableEntry;
import org.hotline.link.health.Backoff;
import org.hotline.link.health.LinkBlocks;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.SignedNote;
import org.hotline.transcript.TranscriptFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one peer's outgoing log. One thread per peer runs this loop:
 *
 * <ol>
 *   <li>learn how much of the log the peer holds (on start and after any failure);
 *   <li>take the answers to the batches in flight, oldest first, as they arrive: verify each
 *       receipt (the peer's cosignature), store them (a message is DELIVERED once a stored receipt
 *       covers it), and in the same transaction sequence the next batch if the window has room;
 *   <li>while fewer than {@link BatchLimits#window()} batches are in flight, sequence the most
 *       urgent queued entries into the next batch (at most {@link BatchLimits#entries()} entries
 *       and {@link BatchLimits#BYTES_MAX} bytes under one signed checkpoint) and send it without
 *       waiting for the answers to those before it.
 * </ol>
 *
 * The last slot of the window is kept for urgent traffic: a batch that starts with a ROUTINE or
 * PRIORITY entry may take only {@link BatchLimits#routineWindow()} slots, so a FLASH entry queued
 * behind a backlog is sequenced and sent at once and waits at the receiver behind at most the
 * batches already in flight. A batch that starts with a FLASH or IMMEDIATE entry holds only such
 * entries ({@link Sequencer}).
 *
 * <p>Failures back off exponentially with jitter ({@link Backoff}), capped, forever: no accepted
 * message is ever dropped. After a failure the batches still in flight are abandoned (their
 * answers, if any come, are ignored), the peer's size is asked again, and sending resumes from
 * there. A {@code gap} or {@code already-stored} answer is flow control, not a failure: the
 * dispatcher asks the peer's size again at once, without backing off. Thread-safe.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** With nothing to do, look again this often even without a wake-up (peer added, clock skew). */
  static final Duration IDLE_RECHECK = Duration.ofSeconds(1);

  /**
   * A batch sent and not yet answered, with the checkpoint its receipt must cosign and when it was
   * sent (for the node's metrics: the time until its receipt is stored).
   */
  private record InFlight(
      long firstSeq,
      long endSize,
      String checkpoint,
      CompletableFuture<BatchAnswer> answer,
      java.time.Instant sentAt) {}

  /** A batch's verified answer, waiting to be stored with the others taken in the same round. */
  private record Answered(InFlight batch, String cosigned, BatchAnswer answer) {}

  private final PartyId peerId;
  private final LogOrigin log;
  private final LinkStore store;
  private final PeerDirectory peers;
  private final PeerTransport transport;
  private final Sequencer sequencer;
  private final Outbox outbox;
  private final Clock clock;
  private final Backoff backoff;
  private final org.hotline.event.EventBus events;
  private final LinkBlocks blocks;
  private final Supplier<BatchLimits> limits;
  private final Executor sends;
  private final Semaphore wakeups = new Semaphore(0);
  private final Semaphore recoveries = new Semaphore(0);
  private final Thread thread;
  private final AtomicLong remoteSize = new AtomicLong(-1);
  private volatile boolean closed;
  private volatile boolean reachable;
  private volatile String lastError = "";

  /** Batches sent and not yet answered, oldest first. The dispatcher's thread only. */
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

  /**
   * The log size up to which batches have been sent: the peer's size plus the batches in flight.
   * Meaningful while {@link #remoteSize} is known. The dispatcher's thread only.
   */
  private long sentSize;

  /** How many batches are in flight, for other threads ({@link #readyToSend}). */
  private volatile int inFlightCount;

  /** Failures in a row, for the backoff ({@link #turn}). The dispatcher's thread only. */
  private int failures;

  /** Receipts stored so far: progress, which ends a backoff and clears the last error. */
  private final AtomicLong receipts = new AtomicLong();

  /**
   * Sends whose answer has not come, abandoned ones included (they run until their request times
   * out): the window bounds this, so that retries cannot pile up sends.
   */
  private final java.util.concurrent.atomic.AtomicInteger liveSends =
      new java.util.concurrent.atomic.AtomicInteger();

  /** Position mismatches since the last receipt. The dispatcher's thread only. */
  private int mismatchesInARow;

  public Dispatcher(
      PartyId self,
      PartyId peerId,
      LinkStore store,
      PeerDirectory peers,
      PeerTransport transport,
      Sequencer sequencer,
      Outbox outbox,
      Clock clock,
      Backoff backoff,
      org.hotline.event.EventBus events,
      LinkBlocks blocks,
      Supplier<BatchLimits> limits,
      Executor sends) {
    this.limits = limits;
    this.sends = sends;
    this.events = events;
    this.blocks = blocks;
    this.peerId = peerId;
    this.log = new LogOrigin(self, peerId);
    this.store = store;
    this.peers = peers;
    this.transport = transport;
    this.sequencer = sequencer;
    this.outbox = outbox;
    this.clock = clock;
    this.backoff = backoff;
    this.thread = Thread.ofPlatform().name("dispatcher-" + peerId).daemon().unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /**
   * Something changed (a message queued): look at the queue now rather than at the next recheck.
   */
  public void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  /** The heartbeats see the peer again: end any backoff wait now, so traffic resumes at once. */
  public void linkRecovered() {
    if (recoveries.availablePermits() == 0) {
      recoveries.release();
    }
  }

  public boolean reachable() {
    return reachable;
  }

  /**
   * Whether an entry sequenced now would be sent at once, ahead of nothing: the peer answered the
   * last request, its size is known, and no batch is in flight. The outbox then sequences in the
   * accepting transaction; otherwise entries queue, so that a more urgent one can still go first.
   */
  public boolean readyToSend() {
    return reachable && remoteSize.get() >= 0 && inFlightCount == 0;
  }

  public String lastError() {
    return lastError;
  }

  /** Batches sent to the peer and not yet answered, at most the window; for the node's metrics. */
  public int inFlightBatches() {
    return inFlightCount;
  }

  private void run() {
    try {
      sequencer.checkSigning(peerId);
    } catch (RuntimeException e) {
      LOG.error("checking whether this node may sign to {} failed", peerId, e);
    }
    while (!closed) {
      Wait wait = turn();
      if (!wait.delay().isZero()) {
        await(wait.delay(), wait.wakeable());
      }
    }
  }

  /** How long the loop waits before its next turn, and whether new work ends the wait. */
  record Wait(Duration delay, boolean wakeable) {}

  /**
   * One turn of the loop: a round, and how long to wait after it: not at all after work, {@link
   * #IDLE_RECHECK} (or until woken) with nothing to do, the backoff after a failure. The backoff
   * grows with the failures in a row, which only progress (a receipt) or a round with nothing to do
   * and nothing in flight ends: a round that only sent batches proves nothing, as their answers,
   * failures included, come in later rounds. Package-private so that tests take turns one at a
   * time.
   */
  Wait turn() {
    long receiptsBefore = receipts.get();
    try {
      boolean busy = round();
      if (receipts.get() != receiptsBefore || (!busy && inFlight.isEmpty())) {
        failures = 0;
      }
      return busy ? new Wait(Duration.ZERO, true) : new Wait(IDLE_RECHECK, true);
    } catch (RuntimeException e) {
      // Receipts taken in this very turn, before the failure, were progress: count from one.
      if (receipts.get() != receiptsBefore) {
        failures = 0;
      }
      failures++;
      return new Wait(failed(e, failures), false);
    }
  }

  /**
   * One round of work; true if it did something and should be called again at once. The loop's
   * thread calls it; public so that tests drive rounds one at a time, without the thread and its
   * waits on real time.
   */
  public boolean round() {
    try {
      return step();
    } catch (Resynchronize e) {
      return true;
    }
  }

  /**
   * Takes note of a failed round, the {@code failures}-th in a row, and returns how long to back
   * off: the peer's size is asked again before the next batch, and a network failure or refusal is
   * kept for status. Package-private for the same reason as {@link #round}.
   */
  Duration failed(RuntimeException e, int failures) {
    remoteSize.set(-1);
    abandonInFlight();
    if (e instanceof PeerUnreachableException || e instanceof BatchRefusedException) {
      noteFailure(e, failures);
    } else {
      LOG.error("dispatcher for {} failed unexpectedly; retrying", peerId, e);
    }
    return backoff.delay(failures);
  }

  private boolean step() {
    Peer peer = peers.peer(peerId).orElse(null);
    if (peer == null) {
      return false;
    }
    if (peer.mode() == Peer.Mode.PULLED) {
      // The peer fetches now: forget what was pushed, so that pushing again starts afresh.
      abandonInFlight();
      remoteSize.set(-1);
      return sequenceForPull();
    }
    if (!sequencer
        .mark()
        .allowsSigning(log, store.logHead(log).map(LinkStore.LogHead::size).orElse(0L))) {
      // Restored, or behind what it published: until it has recovered from the peer, this node
      // sends nothing to it (docs/operations.md §10.7).
      abandonInFlight();
      remoteSize.set(-1);
      reachable = false;
      return false;
    }
    if (remoteSize.get() < 0) {
      abandonInFlight();
      remoteSize.set(synchronize(peer));
      sentSize = remoteSize.get();
    }
    reachable = true;
    boolean busy = takeAnswers(peer);
    busy |= fillWindow(peer);
    // A transport that answers at once (tests) has answered already: take those answers now.
    return takeAnswers(peer) || busy;
  }

  /**
   * Takes the answers that have come, oldest first, stopping at the first batch still in flight;
   * stores all their receipts in one transaction. True if there was any.
   */
  private boolean takeAnswers(Peer peer) {
    List<Answered> answered = new ArrayList<>();
    while (!inFlight.isEmpty() && inFlight.peekFirst().answer().isDone()) {
      InFlight batch = inFlight.pollFirst();
      inFlightCount = inFlight.size();
      BatchAnswer answer;
      try {
        answer = batch.answer().join();
      } catch (CompletionException | java.util.concurrent.CancellationException e) {
        storeReceipts(answered, false);
        throw failure(batch, e.getCause() == null ? e : e.getCause());
      }
      String cosigned;
      try {
        cosigned =
            new org.hotline.transcript.Receipt(batch.checkpoint(), answer.cosignature())
                .cosignedNote();
      } catch (IllegalArgumentException e) {
        storeReceipts(answered, false);
        recordSecurityEvent(
            SecurityEvent.Kind.BAD_RECEIPT,
            "receipt for size " + batch.endSize() + " is not one signature line",
            answer.cosignature());
        throw new BatchRefusedException(
            BatchRefusedException.Kind.BAD_SIGNATURE,
            "peer's receipt for size " + batch.endSize() + " is not one line",
            -1);
      }
      if (!receiptVerifies(peer, batch.endSize(), batch.checkpoint(), cosigned)) {
        storeReceipts(answered, false);
        throw new BatchRefusedException(
            BatchRefusedException.Kind.BAD_SIGNATURE,
            "peer's receipt for size " + batch.endSize() + " does not verify",
            -1);
      }
      answered.add(new Answered(batch, cosigned, answer));
    }
    storeReceipts(answered, true);
    return !answered.isEmpty();
  }

  /**
   * What a batch's failure means for the loop. A position mismatch is flow control: the peer's size
   * is asked again at once. Anything else is a failure the loop backs off from.
   */
  private RuntimeException failure(InFlight batch, Throwable cause) {
    if (cause instanceof BatchRefusedException refusal) {
      if (refusal.isPositionMismatch() && mismatchesInARow++ == 0) {
        LOG.debug(
            "{} answered {} to the batch {}..{}; asking its size again",
            peerId,
            refusal.type(),
            batch.firstSeq(),
            batch.endSize());
        abandonInFlight();
        remoteSize.set(-1);
        return new Resynchronize();
      }
      blocks.refused(peerId, LinkBlocks.Direction.OUTGOING, refusal);
      return refusal;
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException("sending a batch failed", cause);
  }

  /** Thrown out of a round to start the next at once by asking the peer's size. */
  private static final class Resynchronize extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Resynchronize() {
      super("position mismatch", null, false, false);
    }
  }

  /**
   * Sends batches while the window has room: first any entries already sequenced and not sent, then
   * newly sequenced ones. True if it sent any.
   */
  private boolean fillWindow(Peer peer) {
    BatchLimits window = limits.get();
    boolean sent = false;
    while (inFlight.size() < window.window()
        && liveSends.get() < window.window()
        && !anySendFailed()) {
      LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
      if (head.size() <= sentSize) {
        int sequenced =
            sequencer.sequence(peerId, window.entries(), inFlight.size() >= window.routineWindow());
        outbox.sequenced(peerId, sequenced);
        if (sequenced == 0) {
          break;
        }
        if (store.logHead(log).orElse(LinkStore.LogHead.EMPTY).size() <= sentSize) {
          continue; // every entry taken was refused before signing (Sequencer): look again
        }
      }
      send(peer);
      sent = true;
    }
    return sent;
  }

  /** The peer fetches our log: keep the window filled for it, never push. */
  private boolean sequenceForPull() {
    BatchLimits window = limits.get();
    LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    long unreceipted = head.size() - head.receiptedSize();
    if (unreceipted < (long) window.window() * window.entries()) {
      int sequenced = sequencer.sequence(peerId, window.entries(), false);
      outbox.sequenced(peerId, sequenced);
      return sequenced > 0;
    }
    return false;
  }

  /**
   * The next batch the peer may fetch after {@code after} entries, or null if there is none yet.
   * Entries up to the next signed checkpoint, as a push would send them.
   */
  public Batch batchAfter(long after) {
    java.util.OptionalLong end = store.nextCheckpointSize(log, after);
    if (end.isEmpty()) {
      return null;
    }
    List<byte[]> entries = new ArrayList<>();
    for (LinkStore.StoredEntry entry : store.entries(log, after + 1, end.getAsLong())) {
      entries.add(entry.bytes());
    }
    sequencer.publishing(log, end.getAsLong());
    return new Batch(
        log.text(), after + 1, entries, store.checkpoint(log, end.getAsLong()).orElseThrow());
  }

  /**
   * A receipt the peer sends back for a batch it fetched; throws {@link BatchRefusedException} if
   * it does not verify.
   */
  public void acceptPulledReceipt(Peer peer, long size, String cosigned) {
    LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    if (size <= head.receiptedSize()) {
      return;
    }
    String checkpoint =
        store
            .checkpoint(log, size)
            .orElseThrow(
                () ->
                    new BatchRefusedException(
                        BatchRefusedException.Kind.BAD_BATCH,
                        "no checkpoint of size " + size + " to receipt",
                        -1));
    if (!receiptVerifies(peer, size, checkpoint, cosigned)) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.BAD_SIGNATURE,
          "receipt for size " + size + " does not verify",
          -1);
    }
    storeReceipt(size, cosigned);
    wake();
  }

  /** Forgets the batches in flight; answers that still come are ignored. */
  private void abandonInFlight() {
    inFlight.clear();
    inFlightCount = 0;
  }

  /** A batch in flight already failed: send nothing more until its failure is taken. */
  private boolean anySendFailed() {
    for (InFlight batch : inFlight) {
      if (batch.answer().isCompletedExceptionally()) {
        return true;
      }
    }
    return false;
  }

  /** Sends the entries after {@link #sentSize} up to the next signed checkpoint. */
  private void send(Peer peer) {
    long from = sentSize;
    long end =
        store
            .nextCheckpointSize(log, from)
            .orElseThrow(
                () -> new IllegalStateException("no checkpoint after size " + from + " of " + log));
    List<byte[]> entries = new ArrayList<>((int) (end - from));
    for (LinkStore.StoredEntry entry : store.entries(log, from + 1, end)) {
      entries.add(entry.bytes());
    }
    String checkpoint = store.checkpoint(log, end).orElseThrow();
    sequencer.publishing(log, end);
    Batch batch = new Batch(log.text(), from + 1, entries, checkpoint);
    liveSends.incrementAndGet();
    CompletableFuture<BatchAnswer> answer;
    try {
      answer = CompletableFuture.supplyAsync(() -> transport.push(peer, batch), sends);
    } catch (RuntimeException e) {
      liveSends.decrementAndGet();
      throw e;
    }
    // Wakes the loop once the answer is in (the future is done by then); failures are taken there.
    var unused =
        answer.whenComplete(
            (ignored, error) -> {
              liveSends.decrementAndGet();
              wake();
            });
    inFlight.addLast(new InFlight(from + 1, end, checkpoint, answer, clock.instant()));
    inFlightCount = inFlight.size();
    sentSize = end;
  }

  /**
   * The peer stored entry {@code entry.seq()} of our log but could not interpret it: a FLASH-level
   * security alarm naming what it could not read (the message's id and subject, if it is one).
   */
  private void raiseUnreadByPeer(UninterpretableEntry entry, long firstSeq, long endSize) {
    String what =
        store.entries(log, entry.seq(), entry.seq()).stream()
            .findFirst()
            .map(LinkStore.StoredEntry::entryId)
            .flatMap(store::message)
            .map(message -> "message " + message.id() + " \"" + message.draft().subject() + "\"")
            .orElse("entry " + entry.seq());
    String detail =
        peerId
            + " could not read "
            + what
            + " (entry "
            + entry.seq()
            + " of "
            + log
            + "): "
            + entry.reason();
    SecurityEvent event =
        new SecurityEvent(
            clock.instant(),
            peerId.value(),
            SecurityEvent.Kind.UNINTERPRETABLE_ENTRY,
            detail,
            peerId
                + "'s answer to the batch "
                + firstSeq
                + ".."
                + endSize
                + " of "
                + log
                + ": uninterpretable entry "
                + entry.seq()
                + ": "
                + entry.reason()
                + "\nentry: "
                + store.entries(log, entry.seq(), entry.seq()).stream()
                    .findFirst()
                    .map(stored -> java.util.Base64.getEncoder().encodeToString(stored.bytes()))
                    .orElse(""));
    if (Alarms.record(store, event)) {
      SecurityEvent.logFields(event)
          .log(() -> LOG.warn("SECURITY {} {}: {}", event.kind(), peerId, detail));
      events.publish(new org.hotline.event.Event.SecurityAlarmRaised(event));
    }
  }

  /** Asks the peer what it holds and takes its receipt if it is newer than ours. */
  private long synchronize(Peer peer) {
    RemoteLogState state = transport.state(peer, log.text());
    LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    if (state.size() > head.size()) {
      recordSecurityEvent(
          SecurityEvent.Kind.PEER_AHEAD,
          "peer claims "
              + state.size()
              + " entries of "
              + log
              + ", which has "
              + head.size()
              + "; if this node was restored from a backup, recover its log from the peer"
              + " (hotline recover --from-peer "
              + peerId
              + ")",
          state.cosignedCheckpoint());
      throw new BatchRefusedException(
          BatchRefusedException.Kind.PEER_AHEAD, "peer claims entries never written", state.size());
    }
    if (state.size() > head.receiptedSize()) {
      String ours = store.checkpoint(log, state.size()).orElse(null);
      if (ours == null
          || state.cosignedCheckpoint() == null
          || !receiptVerifies(peer, state.size(), ours, state.cosignedCheckpoint())) {
        throw new BatchRefusedException(
            BatchRefusedException.Kind.BAD_SIGNATURE,
            "peer's receipt for size " + state.size() + " does not verify",
            -1);
      }
      storeReceipt(state.size(), state.cosignedCheckpoint());
      mismatchesInARow = 0;
    } else if (state.size() < head.receiptedSize()) {
      recordSecurityEvent(
          SecurityEvent.Kind.PEER_LOST_ENTRIES,
          "peer holds "
              + state.size()
              + " entries of "
              + log
              + " but receipted "
              + head.receiptedSize()
              + "; resending",
          "");
    }
    return state.size();
  }

  /** The cosigned note must be exactly our checkpoint plus a valid cosignature by the peer. */
  private boolean receiptVerifies(Peer peer, long size, String ourCheckpoint, String cosigned) {
    try {
      SignedNote note = SignedNote.parse(cosigned);
      SignedNote ours = SignedNote.parse(ourCheckpoint);
      Checkpoint checkpoint = Checkpoint.parse(note.text());
      if (!note.text().equals(ours.text()) || checkpoint.size() != size) {
        recordSecurityEvent(
            SecurityEvent.Kind.BAD_RECEIPT,
            "receipt for size " + size + " is over a different checkpoint",
            cosigned);
        return false;
      }
      var verifier = peer.card().verifier();
      String name = IdentityCard.signingKeyName(peer.id());
      for (SignedNote.NoteSignature signature : note.signatures()) {
        if (signature.keyName().equals(name)
            && Cosignature.verify(checkpoint, signature, verifier)) {
          return true;
        }
      }
      recordSecurityEvent(
          SecurityEvent.Kind.BAD_RECEIPT,
          "receipt for size " + size + " has no valid cosignature by " + peer.id(),
          cosigned);
      return false;
    } catch (TranscriptFormatException e) {
      recordSecurityEvent(
          SecurityEvent.Kind.BAD_RECEIPT,
          "receipt for size " + size + " is malformed: " + e.getMessage(),
          cosigned);
      return false;
    }
  }

  /**
   * Stores the receipts of the batches answered, with the entries the peer says it could not
   * interpret, and, in the same transaction, sequences the next batch if the window has room and
   * nothing sequenced is waiting to be sent: one fsync for all of it.
   */
  private void storeReceipts(List<Answered> answered, boolean sequenceNext) {
    if (answered.isEmpty()) {
      return;
    }
    BatchLimits window = limits.get();
    boolean room = sequenceNext && inFlight.size() < window.window();
    boolean urgentOnly = inFlight.size() >= window.routineWindow();
    long unsentFrom = sentSize;
    int[] sequenced = new int[1];
    store.write(
        writes -> {
          LinkStore.LogHead head = writes.logHead(log).orElseThrow();
          long receipted = head.receiptedSize();
          for (Answered each : answered) {
            long size = each.batch().endSize();
            writes.putReceipt(log, size, each.cosigned(), clock.instant());
            writes.putUninterpretable(log, each.answer().uninterpretable(), clock.instant());
            receipted = Math.max(receipted, size);
          }
          writes.putLogHead(log, new LinkStore.LogHead(head.size(), head.frontier(), receipted));
          if (room && head.size() <= unsentFrom) {
            sequenced[0] = sequencer.sequenceIn(writes, peerId, window.entries(), urgentOnly);
          }
          return null;
        });
    outbox.sequenced(peerId, sequenced[0]);
    progressed();
    long delivered = answered.get(answered.size() - 1).batch().endSize();
    remoteSize.set(delivered);
    java.time.Instant stored = clock.instant();
    events.publish(
        new org.hotline.event.Event.LinkReceipt(
            peerId,
            delivered,
            answered.stream()
                .map(each -> Duration.between(each.batch().sentAt(), stored))
                .toList()));
    blocks.accepted(peerId, LinkBlocks.Direction.OUTGOING);
    for (Answered each : answered) {
      each.answer()
          .uninterpretable()
          .forEach(
              entry -> raiseUnreadByPeer(entry, each.batch().firstSeq(), each.batch().endSize()));
    }
  }

  /** A receipt was stored: the link carries again. */
  private void progressed() {
    mismatchesInARow = 0;
    lastError = "";
    receipts.incrementAndGet();
  }

  private void storeReceipt(long size, String cosigned) {
    store.write(
        writes -> {
          LinkStore.LogHead head = writes.logHead(log).orElseThrow();
          writes.putReceipt(log, size, cosigned, clock.instant());
          writes.putLogHead(
              log,
              new LinkStore.LogHead(
                  head.size(), head.frontier(), Math.max(head.receiptedSize(), size)));
          return null;
        });
    receipts.incrementAndGet();
    lastError = "";
    events.publish(new org.hotline.event.Event.LinkReceipt(peerId, size));
    blocks.accepted(peerId, LinkBlocks.Direction.OUTGOING);
  }

  private void recordSecurityEvent(SecurityEvent.Kind kind, String detail, String evidence) {
    SecurityEvent event =
        new SecurityEvent(
            clock.instant(), peerId.value(), kind, detail, evidence == null ? "" : evidence);
    if (Alarms.record(store, event)) {
      SecurityEvent.logFields(event)
          .log(() -> LOG.warn("SECURITY {} {}: {}", kind, peerId, detail));
    }
  }

  private void noteFailure(RuntimeException e, int failures) {
    String message = e.getMessage();
    if (reachable || !message.equals(lastError)) {
      org.hotline.LogFields.of(
              org.hotline.LogFields.PEER,
              peerId.value(),
              org.hotline.LogFields.EVENT,
              "send.failed")
          .log(() -> LOG.warn("link to {}: {} (attempt {})", peerId, message, failures));
    }
    reachable = !(e instanceof PeerUnreachableException);
    lastError = message;
  }

  private void await(Duration delay, boolean wakeable) {
    try {
      if (wakeable) {
        if (wakeups.tryAcquire(delay.toMillis(), TimeUnit.MILLISECONDS)) {
          wakeups.drainPermits();
        }
      } else if (recoveries.tryAcquire(delay.toMillis(), TimeUnit.MILLISECONDS)) {
        recoveries.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
