package org.hotline.record;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hotline.identity.LogOrigin;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;

/**
 * What verification reads from storage: every direction log with its entries (in order, streamed),
 * checkpoints and receipts, and the message rows the API serves. Implementations are thread-safe; a
 * view given to {@link #snapshot} is valid only inside it.
 */
public interface RecordStore {
  List<LogOrigin> logs();

  LinkStore.LogHead head(LogOrigin log);

  /** Streams the entries of {@code log} in sequence order with the message row stored for each. */
  void entries(LogOrigin log, Consumer<RecordedEntry> consumer);

  /**
   * Streams the entries of {@code log} with {@code fromSeq <= seq < toSeq}, in sequence order, with
   * the message row stored for each. Ranges may be read at once from several threads.
   */
  void entries(LogOrigin log, long fromSeq, long toSeq, Consumer<RecordedEntry> consumer);

  /**
   * How many message rows claim a place in some log (have a sequence number). Each that has its
   * entry is streamed with it exactly once; if fewer were streamed, {@link #messagesWithoutEntries}
   * names the others.
   */
  long placedMessageCount();

  Map<Long, String> checkpoints(LogOrigin log);

  Map<Long, String> receipts(LogOrigin log);

  /**
   * The entries of {@code log} recorded as uninterpretable (docs/protocol.md §14), with the reason,
   * by sequence number: stored in the log but applied to no message, so they have no message row.
   */
  Map<Long, String> uninterpretable(LogOrigin log);

  /** The witness cosignatures over this node's checkpoints of {@code log}, by size. */
  List<WitnessCosignature> witnessCosignatures(LogOrigin log);

  /**
   * The changes to shared objects as stored beside the logs of the link whose log from this node is
   * {@code ours} (what the node computes its shared state from), both directions.
   */
  List<LinkStore.ChangeRecord> changes(LogOrigin ours);

  /** Message rows that claim a place in a log that holds no entry at that place. */
  List<MessageRecord> messagesWithoutEntries();

  /**
   * The message row {@code cursor} exactly as the API shows it, for the rare row that does not
   * plainly show what was signed. Throws a runtime exception saying why if the API could not read
   * it either.
   */
  MessageRecord message(long cursor);

  /**
   * Runs {@code reads} on a view of this store as of one moment: whatever a running node commits
   * meanwhile, the head, checkpoints, receipts and entries read through the view agree with each
   * other. Read everything about a log through one snapshot, or a batch stored between two reads
   * looks like tampering.
   */
  <T> T snapshot(Function<RecordStore, T> reads);

  /**
   * An entry as stored, and the message row stored for it: null if there is none, or if the row
   * cannot even be read, in which case {@code messageProblem} says why.
   */
  @SuppressWarnings(
      "ArrayRecordComponent") // storage transfer value: never compared, hashed or mutated
  record RecordedEntry(
      long seq, byte[] bytes, byte[] leafHash, MessageRow message, String messageProblem) {}

  /**
   * The columns of a message row that the API turns into what was signed, as stored, before any
   * parsing: building a whole {@link MessageRecord} for every row cost more than hashing the entry.
   * If these equal the signed values, the API shows exactly what was signed; if not, {@link
   * #message} gives the row as the API shows it, to say what differs.
   *
   * @param cursor the row, for {@link #message}
   * @param body the body as stored, in UTF-8 (the bytes the API decodes): a body is most of a row,
   *     and comparing bytes spares building a second copy of it as text. Null if the store keeps
   *     text in another encoding or the column is null: the row is then compared as the API reads
   *     it ({@link #message})
   * @param created the creation time as stored, to the microsecond
   */
  @SuppressWarnings(
      "ArrayRecordComponent") // storage transfer value: never compared, hashed or mutated
  record MessageRow(
      long cursor,
      String id,
      String from,
      String to,
      long seq,
      int precedenceRank,
      String status,
      String language,
      String inReplyTo,
      String subject,
      byte[] body,
      java.time.Instant created,
      String channel,
      long seen,
      org.hotline.link.entry.TemplateRef template) {}

  /**
   * A witness's cosignature over the checkpoint of a log at {@code size}.
   *
   * @param witness the witness's verifier key (vkey), as configured when it was stored
   * @param cosignature the signature line, {@code "— <name> <base64>"}
   */
  record WitnessCosignature(long size, String witness, String cosignature) {}
}
