package org.hotline.link.send;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.BatchLimits;
import org.hotline.link.LinkStore;
import org.hotline.link.LogAppender;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.Precedence;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.SignedNote;

/**
 * Gives queued messages their place in the outgoing log: in one durable transaction it takes the
 * most urgent queued messages (only urgent ones if the first is urgent: {@link #urgent}), assigns
 * consecutive sequence numbers, appends them to the Merkle tree, and stores the entries with a
 * signed checkpoint for the new size. Because numbers are assigned only now, at transmission, a
 * FLASH message queued behind a long ROUTINE backlog takes the next number. Entries are stored
 * before they are sent, so a crash never re-sequences them.
 *
 * <p>Thread-safe (storage serializes the transactions).
 */
public final class Sequencer {
  private final PartyId self;
  private final NoteSigner signer;
  private final LinkStore store;
  private final Clock clock;

  public Sequencer(PartyId self, NoteSigner signer, LinkStore store, Clock clock) {
    this.self = self;
    this.signer = signer;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Sequences up to {@code limit} queued messages for {@code peer}, at most {@link
   * BatchLimits#BYTES_MAX} bytes of entries, under one signed checkpoint; returns how many.
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
    List<LinkStore.QueuedEntry> queued = writes.nextQueued(peer, limit);
    if (queued.isEmpty() || (urgentOnly && !urgent(queued.get(0).precedenceRank()))) {
      return 0;
    }
    if (urgent(queued.get(0).precedenceRank())) {
      int urgentCount = 0;
      while (urgentCount < queued.size() && urgent(queued.get(urgentCount).precedenceRank())) {
        urgentCount++;
      }
      queued = queued.subList(0, urgentCount);
    }
    LinkStore.LogHead head = writes.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    LogAppender appender = new LogAppender(head);
    List<LinkStore.StoredEntry> entries = new ArrayList<>(queued.size());
    long batchBytes = 0;
    List<LinkStore.QueuedEntry> placed = new ArrayList<>(queued.size());
    for (LinkStore.QueuedEntry queuedEntry : queued) {
      long seq = appender.size() + 1;
      byte[] bytes = EntryCodec.place(queuedEntry.template(), seq);
      batchBytes += bytes.length;
      if (!entries.isEmpty() && batchBytes > BatchLimits.BYTES_MAX) {
        break;
      }
      entries.add(
          new LinkStore.StoredEntry(seq, bytes, appender.append(bytes), queuedEntry.entryId()));
      placed.add(queuedEntry);
    }
    Checkpoint checkpoint = new Checkpoint(log.text(), appender.size(), appender.root());
    writes.appendEntries(log, entries);
    writes.putTreeNodes(log, appender.completedNodes());
    writes.putLogHead(log, appender.head(head.receiptedSize()));
    writes.putCheckpoint(log, appender.size(), SignedNote.sign(checkpoint.body(), signer).encode());
    writes.markSequenced(log, entries, clock.instant());
    writes.dequeue(placed);
    return entries.size();
  }
}
