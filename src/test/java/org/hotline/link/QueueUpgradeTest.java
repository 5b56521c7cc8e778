package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.hotline.Json;
import org.hotline.identity.LogOrigin;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.LinkTestEntry;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.StatusFlag;
import org.hotline.link.send.Sequencer;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database of the previous schema (version 6), whose queue rows hold each entry encoded with seq
 * 0, as the previous release wrote them, is upgraded by opening it, and its queued entries are then
 * sequenced at their real places with the bytes the previous release would have signed there, in
 * the format each was queued in.
 */
class QueueUpgradeTest {
  private static final LogOrigin LOG = LinkPair.usToCn();
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  @TempDir Path dir;

  @Test
  void queue_rows_of_the_previous_schema_are_sequenced_at_their_places_after_the_upgrade()
      throws SQLException {
    Path file = dir.resolve("us.db");
    Flyway.configure()
        .dataSource("jdbc:sqlite:" + file.toAbsolutePath(), null, null)
        .locations("classpath:db/migration/sqlite")
        .target("6")
        .load()
        .migrate();
    Draft flash =
        new Draft(
            LinkPair.CN,
            Precedence.FLASH,
            StatusFlag.EXERCISE,
            "Grüße \"quoted\"",
            "line one\n\tline two \uD83D\uDE00",
            "de",
            null);
    Draft routine = LinkPair.draft(Precedence.ROUTINE, "routine");
    MessageEntry forAnOldPeer = new MessageEntry(LOG, 0, id(1), T0.plusMillis(123), flash);
    MessageEntry missedMessage = new MessageEntry(LOG, 0, id(2), T0.plusSeconds(1), routine);
    DeadlineMissedEntry missed =
        new DeadlineMissedEntry(
            LOG,
            0,
            id(3),
            T0.plusSeconds(7200).plusNanos(456_789_000),
            missedMessage.id(),
            Precedence.ROUTINE,
            T0.plusSeconds(3601));
    ResponseEntry ack =
        new ResponseEntry(
            LOG,
            0,
            id(4),
            T0.plusSeconds(5).plusNanos(1_001_000),
            ResponseEntry.Kind.ACK,
            id(99),
            "duty officer",
            "on it");
    LinkTestEntry testWithMillis = new LinkTestEntry(LOG, 0, id(5), T0.plusMillis(9_007), 41);
    LinkTestEntry testOnTheSecond = new LinkTestEntry(LOG, 0, id(6), T0.plusSeconds(60), 42);

    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
      insertMessage(db, forAnOldPeer);
      queue(db, forAnOldPeer, Precedence.FLASH, EntryCodec.FORMAT_1);
      insertMessage(db, missedMessage);
      queue(db, missedMessage, Precedence.ROUTINE, EntryCodec.FORMAT_2);
      insert(
          db,
          "INSERT INTO deadline_misses (entry_id, message_id, deadline_at, at, direction)"
              + " VALUES (?, ?, ?, ?, 'out')",
          missed.id().toString(),
          missed.message().toString(),
          micros(missed.deadline()),
          micros(missed.created()));
      queue(db, missed, Precedence.ROUTINE, EntryCodec.FORMAT_2);
      insert(
          db,
          "INSERT INTO responses (entry_id, message_id, kind, by_user, note, at, direction)"
              + " VALUES (?, ?, 'ACK', ?, ?, ?, 'out')",
          ack.id().toString(),
          ack.message().toString(),
          ack.by(),
          ack.note(),
          micros(ack.created()));
      queue(db, ack, Precedence.ROUTINE, EntryCodec.FORMAT_2);
      queue(db, testWithMillis, Precedence.ROUTINE, EntryCodec.FORMAT_2);
      queue(db, testOnTheSecond, Precedence.ROUTINE, EntryCodec.FORMAT_1);
    }

    List<byte[]> signed = new ArrayList<>();
    try (SqliteStore store = SqliteStore.open(file, Json.mapper())) {
      Sequencer sequencer =
          new Sequencer(LinkPair.US, LinkPair.signer(LinkPair.US), store, new MutableClock(T0));
      assertThat(store.queuedCount(LinkPair.CN)).isEqualTo(6);

      // The FLASH message goes alone, in a batch of urgent entries; the rest follow.
      assertThat(sequencer.sequence(LinkPair.CN, 10)).isEqualTo(1);
      assertThat(sequencer.sequence(LinkPair.CN, 10)).isEqualTo(5);

      store.entries(LOG, 1, 6).forEach(entry -> signed.add(entry.bytes()));
      assertThat(store.queuedCount(LinkPair.CN)).isZero();
    }
    assertThat(signed)
        .containsExactly(
            EntryCodec.encode(forAnOldPeer.withSeq(1), EntryCodec.FORMAT_1),
            EntryCodec.encode(missedMessage.withSeq(2), EntryCodec.FORMAT_2),
            EntryCodec.encode(missed.withSeq(3), EntryCodec.FORMAT_2),
            EntryCodec.encode(ack.withSeq(4), EntryCodec.FORMAT_2),
            EntryCodec.encode(testWithMillis.withSeq(5), EntryCodec.FORMAT_2),
            EntryCodec.encode(testOnTheSecond.withSeq(6), EntryCodec.FORMAT_1));
  }

  private static MessageId id(int n) {
    return MessageId.parse(String.format("01a224b2-c74f-796f-ae82-%012d", n));
  }

  private static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
  }

  private static void insertMessage(Connection db, MessageEntry message) throws SQLException {
    Draft draft = message.draft();
    insert(
        db,
        "INSERT INTO messages (id, direction, peer, sender, recipient, log, seq, precedence_rank,"
            + " status, language, in_reply_to, subject, body, created_at, state, accepted_at,"
            + " deadline_at) VALUES (?, 'out', ?, ?, ?, '', NULL, ?, ?, ?, NULL, ?, ?, ?, 'QUEUED',"
            + " ?, ?)",
        message.id().toString(),
        LinkPair.CN.value(),
        LinkPair.US.value(),
        LinkPair.CN.value(),
        draft.precedence().rank(),
        draft.status().name(),
        draft.language(),
        draft.subject(),
        draft.body(),
        micros(message.created()),
        micros(message.created()),
        micros(message.created().plusSeconds(3600)));
  }

  /** A queue row as the previous release wrote it: the entry encoded with seq 0. */
  private static void queue(Connection db, Entry entry, Precedence precedence, int format)
      throws SQLException {
    insert(
        db,
        "INSERT INTO queue (peer, precedence_rank, entry_id, template) VALUES (?, ?, ?, ?)",
        LinkPair.CN.value(),
        precedence.rank(),
        entry.id().toString(),
        EntryCodec.encode(entry, format));
  }

  private static void insert(Connection db, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = db.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }
}
