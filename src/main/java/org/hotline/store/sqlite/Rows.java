package org.hotline.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageAnswer;
import org.hotline.link.MessageRecord;
import org.hotline.link.MessageState;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.record.RecordStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** Row mapping shared by reads and writes. */
final class Rows {
  /**
   * A message as the API shows it, from the {@code messages_read} view: delivered once a receipt
   * covers its place, read from the receipts table rather than written into each row (migration
   * V8).
   */
  static final String MESSAGE_COLUMNS =
      "SELECT ord, id, sender, recipient, seq, precedence_rank, status, language, in_reply_to, subject, body, created_at,"
          + " state, accepted_at, sent_at, delivered_at, receipt_size, answer, read_at, deadline_at, deadline_missed_at,"
          + " channel, seen, template, template_version, template_sha256 FROM messages_read";

  private Rows() {}

  static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  static Instant instantOrNull(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : instant(value);
  }

  static MessageRecord message(ResultSet rs, StatementContext ctx) throws SQLException {
    return message(rs, 0);
  }

  /** Maps the {@link #MESSAGE_COLUMNS}, starting after column {@code offset}. */
  static MessageRecord message(ResultSet rs, int offset) throws SQLException {
    PartyId from = PartyId.of(rs.getString(offset + 3));
    PartyId to = PartyId.of(rs.getString(offset + 4));
    Draft draft =
        new Draft(
            to,
            Precedence.ofRank(rs.getInt(offset + 6)),
            StatusFlag.valueOf(rs.getString(offset + 7)),
            rs.getString(offset + 10),
            rs.getString(offset + 11),
            rs.getString(offset + 8),
            rs.getString(offset + 9) == null ? null : MessageId.parse(rs.getString(offset + 9)),
            rs.getString(offset + 22),
            templateOf(rs, offset + 24));
    long seen = rs.getLong(offset + 23);
    Long seenOrNull = rs.wasNull() ? null : seen;
    return new MessageRecord(
        rs.getLong(offset + 1),
        MessageId.parse(rs.getString(offset + 2)),
        from,
        to,
        rs.getLong(offset + 5),
        instant(rs.getLong(offset + 12)),
        draft,
        MessageState.valueOf(rs.getString(offset + 13)),
        instant(rs.getLong(offset + 14)),
        instantOrNull(rs, offset + 15),
        instantOrNull(rs, offset + 16),
        rs.getLong(offset + 17),
        rs.getString(offset + 18) == null ? null : MessageAnswer.valueOf(rs.getString(offset + 18)),
        instantOrNull(rs, offset + 19),
        instantOrNull(rs, offset + 20),
        instantOrNull(rs, offset + 21),
        seenOrNull);
  }

  /**
   * The columns {@link #messageRow} reads from a message row placed in a log: those that show what
   * was signed, and two flags that SQLite computes where the row lies, so that the common row costs
   * no call into the driver for them. Parameters 1 and 2 are the log's writer and reader: {@code
   * ends} says the row's sender and recipient are exactly those; {@code known} says its state and
   * answer are names the API parses. Only where a flag is 0 are the columns behind it read.
   */
  static final String MESSAGE_ROW_COLUMNS =
      "SELECT ord, id, seq, precedence_rank, status, language, in_reply_to, subject, body,"
          + " created_at, sender = ? AND recipient = ? AS ends,"
          + " state IN ("
          + names(MessageState.values())
          + ") AND (answer IS NULL OR answer IN ("
          + names(MessageAnswer.values())
          + ")) AS known, sender, recipient, state, answer, channel, seen,"
          + " template, template_version, template_sha256 FROM messages";

  private static String names(Enum<?>[] values) {
    return java.util.Arrays.stream(values)
        .map(value -> "'" + value.name() + "'")
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /**
   * Maps {@link #MESSAGE_ROW_COLUMNS} into a {@link RecordStore.RecordedEntry} without its entry
   * (seq only), or with the reason the API could not parse the row's state or answer.
   *
   * @param log the log the row was selected in, whose writer and reader were parameters 1 and 2
   * @param utf8 whether the database keeps text in UTF-8; if not, the body's stored bytes are not
   *     what the API decodes, and the row is left without them, to be compared as the API reads it
   */
  static RecordStore.RecordedEntry messageRow(ResultSet rs, LogOrigin log, boolean utf8)
      throws SQLException {
    long cursor = rs.getLong(1);
    long seq = rs.getLong(3);
    if (rs.getInt(12) != 1) {
      try {
        MessageState.valueOf(rs.getString(15));
        String answer = rs.getString(16);
        if (answer != null) {
          MessageAnswer.valueOf(answer);
        }
      } catch (RuntimeException unparsable) {
        return new RecordStore.RecordedEntry(seq, null, null, null, unparsable.getMessage());
      }
    }
    boolean ends = rs.getInt(11) == 1;
    RecordStore.MessageRow row =
        new RecordStore.MessageRow(
            cursor,
            rs.getString(2),
            ends ? log.writer().value() : rs.getString(13),
            ends ? log.reader().value() : rs.getString(14),
            seq,
            rs.getInt(4),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            rs.getString(8),
            utf8 ? rs.getBytes(9) : null,
            instant(rs.getLong(10)),
            rs.getString(17),
            seenOf(rs, 18),
            templateOf(rs, 19));
    return new RecordStore.RecordedEntry(seq, null, null, row, null);
  }

  /**
   * A formatted notification's template from three columns from {@code column} (id, version,
   * sha256), or null for a plain message, where they are NULL.
   */
  static org.hotline.link.entry.TemplateRef templateOf(ResultSet rs, int column)
      throws SQLException {
    String id = rs.getString(column);
    return id == null
        ? null
        : new org.hotline.link.entry.TemplateRef(
            id, rs.getInt(column + 1), rs.getString(column + 2));
  }

  /** A message's {@code seen} column: {@link MessageEntry#SEEN_UNKNOWN} where it is NULL. */
  static long seenOf(ResultSet rs, int column) throws SQLException {
    long seen = rs.getLong(column);
    return rs.wasNull() ? org.hotline.link.entry.MessageEntry.SEEN_UNKNOWN : seen;
  }

  static Optional<LinkStore.LogHead> logHead(Handle handle, LogOrigin log) {
    return handle
        .createQuery("SELECT size, frontier, receipted_size FROM logs WHERE log = ?")
        .bind(0, log.text())
        .map((rs, ctx) -> new LinkStore.LogHead(rs.getLong(1), rs.getBytes(2), rs.getLong(3)))
        .findOne();
  }

  static List<LinkStore.StoredEntry> entries(
      Handle handle, LogOrigin log, long fromSeq, long toSeq) {
    return handle
        .createQuery(
            "SELECT seq, entry, leaf_hash, entry_id FROM log_entries WHERE log = ? AND seq >= ? AND seq <= ? ORDER BY seq")
        .bind(0, log.text())
        .bind(1, fromSeq)
        .bind(2, toSeq)
        .map(
            (rs, ctx) ->
                new LinkStore.StoredEntry(
                    rs.getLong(1),
                    rs.getBytes(2),
                    rs.getBytes(3),
                    rs.getString(4) == null ? null : MessageId.parse(rs.getString(4))))
        .list();
  }

  static Optional<String> checkpoint(Handle handle, LogOrigin log, long size) {
    return handle
        .createQuery("SELECT note FROM checkpoints WHERE log = ? AND size = ?")
        .bind(0, log.text())
        .bind(1, size)
        .mapTo(String.class)
        .findOne();
  }
}
