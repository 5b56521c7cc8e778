package org.hotline.link.receive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.hotline.InvalidInputException;
import org.hotline.identity.LogOrigin;
import org.hotline.link.Batch;
import org.hotline.link.LinkStore;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.LinkTestEntry;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.RecoveryEntry;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.UninterpretableEntry;

/**
 * Step 6 of the receiver (docs/protocol.md §14): what each entry of a batch, whose bytes already
 * gave the signed root, means. An entry is interpreted if it decodes under its declared format
 * version, names the batch's log and its own position, and its id is neither repeated within the
 * batch nor already held by this node; any other entry is {@linkplain UninterpretableEntry
 * uninterpretable}: stored as it is, with no entry id, and applied to nothing. Not thread-safe;
 * made and read by one receiving thread.
 */
final class InterpretedBatch {
  /** Every entry as it goes into the log: the bytes, their leaf hash, and the id if interpreted. */
  final List<LinkStore.StoredEntry> stored = new ArrayList<>();

  final List<MessageEntry> messages = new ArrayList<>();
  final List<ResponseEntry> responses = new ArrayList<>();
  final List<LinkTestEntry> linkTests = new ArrayList<>();
  final List<DeadlineMissedEntry> misses = new ArrayList<>();

  /** The peer's statements that it recovered this log from us; each is raised, none applied. */
  final List<RecoveryEntry> recoveries = new ArrayList<>();

  /** Changes to the link's shared objects, in log order; the crisis rules judge them later. */
  final List<ChangeEntry> changes = new ArrayList<>();

  final List<UninterpretableEntry> uninterpretable = new ArrayList<>();

  /**
   * Entries that claim another writer or another log: besides being uninterpretable, each is raised
   * as a {@link SecurityEvent.Kind#WRONG_SENDER} event with this detail.
   */
  final List<String> wrongSender = new ArrayList<>();

  private InterpretedBatch() {}

  /**
   * @param leaves the leaf hash of each entry, as the root check computed them
   * @param held which of the given ids this node already holds (one query for the batch)
   */
  static InterpretedBatch interpret(
      LogOrigin log,
      Batch batch,
      List<byte[]> leaves,
      Function<Set<MessageId>, Set<MessageId>> held) {
    InterpretedBatch result = new InterpretedBatch();
    List<Entry> decoded = new ArrayList<>(batch.entries().size());
    List<String> reasons = new ArrayList<>(batch.entries().size());
    Set<MessageId> ids = new HashSet<>();
    for (int i = 0; i < batch.entries().size(); i++) {
      long seq = batch.firstSeq() + i;
      Entry entry = null;
      String reason;
      try {
        entry = EntryCodec.decode(batch.entries().get(i), log);
        reason = result.placeProblem(log, seq, entry, ids);
      } catch (InvalidInputException e) {
        reason = "does not decode: " + e.getMessage();
        if (e.field().equals("from")) {
          result.wrongSender.add("entry " + seq + " of " + log + ": " + e.getMessage());
        }
      }
      decoded.add(reason == null ? entry : null);
      reasons.add(reason);
    }
    Set<MessageId> reused = held.apply(ids);
    for (int i = 0; i < decoded.size(); i++) {
      Entry entry = decoded.get(i);
      String reason = reasons.get(i);
      if (entry != null && reused.contains(entry.id())) {
        entry = null;
        reason = "reuses id " + decoded.get(i).id() + ", already held by this node";
      }
      result.add(batch.firstSeq() + i, batch.entries().get(i), leaves.get(i), entry, reason);
    }
    return result;
  }

  /** Why a decoded entry cannot stand at {@code seq} of {@code log}, or null if it can. */
  private String placeProblem(LogOrigin log, long seq, Entry entry, Set<MessageId> ids) {
    if (!entry.log().equals(log)) {
      wrongSender.add("entry " + seq + " claims log " + entry.log() + " in a batch of " + log);
      return "claims log " + entry.log() + ", not " + log;
    }
    if (entry.seq() != seq) {
      return "at position " + seq + " says seq " + entry.seq();
    }
    if (!ids.add(entry.id())) {
      return "repeats id " + entry.id() + " of an earlier entry in the batch";
    }
    return null;
  }

  private void add(long seq, byte[] bytes, byte[] leaf, Entry entry, String reason) {
    if (entry == null) {
      uninterpretable.add(new UninterpretableEntry(seq, reason));
      stored.add(new LinkStore.StoredEntry(seq, bytes, leaf, null));
      return;
    }
    switch (entry) {
      case MessageEntry message -> messages.add(message);
      case ResponseEntry response -> responses.add(response);
      case LinkTestEntry test -> linkTests.add(test);
      case DeadlineMissedEntry missed -> misses.add(missed);
      case RecoveryEntry recovery -> recoveries.add(recovery);
      case ChangeEntry change -> changes.add(change);
    }
    stored.add(new LinkStore.StoredEntry(seq, bytes, leaf, entry.id()));
  }
}
