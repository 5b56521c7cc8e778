package org.hotline.link;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.SignedNote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives queued messages their place in the outgoing log: in one durable transaction it takes the
 * most urgent queued messages, assigns consecutive sequence numbers, appends them to the Merkle
 * tree, and stores the entries with a signed checkpoint for the new size. Because numbers are
 * assigned only now, at transmission, a FLASH message queued behind a long ROUTINE backlog takes
 * the next number. Entries are stored before they are sent, so a crash never re-sequences them.
 *
 * <p>Each entry is encoded here, once, with its real seq, in the format chosen when it was queued,
 * and read back by the reader before the checkpoint that covers it is signed ({@link
 * EntryCodec#signable}). The outbox ran the same check when it queued the entry, so an entry
 * failing it here is a defect: it takes no place, is removed from the queue, and is put on record
 * as a {@link SecurityEvent#KIND_UNSIGNABLE_ENTRY} in the same transaction, and the entries behind
 * it are sequenced as usual.
 *
 * <p>Thread-safe (storage serializes the transactions).
 */
final class Sequencer {
  private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

  private final PartyId self;
  private final NoteSigner signer;
  private final LinkStore store;
  private final Clock clock;

  Sequencer(PartyId self, NoteSigner signer, LinkStore store, Clock clock) {
    this.self = self;
    this.signer = signer;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Sequences up to {@code limit} queued messages for {@code peer}, at most {@link
   * BatchLimits#BYTES_MAX} bytes of entries, under one signed checkpoint; returns how many entries
   * left the queue: those sequenced, and any refused by the self-check.
   */
  int sequence(PartyId peer, int limit) {
    return store.write(writes -> sequenceIn(writes, peer, limit));
  }

  /** As {@link #sequence}, inside a transaction the caller holds (to share its fsync). */
  int sequenceIn(LinkStore.Writes writes, PartyId peer, int limit) {
    LogOrigin log = new LogOrigin(self, peer);
    LinkStore.LogHead head = null;
    LogAppender appender = null;
    List<LinkStore.StoredEntry> entries = new ArrayList<>();
    long batchBytes = 0;
    int taken = 0;
    boolean full = false;
    // A refused entry frees its room: look again for the entries behind it.
    boolean refusedAny = true;
    while (refusedAny && !full && entries.size() < limit) {
      List<LinkStore.QueuedEntry> queued = writes.nextQueued(log, limit - entries.size());
      if (queued.isEmpty()) {
        break;
      }
      if (appender == null) {
        head = writes.logHead(log).orElse(LinkStore.LogHead.EMPTY);
        appender = new LogAppender(head);
      }
      refusedAny = false;
      List<LinkStore.QueuedEntry> done = new ArrayList<>(queued.size());
      for (LinkStore.QueuedEntry queuedEntry : queued) {
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
    LOG.error("SECURITY {} for {}: {}", SecurityEvent.KIND_UNSIGNABLE_ENTRY, queued.peer(), detail);
    writes.putSecurityEvent(
        new SecurityEvent(
            clock.instant(),
            queued.peer().value(),
            SecurityEvent.KIND_UNSIGNABLE_ENTRY,
            detail,
            evidence));
  }
}
