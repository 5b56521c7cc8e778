package org.hotline.link;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.UninterpretableEntry;

/**
 * What the link needs from durable storage. Implementations hold only SQL; the logic that decides
 * what to write lives in the link package. Every {@link #write} is one transaction, durable
 * (fsynced) when it returns, and serialized with every other write. Implementations are
 * thread-safe.
 */
public interface LinkStore {

  /** Runs {@code work} in one durable transaction; rolls back if it throws. */
  <T> T write(Function<Writes, T> work);

  /** The operations allowed inside a write transaction. Not thread-safe; valid only inside it. */
  interface Writes {
    /**
     * Stores messages this node accepted, each with its acknowledgement deadline if it has one
     * ({@code deadlines}), in the same row.
     */
    void insertOutgoing(
        List<OutgoingMessage> messages,
        Instant acceptedAt,
        java.util.Map<MessageId, Instant> deadlines);

    /**
     * Puts entries in the outbox queue. A message, answer or deadline-missed statement must be
     * stored in the same transaction: the queue refers to its row.
     */
    void enqueue(List<QueuedEntry> entries);

    /**
     * Entries queued for the reader of {@code log}, in that log, most urgent precedence first, then
     * oldest.
     */
    List<QueuedEntry> nextQueued(LogOrigin log, int limit);

    /** Removes entries from the queue: placed in the log, or refused at sequencing. */
    void dequeue(List<QueuedEntry> entries);

    /**
     * Removes from the queue the entries with these ids, if queued: a recovery found them already
     * placed in the log.
     */
    void dequeueIds(java.util.Collection<MessageId> ids);

    /** Records an answer to a message and updates the message's answer and read state. */
    void insertResponse(ResponseRecord response);

    /**
     * Records a deadline-missed statement and sets the message's {@code deadline_missed_at}; false
     * (and nothing written) if one is already recorded for that message in that direction.
     */
    boolean insertDeadlineMiss(DeadlineMissRecord miss);

    Optional<LogHead> logHead(LogOrigin log);

    void putLogHead(LogOrigin log, LogHead head);

    void appendEntries(LogOrigin log, List<StoredEntry> entries);

    void putTreeNodes(LogOrigin log, List<TreeNode> nodes);

    void putCheckpoint(LogOrigin log, long size, String signedNote);

    void markSequenced(LogOrigin log, List<StoredEntry> entries, Instant at);

    /** Stores messages received, each with its acknowledgement deadline if it has one. */
    void insertIncoming(
        LogOrigin log,
        List<MessageEntry> messages,
        Instant receivedAt,
        java.util.Map<MessageId, Instant> deadlines);

    /**
     * Stores a cosigned checkpoint: one received from the peer (outgoing log) or issued (incoming).
     * A sent message is delivered from then on if the size covers its place: the store derives it
     * from the receipts, no message row is written.
     */
    void putReceipt(LogOrigin log, long size, String cosignedNote, Instant at);

    void putSecurityEvent(SecurityEvent event);

    /**
     * Records entries of {@code log} that its reader stored but could not interpret: on a reader,
     * those it found; on a writer, those the reader named in its answer (kept once per place).
     */
    void putUninterpretable(LogOrigin log, List<UninterpretableEntry> entries, Instant at);

    /** Records that link test {@code number} was queued for {@code peer} at {@code at}. */
    void putLinkTest(PartyId peer, long number, Instant at);

    /**
     * Stores changes to the link's shared objects, in their log order, numbering each after the
     * last change stored for the same peer and direction: ours when accepted (seq 0, placed later
     * by {@link #markSequenced}) or recovered (with their place), the peer's with their place.
     */
    void insertChanges(PartyId peer, boolean incoming, List<ChangeEntry> changes);

    /** {@link LinkStore#changes}, read inside this transaction. */
    List<ChangeRecord> changes(LogOrigin ours);
  }

  Optional<LogHead> logHead(LogOrigin log);

  /** Entries {@code fromSeq..toSeq} inclusive, in order. */
  List<StoredEntry> entries(LogOrigin log, long fromSeq, long toSeq);

  Optional<String> checkpoint(LogOrigin log, long size);

  /** The smallest stored checkpoint size greater than {@code after}, if any. */
  OptionalLong nextCheckpointSize(LogOrigin log, long after);

  Optional<Receipt> latestReceipt(LogOrigin log);

  /**
   * A stored complete subtree hash: level 0 is the leaf hash of entry {@code index + 1}; other
   * levels are those {@code LogAppender} keeps. Throws {@link IllegalStateException} if absent.
   */
  byte[] storedNode(LogOrigin log, int level, long index);

  /** The first receipt whose size covers {@code seq}: the proof that entry was delivered. */
  Optional<Receipt> receiptCovering(LogOrigin log, long seq);

  long queuedCount(PartyId peer);

  /** Messages sequenced into {@code log} but not yet covered by a receipt. */
  long inFlightCount(LogOrigin log);

  boolean messageExists(MessageId id);

  /**
   * Which of {@code ids} this node already holds as the id of a message, an answer or a
   * deadline-missed statement, in one query.
   */
  java.util.Set<MessageId> existingEntryIds(java.util.Collection<MessageId> ids);

  /**
   * Every change stored for the link whose log from this node is {@code ours}, both directions: the
   * peer's, then ours, each in order of its number (ours still queued last, in the order they were
   * accepted).
   */
  List<ChangeRecord> changes(LogOrigin ours);

  /**
   * Our changes on the link that are accepted and not yet placed in our log, in the order they were
   * accepted: {@link #changes} of ours not placed, which a store may read without the rest.
   */
  default List<ChangeRecord> queuedChanges(LogOrigin ours) {
    return changes(ours).stream().filter(record -> !record.incoming() && !record.placed()).toList();
  }

  /** Whether entry {@code seq} of {@code log} is recorded as uninterpretable, and why. */
  Optional<UninterpretableEntry> uninterpretable(LogOrigin log, long seq);

  Optional<MessageRecord> message(MessageId id);

  /**
   * A page of messages, newest first, strictly older than {@code before} (a cursor from a previous
   * page).
   */
  List<MessageRecord> messages(Box box, long before, int limit);

  /** {@link #messages(Box, long, int)} on {@code channel} alone; every channel if null. */
  List<MessageRecord> messages(Box box, String channel, long before, int limit);

  /**
   * Messages of {@code box} that have no answer (acknowledgement or decline) yet, most urgent
   * precedence first, then oldest: what the duty officer must deal with.
   */
  List<MessageRecord> unanswered(Box box, int limit);

  List<SecurityEvent> securityEvents(int limit);

  /** When the last link test was queued for {@code peer}, if ever. */
  Optional<Instant> lastLinkTest(PartyId peer);

  /** The answers to a message, oldest first. */
  List<ResponseRecord> responses(MessageId message);

  /**
   * Messages exchanged with {@code peer} that nobody has acknowledged or declined yet, counted by
   * direction and precedence, and how many of them are past their deadline at {@code now}.
   */
  Unanswered unanswered(PartyId peer, Instant now);

  /**
   * Counts of unanswered messages on one link. {@code received}: messages the peer sent us that our
   * people have not answered; {@code sent}: ours that the peer has not answered.
   */
  record Unanswered(
      java.util.Map<Precedence, Long> received,
      java.util.Map<Precedence, Long> sent,
      long overdueReceived,
      long overdueSent) {
    public Unanswered {
      received = java.util.Map.copyOf(received);
      sent = java.util.Map.copyOf(sent);
    }
  }

  /** Which messages a listing shows. */
  enum Box {
    INBOX,
    OUTBOX
  }

  /**
   * The state of one direction log. {@code receiptedSize} is meaningful for logs this node writes.
   */
  @SuppressWarnings(
      "ArrayRecordComponent") // storage transfer value: never compared, hashed or mutated
  record LogHead(long size, byte[] frontier, long receiptedSize) {
    public static final LogHead EMPTY = new LogHead(0, new byte[0], 0);
  }

  /**
   * A message this node accepted, before it has a place.
   *
   * @param seen what its entry says its sender had seen ({@link MessageEntry#seen}), or {@link
   *     MessageEntry#SEEN_UNKNOWN} when its entry is written in a format that does not say
   */
  record OutgoingMessage(MessageId id, PartyId from, Instant created, Draft draft, long seen) {}

  /**
   * An entry waiting for its place: what the sequencer encodes once it has one. {@code entry} has
   * every field but its place (seq 0 until {@link Entry#withSeq}); {@code format} is the entry
   * format chosen for the peer when the entry was queued, and checked then. Storage keeps no bytes
   * of the entry: a message, answer or deadline-missed statement is read back from its own row, a
   * link test from the queue row. {@code ord} is 0 until stored.
   */
  record QueuedEntry(long ord, int precedenceRank, int format, Entry entry) {
    public QueuedEntry {
      if (!EntryCodec.FORMAT_VERSIONS.contains(format)) {
        throw new IllegalArgumentException("no entry format " + format);
      }
    }

    /** The peer the entry goes to: the reader of its log. */
    public PartyId peer() {
      return entry.log().reader();
    }

    public MessageId entryId() {
      return entry.id();
    }
  }

  /** An entry in a log; {@code entryId} is the id of the message or response it holds. */
  @SuppressWarnings(
      "ArrayRecordComponent") // storage transfer value: never compared, hashed or mutated
  record StoredEntry(long seq, byte[] bytes, byte[] leafHash, MessageId entryId) {}

  /**
   * An answer to a message. {@code incoming}: the peer answered a message we sent; otherwise we
   * answered one we received. {@code log}/{@code seq} are null until the answer is in the record.
   */
  record ResponseRecord(
      MessageId entryId,
      MessageId message,
      ResponseEntry.Kind kind,
      String by,
      String note,
      Instant at,
      boolean incoming,
      String log,
      Long seq) {

    /** The answer {@code entry} records, placed at {@code log}/{@code seq} (null: not yet). */
    public static ResponseRecord of(ResponseEntry entry, boolean incoming, String log, Long seq) {
      return new ResponseRecord(
          entry.id(),
          entry.message(),
          entry.kind(),
          entry.by(),
          entry.note(),
          entry.created(),
          incoming,
          log,
          seq);
    }
  }

  /**
   * A {@link DeadlineMissedEntry} as stored beside the log. {@code incoming}: the peer recorded
   * that we missed its deadline; otherwise we recorded that the peer missed ours. {@code
   * log}/{@code seq} are null until the entry is in the record.
   */
  record DeadlineMissRecord(
      MessageId entryId,
      MessageId message,
      Instant deadline,
      Instant at,
      boolean incoming,
      String log,
      Long seq) {}

  /**
   * A change to a shared object as stored beside the log.
   *
   * @param entry the change; its seq is 0 while it is queued
   * @param incoming whether the peer wrote it
   * @param n its number among its writer's changes on this link, from 1, in log order
   */
  record ChangeRecord(ChangeEntry entry, boolean incoming, long n) {
    public boolean placed() {
      return entry.seq() > 0;
    }
  }

  @SuppressWarnings(
      "ArrayRecordComponent") // storage transfer value: never compared, hashed or mutated
  record TreeNode(int level, long index, byte[] hash) {}

  record Receipt(long size, String cosignedNote, Instant at) {}
}
