package org.hotline.link;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
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
 *   <li>while fewer than {@link #WINDOW_ENTRIES_MAX} entries are sequenced but unreceipted,
 *       sequence the most urgent queued messages;
 *   <li>send the next batch: the entries up to the next signed checkpoint, which the sequencer made
 *       at most {@link #BATCH_ENTRIES_MAX} entries and {@link #BATCH_BYTES_MAX} bytes apart;
 *   <li>verify the peer's cosignature (the receipt), store it, mark the messages DELIVERED.
 * </ol>
 *
 * Failures back off exponentially with jitter ({@link Backoff}), capped, forever: no accepted
 * message is ever dropped. One batch is in flight at a time, so a FLASH message waits for at most
 * one batch round trip before it is sequenced. Thread-safe.
 */
final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * Entries per federation request. 256 entries of 1 KiB cost the receiver one fsynced transaction
   * of about 3 ms: large enough to amortize the fsync and the checkpoint signature, small enough
   * that a FLASH message behind a full batch waits only one round trip.
   */
  static final int BATCH_ENTRIES_MAX = 256;

  /**
   * Entry bytes per batch. Base64 on the wire makes this 5.4 MiB, under the receiver's request
   * limit of {@code FEDERATION_REQUEST_BYTES_MAX}, whatever the entry sizes.
   */
  static final int BATCH_BYTES_MAX = 4 * 1024 * 1024;

  /**
   * Sequenced-but-unreceipted entries; one batch, so new urgent traffic is never stuck behind more.
   */
  static final int WINDOW_ENTRIES_MAX = BATCH_ENTRIES_MAX;

  /** With nothing to do, look again this often even without a wake-up (peer added, clock skew). */
  static final Duration IDLE_RECHECK = Duration.ofSeconds(1);

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
  private final Semaphore wakeups = new Semaphore(0);
  private final Semaphore recoveries = new Semaphore(0);
  private final Thread thread;
  private final AtomicLong remoteSize = new AtomicLong(-1);
  private volatile boolean closed;
  private volatile boolean reachable;
  private volatile String lastError = "";

  Dispatcher(
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
      LinkBlocks blocks) {
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

  void start() {
    thread.start();
  }

  /**
   * Something changed (a message queued): look at the queue now rather than at the next recheck.
   */
  void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  /** The heartbeats see the peer again: end any backoff wait now, so traffic resumes at once. */
  void linkRecovered() {
    if (recoveries.availablePermits() == 0) {
      recoveries.release();
    }
  }

  boolean reachable() {
    return reachable;
  }

  String lastError() {
    return lastError;
  }

  private void run() {
    int failures = 0;
    while (!closed) {
      try {
        boolean busy = round();
        failures = 0;
        if (!busy) {
          await(IDLE_RECHECK, true);
        }
      } catch (RuntimeException e) {
        failures++;
        await(failed(e, failures), false);
      }
    }
  }

  /**
   * One round of work; true if it did something and should be called again at once. The loop's
   * thread calls it; package-private so that tests drive rounds one at a time, without the thread
   * and its waits on real time.
   */
  boolean round() {
    boolean busy = step();
    if (busy) {
      lastError = "";
    }
    return busy;
  }

  /**
   * Takes note of a failed round, the {@code failures}-th in a row, and returns how long to back
   * off: the peer's size is asked again before the next batch, and a network failure or refusal is
   * kept for status. Package-private for the same reason as {@link #round}.
   */
  Duration failed(RuntimeException e, int failures) {
    remoteSize.set(-1);
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
      return sequenceForPull();
    }
    if (remoteSize.get() < 0) {
      remoteSize.set(synchronize(peer));
    }
    reachable = true;
    LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    long inFlight = head.size() - remoteSize.get();
    if (inFlight < WINDOW_ENTRIES_MAX) {
      int sequenced =
          sequencer.sequence(
              peerId, (int) Math.min(BATCH_ENTRIES_MAX, WINDOW_ENTRIES_MAX - inFlight));
      outbox.sequenced(peerId, sequenced);
      if (sequenced > 0) {
        head = store.logHead(log).orElseThrow();
      }
    }
    if (head.size() <= remoteSize.get()) {
      return false;
    }
    sendNextBatch(peer);
    return true;
  }

  /** The peer fetches our log: keep the window filled for it, never push. */
  private boolean sequenceForPull() {
    LinkStore.LogHead head = store.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    long inFlight = head.size() - head.receiptedSize();
    if (inFlight < WINDOW_ENTRIES_MAX) {
      int sequenced =
          sequencer.sequence(
              peerId, (int) Math.min(BATCH_ENTRIES_MAX, WINDOW_ENTRIES_MAX - inFlight));
      outbox.sequenced(peerId, sequenced);
      return sequenced > 0;
    }
    return false;
  }

  /**
   * The next batch the peer may fetch after {@code after} entries, or null if there is none yet.
   * Entries up to the next signed checkpoint, as a push would send them.
   */
  Batch batchAfter(long after) {
    java.util.OptionalLong end = store.nextCheckpointSize(log, after);
    if (end.isEmpty()) {
      return null;
    }
    List<byte[]> entries = new ArrayList<>();
    for (LinkStore.StoredEntry entry : store.entries(log, after + 1, end.getAsLong())) {
      entries.add(entry.bytes());
    }
    return new Batch(
        log.text(), after + 1, entries, store.checkpoint(log, end.getAsLong()).orElseThrow());
  }

  /**
   * A receipt the peer sends back for a batch it fetched; throws {@link BatchRefusedException} if
   * it does not verify.
   */
  void acceptPulledReceipt(Peer peer, long size, String cosigned) {
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

  private void sendNextBatch(Peer peer) {
    long from = remoteSize.get();
    long end =
        store
            .nextCheckpointSize(log, from)
            .orElseThrow(
                () -> new IllegalStateException("no checkpoint after size " + from + " of " + log));
    List<byte[]> entries = new ArrayList<>();
    for (LinkStore.StoredEntry entry : store.entries(log, from + 1, end)) {
      entries.add(entry.bytes());
    }
    String checkpoint = store.checkpoint(log, end).orElseThrow();
    BatchAnswer answer;
    try {
      answer = transport.push(peer, new Batch(log.text(), from + 1, entries, checkpoint));
    } catch (BatchRefusedException refusal) {
      blocks.refused(peerId, LinkBlocks.Direction.OUTGOING, refusal);
      throw refusal;
    }
    String cosigned = checkpoint + answer.cosignature() + "\n";
    if (!receiptVerifies(peer, end, checkpoint, cosigned)) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.BAD_SIGNATURE,
          "peer's receipt for size " + end + " does not verify",
          -1);
    }
    outbox.sequenced(peerId, storeReceiptAndSequenceNext(end, cosigned, answer.uninterpretable()));
    remoteSize.set(end);
    answer.uninterpretable().forEach(entry -> raiseUnreadByPeer(entry, from + 1, end));
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
      LOG.warn("SECURITY {} {}: {}", event.kind(), peerId, detail);
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
          "peer claims " + state.size() + " entries of " + log + ", which has " + head.size(),
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
   * Stores the receipt, with the entries the peer says it could not interpret, and, in the same
   * transaction, sequences the next batch: one fsync instead of two per round trip. Returns how
   * many entries were sequenced.
   */
  private int storeReceiptAndSequenceNext(
      long size, String cosigned, List<UninterpretableEntry> unread) {
    int[] sequenced = new int[1];
    store.write(
        writes -> {
          LinkStore.LogHead head = writes.logHead(log).orElseThrow();
          writes.putReceipt(log, size, cosigned, clock.instant());
          writes.putUninterpretable(log, unread, clock.instant());
          writes.markDelivered(log, head.receiptedSize(), size, clock.instant());
          writes.putLogHead(
              log,
              new LinkStore.LogHead(
                  head.size(), head.frontier(), Math.max(head.receiptedSize(), size)));
          long inFlight = head.size() - Math.max(head.receiptedSize(), size);
          if (inFlight < WINDOW_ENTRIES_MAX) {
            sequenced[0] =
                sequencer.sequenceIn(
                    writes,
                    peerId,
                    (int) Math.min(BATCH_ENTRIES_MAX, WINDOW_ENTRIES_MAX - inFlight));
          }
          return null;
        });
    events.publish(new org.hotline.event.Event.LinkReceipt(peerId, size));
    blocks.accepted(peerId, LinkBlocks.Direction.OUTGOING);
    return sequenced[0];
  }

  private void storeReceipt(long size, String cosigned) {
    store.write(
        writes -> {
          LinkStore.LogHead head = writes.logHead(log).orElseThrow();
          writes.putReceipt(log, size, cosigned, clock.instant());
          writes.markDelivered(log, head.receiptedSize(), size, clock.instant());
          writes.putLogHead(
              log,
              new LinkStore.LogHead(
                  head.size(), head.frontier(), Math.max(head.receiptedSize(), size)));
          return null;
        });
    events.publish(new org.hotline.event.Event.LinkReceipt(peerId, size));
    blocks.accepted(peerId, LinkBlocks.Direction.OUTGOING);
  }

  private void recordSecurityEvent(SecurityEvent.Kind kind, String detail, String evidence) {
    if (Alarms.record(
        store,
        new SecurityEvent(
            clock.instant(), peerId.value(), kind, detail, evidence == null ? "" : evidence))) {
      LOG.warn("SECURITY {} {}: {}", kind, peerId, detail);
    }
  }

  private void noteFailure(RuntimeException e, int failures) {
    String message = e.getMessage();
    if (reachable || !message.equals(lastError)) {
      LOG.warn("link to {}: {} (attempt {})", peerId, message, failures);
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
