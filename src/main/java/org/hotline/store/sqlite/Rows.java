package org.hotline.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.Draft;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageId;
import org.hotline.link.MessageRecord;
import org.hotline.link.MessageState;
import org.hotline.link.Precedence;
import org.hotline.link.StatusFlag;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Row mapping shared by reads and writes. */
final class Rows {
  static final String MESSAGE_COLUMNS =
      "SELECT ord, id, sender, recipient, seq, precedence_rank, status, language, in_reply_to, subject, body, created_at,"
          + " state, accepted_at, sent_at, delivered_at, receipt_size FROM messages";

  private Rows() {}

  static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  private static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : instant(value);
  }

  static MessageRecord message(ResultSet rs, StatementContext ctx) throws SQLException {
    PartyId from = PartyId.of(rs.getString(3));
    PartyId to = PartyId.of(rs.getString(4));
    Draft draft =
        new Draft(
            to,
            Precedence.ofRank(rs.getInt(6)),
            StatusFlag.valueOf(rs.getString(7)),
            rs.getString(10),
            rs.getString(11),
            rs.getString(8),
            rs.getString(9) == null ? null : MessageId.parse(rs.getString(9)));
    return new MessageRecord(
        rs.getLong(1),
        MessageId.parse(rs.getString(2)),
        from,
        to,
        rs.getLong(5),
        instant(rs.getLong(12)),
        draft,
        MessageState.valueOf(rs.getString(13)),
        instant(rs.getLong(14)),
        instantOrNull(rs, 15),
        instantOrNull(rs, 16),
        rs.getLong(17));
  }

  static Optional<LinkStore.LogHead> logHead(Handle handle, LogOrigin log) {
    return handle
        .createQuery("SELECT size, frontier, receipted_size FROM logs WHERE log = ?")
        .bind(0, log.text())
        .map((rs, ctx) -> new LinkStore.LogHead(rs.getLong(1), rs.getBytes(2), rs.getLong(3)))
        .findOne();
  }

  static List<LinkStore.StoredEntry> entries(Handle handle, LogOrigin log, long fromSeq, long toSeq) {
    return handle
        .createQuery("SELECT seq, entry, leaf_hash, message_id FROM log_entries WHERE log = ? AND seq >= ? AND seq <= ? ORDER BY seq")
        .bind(0, log.text())
        .bind(1, fromSeq)
        .bind(2, toSeq)
        .map(
            (rs, ctx) ->
                new LinkStore.StoredEntry(
                    rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getString(4) == null ? null : MessageId.parse(rs.getString(4))))
        .list();
  }

  static Optional<String> checkpoint(Handle handle, LogOrigin log, long size) {
    return handle.createQuery("SELECT note FROM checkpoints WHERE log = ? AND size = ?").bind(0, log.text()).bind(1, size).mapTo(String.class).findOne();
  }
}
