package org.hotline.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 *
 * @param utf8 whether the database keeps text in UTF-8 ({@link SqliteStore#storesUtf8}), so that a
 *     body fetched as bytes holds exactly what the API decodes
 */
record RecordReads(Handle handle, boolean utf8) implements RecordStore {
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
  public List<LinkStore.ChangeRecord> changes(LogOrigin ours) {
    return ChangeRows.changes(handle, ours);
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
   * place, or once with none. Plain JDBC on the handle's connection: verify reads every entry of a
   * node here, and mapping each row through Jdbi's result iterator cost more than the row's merge.
   */
  @Override
  public void entries(LogOrigin log, long fromSeq, long toSeq, Consumer<RecordedEntry> consumer) {
    Connection connection = handle.getConnection();
    try (PreparedStatement entryQuery =
            connection.prepareStatement(
                "SELECT seq, entry, leaf_hash FROM log_entries"
                    + " WHERE log = ? AND seq >= ? AND seq < ? ORDER BY seq");
        PreparedStatement rowQuery =
            connection.prepareStatement(
                Rows.MESSAGE_ROW_COLUMNS
                    + " WHERE log = ? AND seq >= ? AND seq < ? ORDER BY seq")) {
      entryQuery.setString(1, log.text());
      entryQuery.setLong(2, fromSeq);
      entryQuery.setLong(3, toSeq);
      entryQuery.setFetchSize(FETCH_ROWS);
      rowQuery.setString(1, log.writer().value());
      rowQuery.setString(2, log.reader().value());
      rowQuery.setString(3, log.text());
      rowQuery.setLong(4, fromSeq);
      rowQuery.setLong(5, toSeq);
      rowQuery.setFetchSize(FETCH_ROWS);
      try (ResultSet entries = entryQuery.executeQuery();
          ResultSet rows = rowQuery.executeQuery()) {
        RecordedEntry row = rows.next() ? Rows.messageRow(rows, log, utf8) : null;
        while (entries.next()) {
          long seq = entries.getLong(1);
          byte[] bytes = entries.getBytes(2);
          byte[] leafHash = entries.getBytes(3);
          while (row != null && row.seq() < seq) {
            // a row without its entry: counted elsewhere
            row = rows.next() ? Rows.messageRow(rows, log, utf8) : null;
          }
          boolean joined = false;
          while (row != null && row.seq() == seq) {
            consumer.accept(
                new RecordedEntry(seq, bytes, leafHash, row.message(), row.messageProblem()));
            joined = true;
            row = rows.next() ? Rows.messageRow(rows, log, utf8) : null;
          }
          if (!joined) {
            consumer.accept(new RecordedEntry(seq, bytes, leafHash, null, null));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "reading " + log + " from the store failed: " + e.getMessage(), e);
    }
  }

  /** Rows fetched from SQLite at a time; the driver's default of one row costs a call per row. */
  private static final int FETCH_ROWS = 1_000;

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

  @Override
  public Map<Long, String> uninterpretable(LogOrigin log) {
    return notes("SELECT seq, reason FROM uninterpretable_entries WHERE log = ?", log);
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
