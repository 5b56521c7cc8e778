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
import org.jdbi.v3.core.result.ResultIterator;

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

  /**
   * Two scans in sequence order, merged here: the entries, and the message rows placed in the same
   * range (by the index on log and seq). A join looked each message row up once per entry, and
   * building the whole row the API shows cost more than the check needs; only the columns that show
   * what was signed are read. Like a left join, an entry comes once with each message row at its
   * place, or once with none.
   */
  @Override
  public void entries(LogOrigin log, long fromSeq, long toSeq, Consumer<RecordedEntry> consumer) {
    try (ResultIterator<StoredBytes> entries =
            handle
                .createQuery(
                    "SELECT seq, entry, leaf_hash FROM log_entries"
                        + " WHERE log = ? AND seq >= ? AND seq < ? ORDER BY seq")
                .bind(0, log.text())
                .bind(1, fromSeq)
                .bind(2, toSeq)
                .setFetchSize(FETCH_ROWS)
                .map((rs, ctx) -> new StoredBytes(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
                .iterator();
        ResultIterator<RecordedEntry> rows =
            handle
                .createQuery(
                    Rows.MESSAGE_ROW_COLUMNS
                        + " WHERE log = ? AND seq >= ? AND seq < ? ORDER BY seq")
                .bind(0, log.text())
                .bind(1, fromSeq)
                .bind(2, toSeq)
                .setFetchSize(FETCH_ROWS)
                .map((rs, ctx) -> Rows.messageRow(rs))
                .iterator()) {
      RecordedEntry row = rows.hasNext() ? rows.next() : null;
      while (entries.hasNext()) {
        StoredBytes entry = entries.next();
        while (row != null && row.seq() < entry.seq()) {
          row = rows.hasNext() ? rows.next() : null; // a row without its entry: counted elsewhere
        }
        boolean joined = false;
        while (row != null && row.seq() == entry.seq()) {
          consumer.accept(
              new RecordedEntry(
                  entry.seq(),
                  entry.bytes(),
                  entry.leafHash(),
                  row.message(),
                  row.messageProblem()));
          joined = true;
          row = rows.hasNext() ? rows.next() : null;
        }
        if (!joined) {
          consumer.accept(
              new RecordedEntry(entry.seq(), entry.bytes(), entry.leafHash(), null, null));
        }
      }
    }
  }

  /** Rows fetched from SQLite at a time; the driver's default of one row costs a call per row. */
  private static final int FETCH_ROWS = 1_000;

  /** An entry as stored, before it meets its message row. */
  @SuppressWarnings("ArrayRecordComponent") // local transfer value: never compared or hashed
  private record StoredBytes(long seq, byte[] bytes, byte[] leafHash) {}

  @Override
  public MessageRecord message(long cursor) {
    return handle
        .createQuery(Rows.MESSAGE_COLUMNS + " WHERE ord = ?")
        .bind(0, cursor)
        .map(Rows::message)
        .one();
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
