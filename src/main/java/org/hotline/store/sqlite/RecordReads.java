package org.hotline.store.sqlite;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hotline.identity.LogOrigin;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;
import org.hotline.record.RecordStore;
import org.jdbi.v3.core.Handle;

/**
 * The reads of {@link RecordStore} on one handle. Inside a transaction every read sees the same
 * committed state (SQLite in WAL mode keeps a read transaction's snapshot), which is what {@link
 * SqliteStore#snapshot} gives verification and export. Not thread-safe; valid while its handle is.
 */
record RecordReads(Handle handle) implements RecordStore {
  @Override
  public List<LogOrigin> logs() {
    return handle
        .createQuery(
            "SELECT log FROM logs UNION SELECT DISTINCT log FROM checkpoints UNION SELECT DISTINCT log FROM receipts ORDER BY 1")
        .mapTo(String.class)
        .map(LogOrigin::parse)
        .list();
  }

  @Override
  public LinkStore.LogHead head(LogOrigin log) {
    return Rows.logHead(handle, log).orElse(LinkStore.LogHead.EMPTY);
  }

  @Override
  public void entries(LogOrigin log, Consumer<RecordedEntry> consumer) {
    entries(log, Long.MIN_VALUE, Long.MAX_VALUE, consumer);
  }

  @Override
  public void entries(LogOrigin log, long fromSeq, long toSeq, Consumer<RecordedEntry> consumer) {
    handle
        .createQuery(
            "SELECT e.seq, e.entry, e.leaf_hash, m.ord, m.id, m.sender, m.recipient, m.seq, m.precedence_rank, m.status,"
                + " m.language, m.in_reply_to, m.subject, m.body, m.created_at, m.state, m.accepted_at, m.sent_at,"
                + " m.delivered_at, m.receipt_size, m.answer, m.read_at, m.deadline_at, m.deadline_missed_at FROM log_entries e LEFT JOIN messages m ON m.log = e.log AND m.seq = e.seq"
                + " WHERE e.log = ? AND e.seq >= ? AND e.seq < ? ORDER BY e.seq")
        .bind(0, log.text())
        .bind(1, fromSeq)
        .bind(2, toSeq)
        .setFetchSize(1_000)
        .map(Rows::recordedEntry)
        .useStream(stream -> stream.forEach(consumer));
  }

  @Override
  public long placedMessageCount() {
    return handle
        .createQuery(
            "SELECT count(*) FROM messages INDEXED BY messages_log_seq WHERE seq IS NOT NULL")
        .mapTo(Long.class)
        .one();
  }

  @Override
  public Map<Long, String> checkpoints(LogOrigin log) {
    return notes("SELECT size, note FROM checkpoints WHERE log = ?", log);
  }

  @Override
  public Map<Long, String> receipts(LogOrigin log) {
    return notes("SELECT size, note FROM receipts WHERE log = ?", log);
  }

  private Map<Long, String> notes(String sql, LogOrigin log) {
    Map<Long, String> notes = new TreeMap<>();
    handle
        .createQuery(sql)
        .bind(0, log.text())
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> notes.put(e.getKey(), e.getValue()));
    return notes;
  }

  @Override
  public List<WitnessCosignature> witnessCosignatures(LogOrigin log) {
    return SqliteWitnessStore.cosignatures(handle, log);
  }

  /**
   * Searched in the index on (log, seq) alone, which holds no message text: scanning the message
   * rows instead would read a node's whole history once more.
   */
  @Override
  public List<MessageRecord> messagesWithoutEntries() {
    return handle
        .createQuery(
            Rows.MESSAGE_COLUMNS
                + " WHERE ord IN (SELECT m.ord FROM messages m INDEXED BY messages_log_seq WHERE m.seq IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM log_entries e WHERE e.log = m.log AND e.seq = m.seq))")
        .map(Rows::message)
        .list();
  }

  /** Already inside the caller's transaction: the same snapshot. */
  @Override
  public <T> T snapshot(Function<RecordStore, T> reads) {
    return reads.apply(this);
  }
}
