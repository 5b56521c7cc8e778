package org.hotline.link.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.identity.LogOrigin;
import org.hotline.link.BatchLimits;
import org.hotline.link.LinkPair;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageRecord;
import org.hotline.link.MessageState;
import org.hotline.link.SecurityEvent;
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
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.SignedNote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * us's real {@link Sequencer} placing messages queued by its real outbox into its log to cn, on a
 * real SQLite store.
 */
class SequencerTest {
  @TempDir Path dir;
  private LinkPair pair;
  private Sequencer sequencer;
  private final LogOrigin log = LinkPair.usToCn();

  @BeforeEach
  void open() {
    pair = new LinkPair(dir);
    sequencer = pair.us.sequencer;
  }

  @AfterEach
  void close() {
    pair.close();
  }

  private List<MessageRecord> placed() {
    List<MessageRecord> out = new ArrayList<>();
    for (LinkStore.StoredEntry entry : pair.us.store.entries(log, 1, pair.us.head(log).size())) {
      out.add(pair.us.store.message(entry.entryId()).orElseThrow());
    }
    return out;
  }

  @Test
  void the_most_urgent_queued_message_takes_the_next_number() {
    pair.submit(Precedence.ROUTINE, "routine 1", "routine 2");
    pair.submit(Precedence.PRIORITY, "priority");
    pair.submit(Precedence.FLASH, "flash");

    // A batch that starts with a FLASH entry holds only urgent entries; the rest follow.
    assertThat(sequencer.sequence(LinkPair.CN, 10)).isEqualTo(1);
    assertThat(sequencer.sequence(LinkPair.CN, 10)).isEqualTo(3);

    assertThat(placed())
        .extracting(m -> m.draft().subject())
        .containsExactly("flash", "priority", "routine 1", "routine 2");
    assertThat(placed()).extracting(MessageRecord::seq).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void numbers_are_consecutive_across_batches_and_each_entry_carries_its_own() {
    pair.submit(Precedence.ROUTINE, "a", "b", "c");
    assertThat(sequencer.sequence(LinkPair.CN, 2)).isEqualTo(2);
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isEqualTo(1);
    pair.submit(Precedence.ROUTINE, "d");
    assertThat(sequencer.sequence(LinkPair.CN, 10)).isEqualTo(2);

    List<LinkStore.StoredEntry> entries = pair.us.store.entries(log, 1, 4);
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = EntryCodec.decode(entries.get(i).bytes());
      assertThat(entry.seq()).isEqualTo(i + 1);
      assertThat(entry.log()).isEqualTo(log);
      assertThat(entries.get(i).entryId()).isEqualTo(entry.id());
    }
    assertThat(placed()).extracting(m -> m.draft().subject()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void one_checkpoint_signed_by_the_writer_is_stored_per_batch_for_its_end() {
    pair.submit(Precedence.ROUTINE, "a", "b", "c");
    sequencer.sequence(LinkPair.CN, 2);
    sequencer.sequence(LinkPair.CN, 2);

    assertThat(pair.us.store.checkpoint(log, 1)).isEmpty();
    assertThat(pair.us.store.nextCheckpointSize(log, 0)).hasValue(2);
    assertThat(pair.us.store.nextCheckpointSize(log, 2)).hasValue(3);
    SignedNote note = SignedNote.parse(pair.us.store.checkpoint(log, 3).orElseThrow());
    assertThat(note.verifiedBy(pair.us.signer.verifier())).isTrue();
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    assertThat(checkpoint.origin()).isEqualTo(log.text());
    assertThat(checkpoint.size()).isEqualTo(3);
    List<byte[]> bytes =
        pair.us.store.entries(log, 1, 3).stream().map(LinkStore.StoredEntry::bytes).toList();
    assertThat(checkpoint.root()).isEqualTo(LinkPair.root(bytes));
  }

  @Test
  void placed_messages_are_sent_at_the_clock_time_and_leave_the_queue() {
    List<MessageId> ids = pair.submit(Precedence.ROUTINE, "a");
    pair.clock.advance(Duration.ofSeconds(9));
    sequencer.sequence(LinkPair.CN, 5);
    MessageRecord message = pair.us.store.message(ids.get(0)).orElseThrow();
    assertThat(message.state()).isEqualTo(MessageState.SENT);
    assertThat(message.sentAt()).isEqualTo(pair.clock.instant());
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isZero();
    assertThat(sequencer.sequence(LinkPair.CN, 5)).isZero();
    assertThat(pair.us.head(log).size()).isEqualTo(1);
  }

  @Test
  void sequencing_keeps_the_receipted_size() {
    pair.submit(Precedence.ROUTINE, "a");
    sequencer.sequence(LinkPair.CN, 5);
    pair.us.store.write(
        writes -> {
          LinkStore.LogHead head = writes.logHead(log).orElseThrow();
          writes.putLogHead(log, new LinkStore.LogHead(head.size(), head.frontier(), 1));
          return null;
        });
    pair.submit(Precedence.ROUTINE, "b");
    sequencer.sequence(LinkPair.CN, 5);
    assertThat(pair.us.head(log).size()).isEqualTo(2);
    assertThat(pair.us.head(log).receiptedSize()).isEqualTo(1);
  }

  @Test
  void a_batch_stops_before_the_entry_that_would_pass_the_byte_limit() {
    String body = "x".repeat(Draft.BODY_BYTES_MAX);
    List<Draft> drafts = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      drafts.add(
          new Draft(
              LinkPair.CN, Precedence.ROUTINE, StatusFlag.TEST, "big " + i, body, "en", null));
    }
    pair.us.outbox().submit(drafts);

    int placed = sequencer.sequence(LinkPair.CN, 100);

    List<LinkStore.StoredEntry> entries = pair.us.store.entries(log, 1, placed);
    long bytes = entries.stream().mapToLong(e -> e.bytes().length).sum();
    long entryBytes = entries.get(0).bytes().length;
    assertThat(placed).isLessThan(70);
    assertThat(bytes).isLessThanOrEqualTo(BatchLimits.BYTES_MAX);
    assertThat(bytes + entryBytes).isGreaterThan(BatchLimits.BYTES_MAX);
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isEqualTo(70 - placed);
    assertThat(pair.us.store.nextCheckpointSize(log, 0)).hasValue(placed);
  }

  @Test
  void a_single_entry_is_placed_whatever_its_size() {
    pair.us
        .outbox()
        .submit(
            List.of(
                new Draft(
                    LinkPair.CN,
                    Precedence.ROUTINE,
                    StatusFlag.TEST,
                    "big",
                    "x".repeat(Draft.BODY_BYTES_MAX),
                    "en",
                    null)));
    assertThat(sequencer.sequence(LinkPair.CN, 1)).isEqualTo(1);
  }

  @Test
  void on_an_idle_link_the_accepting_transaction_sequences_the_entries_and_otherwise_they_queue() {
    java.util.concurrent.atomic.AtomicBoolean ready =
        new java.util.concurrent.atomic.AtomicBoolean();
    pair.us
        .outbox()
        .sequenceWhenIdle(pair.us.sequencer, () -> new BatchLimits(10, 3), peer -> ready.get());

    // The dispatcher is not ready (the peer down, say): entries queue, so urgency can still order
    // them.
    pair.submit(Precedence.ROUTINE, "queued");
    assertThat(pair.us.head(log).size()).isZero();
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isEqualTo(1);
    pair.us.outbox().sequenced(LinkPair.CN, pair.us.sequencer.sequence(LinkPair.CN, 10));
    pair.us.store.write(
        writes -> {
          LinkStore.LogHead head = writes.logHead(log).orElseThrow();
          writes.putLogHead(log, new LinkStore.LogHead(head.size(), head.frontier(), head.size()));
          return null;
        });

    ready.set(true);

    pair.submit(Precedence.ROUTINE, "first", "second");
    assertThat(pair.us.head(log).size()).isEqualTo(3);
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isZero();
    assertThat(pair.us.outbox().queued(LinkPair.CN)).isZero();
    assertThat(placed()).extracting(MessageRecord::state).containsOnly(MessageState.SENT);

    // Two entries are sent and not yet receipted: the next one queues for the dispatcher.
    pair.submit(Precedence.FLASH, "third");
    assertThat(pair.us.head(log).size()).isEqualTo(3);
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isEqualTo(1);
    assertThat(pair.us.outbox().queued(LinkPair.CN)).isEqualTo(1);
  }

  @Test
  void on_an_idle_link_an_acknowledgement_is_sequenced_in_the_transaction_that_accepts_it() {
    MessageId received = pair.deliverToUs("to acknowledge").get(0);
    pair.us.outbox().sequenceWhenIdle(pair.us.sequencer, () -> BatchLimits.DEFAULT, peer -> true);

    pair.us.outbox().respond(received, ResponseEntry.Kind.ACK, "duty", "on it");

    assertThat(pair.us.head(log).size()).isEqualTo(1);
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isZero();
    assertThat(pair.us.outbox().queued(LinkPair.CN)).isZero();
    Entry ack = EntryCodec.decode(pair.us.store.entries(log, 1, 1).get(0).bytes());
    assertThat(((ResponseEntry) ack).message()).isEqualTo(received);
  }

  @Test
  void every_kind_of_entry_is_encoded_at_its_real_place_and_no_unplaced_bytes_are_stored() {
    MessageId received = pair.deliverToUs("to answer").get(0);
    pair.us.outbox().respond(received, ResponseEntry.Kind.ACK, "duty", "on it");
    MessageId sent = pair.submit(Precedence.IMMEDIATE, "with a deadline").get(0);
    assertThat(pair.us.outbox().recordDeadlineMissed(sent)).isTrue();
    pair.us.outbox().queueLinkTest(LinkPair.CN, 7);
    assertThat(storedValuesHolding(SEQ_ZERO)).as("while queued").isEmpty();
    List<LinkStore.QueuedEntry> queued = pair.us.store.write(writes -> writes.nextQueued(log, 10));

    // The IMMEDIATE message and its deadline-missed statement go first, in a batch of their own.
    assertThat(sequencer.sequence(LinkPair.CN, 10)).isEqualTo(2);
    assertThat(sequencer.sequence(LinkPair.CN, 10)).isEqualTo(2);

    List<LinkStore.StoredEntry> stored = pair.us.store.entries(log, 1, 4);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      Entry placed = queued.get(i).entry().withSeq(i + 1);
      assertThat(stored.get(i).bytes())
          .isEqualTo(EntryCodec.encode(placed, EntryCodec.FORMAT_VERSION));
      entries.add(EntryCodec.decode(stored.get(i).bytes()));
    }
    assertThat(entries).extracting(Entry::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(entries)
        .extracting(Entry::id)
        .containsExactlyElementsOf(queued.stream().map(LinkStore.QueuedEntry::entryId).toList());
    assertThat(entries.get(0)).isInstanceOf(MessageEntry.class);
    assertThat(((MessageEntry) entries.get(0)).draft().subject()).isEqualTo("with a deadline");
    assertThat(((DeadlineMissedEntry) entries.get(1)).message()).isEqualTo(sent);
    assertThat(((ResponseEntry) entries.get(2)).message()).isEqualTo(received);
    assertThat(((ResponseEntry) entries.get(2)).note()).isEqualTo("on it");
    assertThat(((LinkTestEntry) entries.get(3)).number()).isEqualTo(7);
    assertThat(storedValuesHolding(SEQ_ZERO)).as("once sequenced").isEmpty();
  }

  @Test
  void each_entry_is_written_in_the_format_chosen_for_the_peer_when_it_was_queued() {
    pair.us.outbox().useFormats(peer -> EntryCodec.FORMAT_1);
    pair.submit(Precedence.ROUTINE, "while cn read format 1 only");
    pair.us.outbox().useFormats(peer -> EntryCodec.FORMAT_2);
    pair.submit(Precedence.ROUTINE, "after cn upgraded");

    assertThat(sequencer.sequence(LinkPair.CN, 10)).isEqualTo(2);

    assertThat(pair.us.store.entries(log, 1, 2))
        .extracting(e -> new String(e.bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .satisfiesExactly(
            first -> assertThat(first).startsWith("{\"v\":1,"),
            second -> assertThat(second).startsWith("{\"v\":2,"));
  }

  @Test
  void an_entry_that_fails_the_reader_at_sequencing_is_not_signed_and_the_queue_goes_on() {
    List<MessageId> ids = pair.submit(Precedence.ROUTINE, "a", "b", "c", "d");
    // Admission and the outbox's check keep U+0001 out of format 2; only a changed row gets here.
    pair.us.tamper(
        "UPDATE messages SET body = 'bad ' || char(1) WHERE id IN (?, ?)",
        ids.get(0).toString(),
        ids.get(1).toString());

    assertThat(sequencer.sequence(LinkPair.CN, 2))
        .as("two refused, two placed: all four left the queue")
        .isEqualTo(4);

    assertThat(placed()).extracting(m -> m.draft().subject()).containsExactly("c", "d");
    assertThat(placed()).extracting(MessageRecord::seq).containsExactly(1L, 2L);
    assertThat(pair.us.store.nextCheckpointSize(log, 0)).hasValue(2);
    assertThat(pair.us.store.queuedCount(LinkPair.CN)).isZero();
    for (MessageId refused : ids.subList(0, 2)) {
      MessageRecord message = pair.us.store.message(refused).orElseThrow();
      assertThat(message.state()).isEqualTo(MessageState.QUEUED);
      assertThat(pair.us.store.securityEvents(10))
          .filteredOn(e -> e.kind() == SecurityEvent.Kind.UNSIGNABLE_ENTRY)
          .anySatisfy(
              e -> {
                assertThat(e.peer()).isEqualTo(LinkPair.CN.value());
                assertThat(e.detail()).contains(refused.toString(), "control character");
              });
    }
    assertThat(sequencer.sequence(LinkPair.CN, 2)).isZero();
  }

  private static final String SEQ_ZERO = "\"seq\":0";

  /**
   * Where us's database holds {@code text} in the bytes of a stored value: every column of every
   * table, as "table.column: n rows".
   */
  private List<String> storedValuesHolding(String text) {
    List<String> found = new ArrayList<>();
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + pair.us.file.toAbsolutePath());
        java.sql.Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (java.sql.ResultSet rs =
          statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        List<String> columns = new ArrayList<>();
        try (java.sql.ResultSet rs =
            statement.executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
          while (rs.next()) {
            columns.add(rs.getString(1));
          }
        }
        for (String column : columns) {
          try (java.sql.PreparedStatement query =
              connection.prepareStatement(
                  "SELECT count(*) FROM \""
                      + table
                      + "\" WHERE instr(CAST(\""
                      + column
                      + "\" AS BLOB), CAST(? AS BLOB)) > 0")) {
            query.setString(1, text);
            try (java.sql.ResultSet rs = query.executeQuery()) {
              if (rs.next() && rs.getLong(1) > 0) {
                found.add(table + "." + column + ": " + rs.getLong(1) + " rows");
              }
            }
          }
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }
}
