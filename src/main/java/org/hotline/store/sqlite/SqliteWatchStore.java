package org.hotline.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.watch.Alert;
import org.hotline.watch.Notification;
import org.hotline.watch.Side;
import org.hotline.watch.Timer;
import org.hotline.watch.WatchStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The watch's tables (V2__watch.sql) in the node's SQLite file. Writes share {@link SqliteStore}'s
 * lock, so they are serialized with the link's. Thread-safe.
 */
final class SqliteWatchStore implements WatchStore {
  private static final String FACTS =
      "m.peer, m.precedence_rank, m.status, m.created_at, m.answer IS NOT NULL";
  private static final String NOTIFICATION_COLUMNS =
      "n.id, n.message_id, n.kind, n.side, n.level, n.loop, n.target, n.raised_at, n.status, n.attempts, n.next_attempt_at, n.last_error, n.updated_at";

  private final Jdbi jdbi;
  private final ReentrantLock writeLock;

  SqliteWatchStore(Jdbi jdbi, ReentrantLock writeLock) {
    this.jdbi = jdbi;
    this.writeLock = writeLock;
  }

  @Override
  public <T> T write(Function<Writes, T> work) {
    writeLock.lock();
    try {
      return jdbi.inTransaction(handle -> work.apply(new SqliteWrites(handle)));
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public List<DueTimer> dueTimers(Instant now, int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT t.message_id, t.side, t.deadline_at, t.stage, t.level, t.loop, t.next_at, "
                        + FACTS
                        + " FROM watch_timers t JOIN messages m ON m.id = t.message_id WHERE t.next_at <= ? ORDER BY t.next_at LIMIT ?")
                .bind(0, Rows.micros(now))
                .bind(1, limit)
                .map((rs, ctx) -> new DueTimer(timer(rs), facts(rs, 7)))
                .list());
  }

  @Override
  public List<DueNotification> dueNotifications(Instant now, int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + NOTIFICATION_COLUMNS
                        + ", "
                        + FACTS
                        + ", m.deadline_at FROM notifications n JOIN messages m ON m.id = n.message_id"
                        + " WHERE n.status = 'PENDING' AND n.next_attempt_at <= ? ORDER BY n.next_attempt_at, n.id LIMIT ?")
                .bind(0, Rows.micros(now))
                .bind(1, limit)
                .map(
                    (rs, ctx) ->
                        new DueNotification(
                            notification(rs), facts(rs, 13), Rows.instantOrNull(rs, 19)))
                .list());
  }

  @Override
  public boolean answered(MessageId message) {
    return jdbi.withHandle(
        handle ->
            handle
                    .createQuery(
                        "SELECT count(*) FROM messages WHERE id = ? AND answer IS NOT NULL")
                    .bind(0, message.toString())
                    .mapTo(Integer.class)
                    .one()
                > 0);
  }

  @Override
  public List<Notification> notifications(int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + NOTIFICATION_COLUMNS
                        + " FROM notifications n ORDER BY n.id DESC LIMIT ?")
                .bind(0, limit)
                .map((rs, ctx) -> notification(rs))
                .list());
  }

  @Override
  public Map<MessageId, EscalationPosition> commitmentEscalations() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT commitment_id, level, loop, next_at FROM commitment_escalations")
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            MessageId.parse(rs.getString(1)),
                            new EscalationPosition(
                                rs.getInt(2), rs.getInt(3), Rows.instantOrNull(rs, 4))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  @Override
  public void putCommitmentEscalation(MessageId commitment, EscalationPosition position) {
    write(
        writes -> {
          ((SqliteWrites) writes)
              .handle()
              .createUpdate(
                  "INSERT INTO commitment_escalations (commitment_id, level, loop, next_at) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (commitment_id) DO UPDATE SET level = excluded.level, loop = excluded.loop, next_at = excluded.next_at")
              .bind(0, commitment.toString())
              .bind(1, position.level())
              .bind(2, position.loop())
              .bind(3, position.nextAt() == null ? null : Rows.micros(position.nextAt()))
              .execute();
          return null;
        });
  }

  @Override
  public void deleteCommitmentEscalation(MessageId commitment) {
    write(
        writes ->
            ((SqliteWrites) writes)
                .handle()
                .createUpdate("DELETE FROM commitment_escalations WHERE commitment_id = ?")
                .bind(0, commitment.toString())
                .execute());
  }

  private static Timer timer(ResultSet rs) throws SQLException {
    return new Timer(
        MessageId.parse(rs.getString(1)),
        Side.valueOf(rs.getString(2)),
        Rows.instant(rs.getLong(3)),
        Timer.Stage.valueOf(rs.getString(4)),
        rs.getInt(5),
        rs.getInt(6),
        Rows.instant(rs.getLong(7)));
  }

  /** The {@link #FACTS} columns, starting after column {@code offset}. */
  private static MessageFacts facts(ResultSet rs, int offset) throws SQLException {
    return new MessageFacts(
        PartyId.of(rs.getString(offset + 1)),
        Precedence.ofRank(rs.getInt(offset + 2)),
        StatusFlag.valueOf(rs.getString(offset + 3)),
        Rows.instant(rs.getLong(offset + 4)),
        rs.getBoolean(offset + 5));
  }

  private static Notification notification(ResultSet rs) throws SQLException {
    return new Notification(
        rs.getLong(1),
        MessageId.parse(rs.getString(2)),
        Alert.Kind.valueOf(rs.getString(3)),
        Side.valueOf(rs.getString(4)),
        integerOrNull(rs, 5),
        integerOrNull(rs, 6),
        rs.getString(7),
        Rows.instant(rs.getLong(8)),
        Notification.Status.valueOf(rs.getString(9)),
        rs.getInt(10),
        Rows.instantOrNull(rs, 11),
        rs.getString(12),
        Rows.instant(rs.getLong(13)));
  }

  private static Integer integerOrNull(ResultSet rs, int column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  private record SqliteWrites(Handle handle) implements Writes {
    @Override
    public long cursor() {
      return handle
          .createQuery("SELECT message_ord FROM watch_cursor WHERE id = 1")
          .mapTo(Long.class)
          .one();
    }

    @Override
    public void putCursor(long messageOrd) {
      handle
          .createUpdate("UPDATE watch_cursor SET message_ord = ? WHERE id = 1")
          .bind(0, messageOrd)
          .execute();
    }

    @Override
    public List<NewMessage> messagesAfter(long messageOrd, int limit) {
      return handle
          .createQuery(
              "SELECT ord, id, direction, created_at, deadline_at, answer IS NOT NULL FROM messages WHERE ord > ? ORDER BY ord LIMIT ?")
          .bind(0, messageOrd)
          .bind(1, limit)
          .map(
              (rs, ctx) ->
                  new NewMessage(
                      rs.getLong(1),
                      MessageId.parse(rs.getString(2)),
                      rs.getString(3).equals("in") ? Side.RECEIVING : Side.SENDING,
                      Rows.instant(rs.getLong(4)),
                      Rows.instantOrNull(rs, 5),
                      rs.getBoolean(6)))
          .list();
    }

    @Override
    public void insertTimers(List<Timer> timers) {
      if (timers.isEmpty()) {
        return;
      }
      PreparedBatch batch =
          handle.prepareBatch(
              "INSERT INTO watch_timers (message_id, side, deadline_at, stage, level, loop, next_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (message_id) DO NOTHING");
      for (Timer timer : timers) {
        bindTimer(batch, timer).add();
      }
      batch.execute();
    }

    private static PreparedBatch bindTimer(PreparedBatch batch, Timer timer) {
      return batch
          .bind(0, timer.message().toString())
          .bind(1, timer.side().name())
          .bind(2, Rows.micros(timer.deadline()))
          .bind(3, timer.stage().name())
          .bind(4, timer.level())
          .bind(5, timer.loop())
          .bind(6, Rows.micros(timer.nextAt()));
    }

    @Override
    public boolean replaceTimer(Timer previous, Timer next) {
      String where =
          " WHERE message_id = ? AND stage = ? AND level = ? AND loop = ? AND next_at = ?";
      var statement =
          next == null
              ? handle.createUpdate("DELETE FROM watch_timers" + where)
              : handle
                  .createUpdate(
                      "UPDATE watch_timers SET stage = ?, level = ?, loop = ?, next_at = ?" + where)
                  .bind(0, next.stage().name())
                  .bind(1, next.level())
                  .bind(2, next.loop())
                  .bind(3, Rows.micros(next.nextAt()));
      int offset = next == null ? 0 : 4;
      return statement
              .bind(offset, previous.message().toString())
              .bind(offset + 1, previous.stage().name())
              .bind(offset + 2, previous.level())
              .bind(offset + 3, previous.loop())
              .bind(offset + 4, Rows.micros(previous.nextAt()))
              .execute()
          == 1;
    }

    @Override
    public void deleteTimer(MessageId message) {
      handle
          .createUpdate("DELETE FROM watch_timers WHERE message_id = ?")
          .bind(0, message.toString())
          .execute();
    }

    @Override
    public Set<MessageId> answered(Collection<MessageId> messages) {
      if (messages.isEmpty()) {
        return Set.of();
      }
      return handle
          .createQuery("SELECT id FROM messages WHERE answer IS NOT NULL AND id IN (<ids>)")
          .bindList("ids", messages.stream().map(MessageId::toString).toList())
          .map((rs, ctx) -> MessageId.parse(rs.getString(1)))
          .collect(Collectors.toSet());
    }

    @Override
    public void insertNotifications(List<Notification> notifications) {
      if (notifications.isEmpty()) {
        return;
      }
      PreparedBatch batch =
          handle.prepareBatch(
              "INSERT INTO notifications (message_id, kind, side, level, loop, target, raised_at, status, attempts, next_attempt_at, last_error,"
                  + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (Notification notification : notifications) {
        batch
            .bind(0, notification.message().toString())
            .bind(1, notification.kind().name())
            .bind(2, notification.side().name())
            .bind(3, notification.level())
            .bind(4, notification.loop())
            .bind(5, notification.target())
            .bind(6, Rows.micros(notification.raisedAt()))
            .bind(7, notification.status().name())
            .bind(8, notification.attempts())
            .bind(
                9,
                notification.nextAttemptAt() == null
                    ? null
                    : Rows.micros(notification.nextAttemptAt()))
            .bind(10, notification.lastError())
            .bind(11, Rows.micros(notification.updatedAt()))
            .add();
      }
      batch.execute();
    }

    @Override
    public int cancelNotifications(MessageId message, Instant at) {
      return handle
          .createUpdate(
              "UPDATE notifications SET status = 'CANCELLED', next_attempt_at = NULL, updated_at = ? WHERE message_id = ? AND status = 'PENDING'")
          .bind(0, Rows.micros(at))
          .bind(1, message.toString())
          .execute();
    }

    @Override
    public void recordAttempt(
        long id,
        Notification.Status status,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant at) {
      handle
          .createUpdate(
              "UPDATE notifications SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?"
                  + " WHERE id = ? AND (status = 'PENDING' OR ? = 'DELIVERED')")
          .bind(0, status.name())
          .bind(1, attempts)
          .bind(2, nextAttemptAt == null ? null : Rows.micros(nextAttemptAt))
          .bind(3, lastError)
          .bind(4, Rows.micros(at))
          .bind(5, id)
          .bind(6, status.name())
          .execute();
    }
  }
}
