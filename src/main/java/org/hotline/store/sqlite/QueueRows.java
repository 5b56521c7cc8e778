package org.hotline.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.hotline.identity.LogOrigin;
import org.hotline.link.LinkStore.QueuedEntry;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.LinkTestEntry;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.RecoveryEntry;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.StatusFlag;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The outbox queue (table {@code queue}, V7): a row says which entry to encode, in which format;
 * the entry's fields are read from the row it refers to (a message, an answer, a deadline-missed
 * statement), or from the queue row itself for a link test, which has no other row.
 */
final class QueueRows {
  /** What a queued row holds; the {@code kind} column, a closed set. */
  private enum Kind {
    MESSAGE,
    RESPONSE,
    DEADLINE_MISSED,
    LINK_TEST,
    CHANGE;

    static Kind of(Entry entry) {
      return switch (entry) {
        case MessageEntry message -> MESSAGE;
        case ResponseEntry response -> RESPONSE;
        case DeadlineMissedEntry missed -> DEADLINE_MISSED;
        case LinkTestEntry test -> LINK_TEST;
        case ChangeEntry change -> CHANGE;
        case RecoveryEntry recovery ->
            throw new IllegalArgumentException(
                "a recovery entry is never queued: it is signed at its place when recovering");
      };
    }
  }

  /**
   * The queue in order for one peer, joined to the rows its entries are read from. The joins are on
   * primary or unique keys, each taken only for its kind.
   */
  private static final String NEXT =
      "SELECT q.ord, q.precedence_rank, q.entry_id, q.kind, q.format, q.created_at, q.number,"
          + " m.precedence_rank, m.status, m.language, m.in_reply_to, m.subject, m.body, m.created_at,"
          + " r.kind, r.message_id, r.by_user, r.note, r.at,"
          + " d.message_id, d.deadline_at, d.at, dm.precedence_rank,"
          + " c.entry_id, c.object, c.op, c.seen, c.by_user, c.data, c.created_at,"
          + " m.channel, m.seen, m.template, m.template_version, m.template_sha256"
          + " FROM queue q"
          + " LEFT JOIN messages m ON q.kind = 'MESSAGE' AND m.id = q.entry_id"
          + " LEFT JOIN responses r ON q.kind = 'RESPONSE' AND r.entry_id = q.entry_id"
          + " LEFT JOIN deadline_misses d ON q.kind = 'DEADLINE_MISSED' AND d.entry_id = q.entry_id"
          + " LEFT JOIN messages dm ON dm.id = d.message_id"
          + " LEFT JOIN changes c ON q.kind = 'CHANGE' AND c.entry_id = q.entry_id"
          + " WHERE q.peer = ? ORDER BY q.precedence_rank, q.ord LIMIT ?";

  private QueueRows() {}

  static void enqueue(Handle handle, List<QueuedEntry> entries) {
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO queue (peer, precedence_rank, entry_id, kind, format, created_at, number)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (QueuedEntry queued : entries) {
      Entry entry = queued.entry();
      LinkTestEntry test = entry instanceof LinkTestEntry t ? t : null;
      batch
          .bind(0, queued.peer().value())
          .bind(1, queued.precedenceRank())
          .bind(2, entry.id().toString())
          .bind(3, Kind.of(entry).name())
          .bind(4, queued.format())
          .bind(5, test == null ? null : Rows.micros(test.created()))
          .bind(6, test == null ? null : test.number())
          .add();
    }
    batch.execute();
  }

  /** Up to {@code limit} entries queued for the reader of {@code log}, most urgent first. */
  static List<QueuedEntry> next(Handle handle, LogOrigin log, int limit) {
    return handle
        .createQuery(NEXT)
        .bind(0, log.reader().value())
        .bind(1, limit)
        .map((rs, ctx) -> queued(rs, log))
        .list();
  }

  private static QueuedEntry queued(ResultSet rs, LogOrigin log) throws SQLException {
    MessageId id = MessageId.parse(rs.getString(3));
    Kind kind = Kind.valueOf(rs.getString(4));
    int referred =
        switch (kind) {
          case MESSAGE -> 8;
          case RESPONSE -> 15;
          case DEADLINE_MISSED -> 23;
          case LINK_TEST -> 6;
          case CHANGE -> 24;
        };
    if (rs.getString(referred) == null) {
      throw new IllegalStateException(
          "queued entry " + id + " refers to a " + kind + " row that is not stored");
    }
    Entry entry =
        switch (kind) {
          case MESSAGE ->
              new MessageEntry(
                  log,
                  0,
                  id,
                  Rows.instant(rs.getLong(14)),
                  new Draft(
                      log.reader(),
                      Precedence.ofRank(rs.getInt(8)),
                      StatusFlag.valueOf(rs.getString(9)),
                      rs.getString(12),
                      rs.getString(13),
                      rs.getString(10),
                      rs.getString(11) == null ? null : MessageId.parse(rs.getString(11)),
                      rs.getString(31),
                      Rows.templateOf(rs, 33)),
                  Rows.seenOf(rs, 32));
          case RESPONSE ->
              new ResponseEntry(
                  log,
                  0,
                  id,
                  Rows.instant(rs.getLong(19)),
                  ResponseEntry.Kind.valueOf(rs.getString(15)),
                  MessageId.parse(rs.getString(16)),
                  rs.getString(17),
                  rs.getString(18));
          case DEADLINE_MISSED ->
              new DeadlineMissedEntry(
                  log,
                  0,
                  id,
                  Rows.instant(rs.getLong(22)),
                  MessageId.parse(rs.getString(20)),
                  Precedence.ofRank(rs.getInt(23)),
                  Rows.instant(rs.getLong(21)));
          case LINK_TEST ->
              new LinkTestEntry(log, 0, id, Rows.instant(rs.getLong(6)), rs.getLong(7));
          case CHANGE -> ChangeRows.queued(rs, log, 24);
        };
    return new QueuedEntry(rs.getLong(1), rs.getInt(2), rs.getInt(5), entry);
  }
}
