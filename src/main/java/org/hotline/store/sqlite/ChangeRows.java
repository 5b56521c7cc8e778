package org.hotline.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hotline.Json;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore.ChangeRecord;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.MessageId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The changes to a link's shared objects (table {@code changes}, V12): each row holds the fields of
 * one {@link ChangeEntry}, its direction, its number among its writer's changes, and its place once
 * it has one.
 */
final class ChangeRows {
  private static final TypeReference<TreeMap<String, Object>> DATA = new TypeReference<>() {};

  private ChangeRows() {}

  static void insert(Handle handle, PartyId peer, boolean incoming, List<ChangeEntry> changes) {
    if (changes.isEmpty()) {
      return;
    }
    String direction = incoming ? "in" : "out";
    long last =
        handle
            .createQuery("SELECT coalesce(max(n), 0) FROM changes WHERE peer = ? AND direction = ?")
            .bind(0, peer.value())
            .bind(1, direction)
            .mapTo(Long.class)
            .one();
    PreparedBatch batch =
        handle.prepareBatch(
            "INSERT INTO changes (entry_id, peer, direction, n, object, op, seen, by_user, data,"
                + " created_at, log, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (ChangeEntry change : changes) {
      boolean placed = change.seq() > 0;
      batch
          .bind(0, change.id().toString())
          .bind(1, peer.value())
          .bind(2, direction)
          .bind(3, ++last)
          .bind(4, change.object())
          .bind(5, change.op())
          .bind(6, change.seen())
          .bind(7, change.by())
          .bind(8, data(change))
          .bind(9, Rows.micros(change.created()))
          .bind(10, placed ? change.log().text() : null)
          .bind(11, placed ? change.seq() : null)
          .add();
    }
    batch.execute();
  }

  static List<ChangeRecord> changes(Handle handle, LogOrigin ours) {
    return handle
        .createQuery(
            "SELECT entry_id, direction, n, object, op, seen, by_user, data, created_at, seq"
                + " FROM changes WHERE peer = ? ORDER BY direction = 'out', n")
        .bind(0, ours.reader().value())
        .map((rs, ctx) -> record(rs, ours))
        .list();
  }

  /** Our changes on the link not yet placed in our log, in the order accepted. */
  static List<ChangeRecord> queuedChanges(Handle handle, LogOrigin ours) {
    return handle
        .createQuery(
            "SELECT entry_id, direction, n, object, op, seen, by_user, data, created_at, seq"
                + " FROM changes WHERE peer = ? AND direction = 'out' AND seq IS NULL ORDER BY n")
        .bind(0, ours.reader().value())
        .map((rs, ctx) -> record(rs, ours))
        .list();
  }

  /** The change's arguments as a JSON object; Jackson writes a sorted map's names in its order. */
  static String data(ChangeEntry change) {
    try {
      return Json.mapper().writeValueAsString(change.data());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a change's arguments are strings, numbers and lists", e);
    }
  }

  private static ChangeRecord record(ResultSet rs, LogOrigin ours) throws SQLException {
    boolean incoming = rs.getString(2).equals("in");
    long seq = rs.getLong(10);
    boolean queued = rs.wasNull();
    ChangeEntry entry =
        new ChangeEntry(
            incoming ? ours.reversed() : ours,
            queued ? 0 : seq,
            MessageId.parse(rs.getString(1)),
            Rows.instant(rs.getLong(9)),
            rs.getString(4),
            rs.getString(5),
            rs.getLong(6),
            rs.getString(7),
            arguments(rs.getString(8)));
    return new ChangeRecord(entry, incoming, rs.getLong(3));
  }

  static SortedMap<String, Object> arguments(String json) {
    try {
      return Json.mapper().readValue(json, DATA);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored change's arguments do not read as JSON", e);
    }
  }

  /** A queued change, as the sequencer encodes it: read from its row. */
  static ChangeEntry queued(ResultSet rs, LogOrigin log, int first) throws SQLException {
    return new ChangeEntry(
        log,
        0,
        MessageId.parse(rs.getString(first)),
        Rows.instant(rs.getLong(first + 6)),
        rs.getString(first + 1),
        rs.getString(first + 2),
        rs.getLong(first + 3),
        rs.getString(first + 4),
        arguments(rs.getString(first + 5)));
  }
}
