package org.hotline.link.send;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.BatchLimits;
import org.hotline.link.LinkStore;
import org.hotline.link.LogAppender;
import org.hotline.link.SecurityEvent;
import org.hotline.link.SignedMark;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.Precedence;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.SignedNote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives queued messages their place in the outgoing log: in one durable transaction it takes the
 * most urgent queued messages (only urgent ones if the first is urgent: {@link #urgent}), assigns
 * consecutive sequence numbers, appends them to the Merkle tree, and stores the entries with a
 * signed checkpoint for the new size. Because numbers are assigned only now, at transmission, a
 * FLASH message queued behind a long ROUTINE backlog takes the next number. Entries are stored
 * before they are sent, so a crash never re-sequences them.
 *
 * <p>Each entry is encoded here, once, with its real seq, in the format chosen when it was queued,
 * and read back by the reader before the checkpoint that covers it is signed ({@link
 * EntryCodec#signable}). The outbox ran the same check when it queued the entry, so an entry
 * failing it here is a defect: it takes no place, is removed from the queue, and is put on record
 * as a {@link SecurityEvent.Kind#UNSIGNABLE_ENTRY} in the same transaction, and the entries behind
 * it are sequenced as usual.
 *
 * <p>Thread-safe (storage serializes the transactions).
 */
public final class Sequencer {
  private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

  private final PartyId self;
  private final NoteSigner signer;
  private final LinkStore store;
  private final Clock clock;
  private volatile SignedMark mark = SignedMark.NONE;

  /** Logs whose signing the mark has stopped, each put on record once per run. */
  private final java.util.Set<LogOrigin> halted =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  public Sequencer(PartyId self, NoteSigner signer, LinkStore store, Clock clock) {
    this.self = self;
    this.signer = signer;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Signs only while {@code mark} allows it ({@link SignedMark#allowsSigning}): a node whose
   * database is behind what it published signs nothing until it has recovered from its peer.
   */
  public void useMark(SignedMark mark) {
    this.mark = mark;
  }

  /**
   * A checkpoint of {@code log} of size {@code size} is about to leave the node (a batch sent or
   * served, a checkpoint exchange): the mark is raised first, durably.
   */
  public void publishing(LogOrigin log, long size) {
    mark.publish(log, size);
  }

  /**
   * Puts on record at once, rather than at the first entry to sign, that this node may not sign to
   * {@code peer} (its database is behind its mark): called when a dispatcher starts.
   */
  public void checkSigning(PartyId peer) {
    LogOrigin log = new LogOrigin(self, peer);
    store.write(
        writes -> {
          long size = writes.logHead(log).map(LinkStore.LogHead::size).orElse(0L);
          if (!mark.allowsSigning(log, size)) {
            halt(writes, log, size);
          }
          return null;
        });
  }

  /** The mark this sequencer signs under. */
  public SignedMark mark() {
    return mark;
  }

  /**
   * Sequences up to {@code limit} queued messages for {@code peer}, at most {@link
   * BatchLimits#BYTES_MAX} bytes of entries, under one signed checkpoint; returns how many entries
   * left the queue: those sequenced, and any refused by the self-check.
   */
  public int sequence(PartyId peer, int limit) {
    return sequence(peer, limit, false);
  }

  /**
   * As {@link #sequence(PartyId, int)}; with {@code urgentOnly}, only if the most urgent queued
   * entry is {@linkplain #urgent urgent} (the window's slot kept for urgent traffic).
   */
  int sequence(PartyId peer, int limit, boolean urgentOnly) {
    return store.write(writes -> sequenceIn(writes, peer, limit, urgentOnly));
  }

  /** As {@link #sequence}, inside a transaction the caller holds (to share its fsync). */
  int sequenceIn(LinkStore.Writes writes, PartyId peer, int limit) {
    return sequenceIn(writes, peer, limit, false);
  }

  /**
   * FLASH and IMMEDIATE: a batch that starts with such an entry holds only such entries, so that it
   * is small and its receipt comes back soon.
   */
  static boolean urgent(int precedenceRank) {
    return precedenceRank <= Precedence.IMMEDIATE.rank();
  }

  /** As {@link #sequence(PartyId, int, boolean)}, inside a transaction the caller holds. */
  int sequenceIn(LinkStore.Writes writes, PartyId peer, int limit, boolean urgentOnly) {
    LogOrigin log = new LogOrigin(self, peer);
    LinkStore.LogHead head = null;
    LogAppender appender = null;
    List<LinkStore.StoredEntry> entries = new ArrayList<>();
    long batchBytes = 0;
    int taken = 0;
    boolean urgentBatch = false;
    boolean full = false;
    // A refused entry frees its room: look again for the entries behind it.
    boolean refusedAny = true;
    while (refusedAny && !full && entries.size() < limit) {
      List<LinkStore.QueuedEntry> queued = writes.nextQueued(log, limit - entries.size());
      if (queued.isEmpty()) {
        break;
      }
      if (appender == null) {
        urgentBatch = urgent(queued.get(0).precedenceRank());
        if (urgentOnly && !urgentBatch) {
          return 0;
        }
        head = writes.logHead(log).orElse(LinkStore.LogHead.EMPTY);
        if (!mark.allowsSigning(log, head.size())) {
          halt(writes, log, head.size());
          return 0;
        }
        appender = new LogAppender(head);
      }
      refusedAny = false;
      List<LinkStore.QueuedEntry> done = new ArrayList<>(queued.size());
      for (LinkStore.QueuedEntry queuedEntry : queued) {
        if (urgentBatch && !urgent(queuedEntry.precedenceRank())) {
          full = true;
          break;
        }
        long seq = appender.size() + 1;
        byte[] bytes;
        try {
          bytes = EntryCodec.signable(queuedEntry.entry().withSeq(seq), queuedEntry.format());
        } catch (InvalidInputException e) {
          refuse(writes, queuedEntry, e);
          done.add(queuedEntry);
          refusedAny = true;
          continue;
        }
        if (!entries.isEmpty() && batchBytes + bytes.length > BatchLimits.BYTES_MAX) {
          full = true;
          break;
        }
        batchBytes += bytes.length;
        entries.add(
            new LinkStore.StoredEntry(seq, bytes, appender.append(bytes), queuedEntry.entryId()));
        done.add(queuedEntry);
      }
      writes.dequeue(done);
      taken += done.size();
    }
    if (entries.isEmpty()) {
      return taken;
    }
    Checkpoint checkpoint = new Checkpoint(log.text(), appender.size(), appender.root());
    writes.appendEntries(log, entries);
    writes.putTreeNodes(log, appender.completedNodes());
    writes.putLogHead(log, appender.head(head.receiptedSize()));
    writes.putCheckpoint(log, appender.size(), SignedNote.sign(checkpoint.body(), signer).encode());
    writes.markSequenced(log, entries, clock.instant());
    return taken;
  }

  /**
   * The database holds less of {@code log} than this node has published, or it was restored from a
   * backup and cannot tell: signing now could give a second history of positions already signed.
   * Nothing is signed; the first time in a run, it is put on record as {@link
   * SecurityEvent.Kind#SIGNING_HALTED}.
   */
  private void halt(LinkStore.Writes writes, LogOrigin log, long storedSize) {
    if (!halted.add(log)) {
      return;
    }
    java.util.OptionalLong published = mark.get(log);
    String detail =
        log
            + " holds "
            + storedSize
            + " entries but "
            + (published.isPresent()
                ? "this node has published its checkpoint for size " + published.getAsLong()
                : "this node was restored from a backup and may have signed more since")
            + ": it signs nothing more to "
            + log.reader()
            + " until it recovers its log from that peer (hotline recover --from-peer "
            + log.reader()
            + ")";
    SecurityEvent event =
        new SecurityEvent(
            clock.instant(), log.reader().value(), SecurityEvent.Kind.SIGNING_HALTED, detail, "");
    SecurityEvent.logFields(event)
        .log(
            () ->
                LOG.error(
                    "SECURITY {} for {}: {}",
                    SecurityEvent.Kind.SIGNING_HALTED,
                    log.reader(),
                    detail));
    writes.putSecurityEvent(event);
  }

  /**
   * Puts on record that {@code queued} failed the reader's check and was not signed. The evidence
   * is the bytes the entry would have had at place 1, if it could be encoded at all.
   */
  private void refuse(
      LinkStore.Writes writes, LinkStore.QueuedEntry queued, InvalidInputException why) {
    Entry entry = queued.entry();
    String evidence;
    try {
      evidence =
          Base64.getEncoder().encodeToString(EntryCodec.encode(entry.withSeq(1), queued.format()));
    } catch (RuntimeException e) {
      evidence = "";
    }
    String detail =
        "entry "
            + entry.id()
            + " ("
            + entry.getClass().getSimpleName()
            + ", format "
            + queued.format()
            + ") was not signed: "
            + why.getMessage();
    LOG.error(
        "SECURITY {} for {}: {}",
        SecurityEvent.Kind.UNSIGNABLE_ENTRY,
        entry.log().reader(),
        detail);
    writes.putSecurityEvent(
        new SecurityEvent(
            clock.instant(),
            entry.log().reader().value(),
            SecurityEvent.Kind.UNSIGNABLE_ENTRY,
            detail,
            evidence));
  }
}
