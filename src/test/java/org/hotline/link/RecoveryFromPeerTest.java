package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.RecoveryEntry;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.health.Backoff;
import org.hotline.link.send.Dispatcher;
import org.hotline.store.sqlite.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Recovery} with two nodes' link parts in one JVM ({@link LinkPair}, real SQLite files): us
 * is copied (a backup), sends on in small batches, and a store opened on the copy recovers from
 * cn's record of us's log what the copy lacks. The transport goes straight to cn's store as its
 * federation port would serve it ({@link RecoveryPage#serve}).
 */
class RecoveryFromPeerTest {
  private static final LogOrigin LOG = LinkPair.usToCn();

  @TempDir Path dir;

  private LinkPair pair;
  private SqliteStore restored;
  private MapMark mark;

  /** A mark held in memory; unknown until set. */
  private static final class MapMark implements SignedMark {
    final Map<LogOrigin, Long> sizes = new HashMap<>();

    @Override
    public OptionalLong get(LogOrigin log) {
      Long size = sizes.get(log);
      return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    }

    @Override
    public void publish(LogOrigin log, long size) {
      sizes.computeIfPresent(log, (l, s) -> Math.max(s, size));
    }

    @Override
    public void reset(LogOrigin log, long size) {
      sizes.put(log, size);
    }
  }

  @BeforeEach
  void back_up_us_after_three_messages() {
    pair = new LinkPair(dir);
    pair.limits = new BatchLimits(4, 1);
    pair.deliver(Precedence.ROUTINE, "a", "b", "c");
    Path backup = dir.resolve("backup.db");
    pair.us.tamper("VACUUM INTO '" + backup + "'");
    restored = SqliteStore.open(backup, Json.mapper());
    mark = new MapMark();
  }

  @AfterEach
  void close() {
    restored.close();
    pair.close();
  }

  /** Sends every queued entry of us to cn, batch by batch. */
  private void deliverAll() {
    Dispatcher dispatcher = pair.dispatcher(Backoff.standard(new Random(1)));
    for (int round = 0; round < 100 && dispatcher.round(); round++) {
      // one batch a round
    }
    assertThat(pair.us.outbox().queued(LinkPair.CN)).isZero();
  }

  private Recovery recovery(PeerTransport transport) {
    return new Recovery(
        LinkPair.US,
        pair.us.signer,
        restored,
        restored,
        transport,
        mark,
        new org.hotline.link.receive.Receiver(
                LinkPair.US,
                pair.us.signer,
                restored,
                pair.clock,
                alarm -> {},
                new org.hotline.event.EventBus(pair.clock),
                AckDeadlines.DEFAULTS)
            ::accept,
        AckDeadlines.DEFAULTS,
        pair.clock,
        new Random(5));
  }

  @Test
  void the_entries_the_peer_stored_are_recovered_and_what_may_have_been_in_flight_declared_void() {
    List<MessageId> later = pair.submit(Precedence.ROUTINE, "d", "e", "f", "g", "h", "i", "j");
    List<MessageId> fromCn = pair.deliverToUs("call us");
    pair.us.outbox().respond(fromCn.get(0), ResponseEntry.Kind.ACK, "duty officer", "will do");
    deliverAll();
    long held = pair.cn.head(LOG).size();
    assertThat(held).isEqualTo(3 + 7 + 1);

    Recovery.Result result = recovery(pair.toCn).recover(LinkPair.CN);

    assertThat(result.restored()).isEqualTo(3);
    assertThat(result.peerHeld()).isEqualTo(held);
    assertThat(result.recovered()).isEqualTo(held - 3);
    assertThat(result.recoverySeq()).isEqualTo(held + 1);
    assertThat(result.markKnown()).isFalse();
    assertThat(result.signedUpTo()).isEqualTo(held + Recovery.UNRECEIPTED_MAX);
    LinkStore.LogHead head = restored.logHead(LOG).orElseThrow();
    assertThat(head.size()).isEqualTo(held + 1);
    assertThat(head.receiptedSize()).isEqualTo(held);
    assertThat(head.frontier()).isNotEmpty();
    for (MessageId id : later) {
      MessageRecord message = restored.message(id).orElseThrow();
      assertThat(message.state()).isEqualTo(MessageState.DELIVERED);
      assertThat(message.draft().subject()).isIn("d", "e", "f", "g", "h", "i", "j");
      assertThat(message.seq()).isBetween(4L, held);
      assertThat(message.deadline())
          .isEqualTo(
              AckDeadlines.DEFAULTS.dueAt(LinkPair.CN, Precedence.ROUTINE, message.created()));
    }
    assertThat(restored.responses(fromCn.get(0)))
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.kind()).isEqualTo(ResponseEntry.Kind.ACK);
              assertThat(answer.note()).isEqualTo("will do");
              assertThat(answer.incoming()).isFalse();
              assertThat(answer.seq()).isEqualTo(held);
            });
    // Every checkpoint recovered is the one the sequencer signed, and the tree gives its root.
    for (long size = 4; size <= held; size++) {
      assertThat(restored.checkpoint(LOG, size)).isEqualTo(pair.us.store.checkpoint(LOG, size));
    }
    assertThat(restored.entries(LOG, 1, held))
        .extracting(e -> new String(e.bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .containsExactlyElementsOf(
            pair.us.store.entries(LOG, 1, held).stream()
                .map(e -> new String(e.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .toList());
    var entry = EntryCodec.decode(restored.entries(LOG, held + 1, held + 1).get(0).bytes(), LOG);
    assertThat(entry).isInstanceOf(RecoveryEntry.class);
    RecoveryEntry recoveryEntry = (RecoveryEntry) entry;
    assertThat(recoveryEntry.restored()).isEqualTo(3);
    assertThat(recoveryEntry.signedUpTo()).isEqualTo(result.signedUpTo());
    assertThat(restored.checkpoint(LOG, held + 1)).isPresent();
    assertThat(mark.get(LOG)).hasValue(held + 1);
  }

  @Test
  void a_known_mark_gives_the_exact_void_range() {
    pair.submit(Precedence.ROUTINE, "d", "e");
    deliverAll();
    long held = pair.cn.head(LOG).size();
    mark.reset(LOG, held + 4);

    Recovery.Result result = recovery(pair.toCn).recover(LinkPair.CN);

    assertThat(result.markKnown()).isTrue();
    assertThat(result.signedUpTo()).isEqualTo(held + 4);
    assertThat(result.recoverySeq()).isEqualTo(held + 1);
  }

  @Test
  void with_nothing_lost_and_the_mark_known_there_is_nothing_to_recover_and_nothing_is_signed() {
    mark.reset(LOG, 3);

    assertThatThrownBy(() -> recovery(pair.toCn).recover(LinkPair.CN))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "nothing to recover: this node holds 3 entries of hotline/us/cn, all it has published"
                + " (3), and all it had received of cn's log; cn holds 3 of ours");
    assertThat(restored.logHead(LOG).orElseThrow().size()).isEqualTo(3);
  }

  @Test
  void what_the_backup_lacks_of_the_peers_log_is_fetched_again_and_answers_meet_their_messages() {
    List<MessageId> fromCn = pair.deliverToUs("after the backup", "and another");
    pair.us.outbox().respond(fromCn.get(0), ResponseEntry.Kind.ACK, "duty officer", "seen");
    deliverAll();
    long theirs = pair.us.head(LinkPair.cnToUs()).size();
    assertThat(restored.logHead(LinkPair.cnToUs())).isEmpty();

    Recovery.Result result = recovery(pair.toCn).recover(LinkPair.CN);

    assertThat(result.mirrored()).isEqualTo(theirs);
    assertThat(restored.logHead(LinkPair.cnToUs()).orElseThrow().size()).isEqualTo(theirs);
    assertThat(restored.message(fromCn.get(0)).orElseThrow().answer())
        .as("our acknowledgement, recovered from our log, meets cn's message")
        .isEqualTo(MessageAnswer.ACKNOWLEDGED);
    assertThat(restored.message(fromCn.get(1)).orElseThrow().answer()).isNull();
  }

  @Test
  void a_peer_that_serves_another_history_of_its_own_log_than_we_cosigned_is_refused() {
    pair.deliverToUs("after the backup", "and another");
    deliverAll();
    assertThat(
            pair.cn.tamper(
                "UPDATE log_entries SET entry = replace(entry, CAST('Body' AS BLOB),"
                    + " CAST('BODY' AS BLOB)) WHERE log = ? AND seq = 1",
                LinkPair.cnToUs().text()))
        .isEqualTo(1);

    assertThatThrownBy(() -> recovery(pair.toCn).recover(LinkPair.CN))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("that do not give the root of its checkpoint for size 2");

    assertThat(restored.logHead(LinkPair.cnToUs())).as("nothing of it stored").isEmpty();
    assertThat(restored.logHead(LOG).orElseThrow().size())
        .as("our own log recovered, with its recovery entry, before cn's was fetched")
        .isEqualTo(pair.cn.head(LOG).size() + 1);
    assertThat(mark.get(LOG)).isPresent();
  }

  @Test
  void
      with_nothing_lost_but_the_mark_unknown_the_recovery_entry_declares_what_may_have_been_in_flight() {
    Recovery.Result result = recovery(pair.toCn).recover(LinkPair.CN);

    assertThat(result.recovered()).isZero();
    assertThat(result.peerHeld()).isEqualTo(3);
    assertThat(result.recoverySeq()).isEqualTo(4);
    assertThat(result.signedUpTo()).isEqualTo(3 + Recovery.UNRECEIPTED_MAX);
    assertThat(restored.logHead(LOG).orElseThrow().size()).isEqualTo(4);
  }

  @Test
  void a_recovery_cut_short_before_its_mark_was_reset_is_finished_by_running_it_again() {
    pair.submit(Precedence.ROUTINE, "d", "e");
    deliverAll();
    long held = pair.cn.head(LOG).size();
    mark.reset(LOG, held + 4);
    Recovery.Result first = recovery(pair.toCn).recover(LinkPair.CN);
    mark.reset(LOG, held + 4); // the crash: the recovery entry is stored, the mark not yet reset

    Recovery.Result again = recovery(pair.toCn).recover(LinkPair.CN);

    assertThat(again.recoverySeq()).isEqualTo(first.recoverySeq());
    assertThat(again.signedUpTo()).isEqualTo(held + 4);
    assertThat(again.recovered()).isZero();
    assertThat(restored.logHead(LOG).orElseThrow().size()).isEqualTo(first.recoverySeq());
    assertThat(mark.get(LOG)).hasValue(first.recoverySeq());
  }

  @Test
  void with_the_mark_unknown_a_second_recovery_signs_a_second_entry_rather_than_trust_the_first() {
    Recovery.Result first = recovery(pair.toCn).recover(LinkPair.CN);
    mark.sizes.clear(); // restored again: what was signed after the first recovery is unknown

    Recovery.Result again = recovery(pair.toCn).recover(LinkPair.CN);

    assertThat(again.recoverySeq()).isEqualTo(first.recoverySeq() + 1);
    assertThat(restored.logHead(LOG).orElseThrow().size()).isEqualTo(first.recoverySeq() + 1);
  }

  @Test
  void a_node_that_holds_more_than_the_peer_keeps_it_and_signs_its_recovery_entry_after_it() {
    restored.close();
    pair.submit(Precedence.ROUTINE, "d", "e");
    assertThat(pair.us.sequencer.sequence(LinkPair.CN, 10)).isEqualTo(2); // signed, never sent
    Path ahead = dir.resolve("ahead.db");
    pair.us.tamper("VACUUM INTO '" + ahead + "'");
    restored = SqliteStore.open(ahead, Json.mapper());

    Recovery.Result result = recovery(pair.toCn).recover(LinkPair.CN);

    assertThat(result.restored()).isEqualTo(5);
    assertThat(result.peerHeld()).isEqualTo(3);
    assertThat(result.recovered()).isZero();
    assertThat(result.recoverySeq()).isEqualTo(6);
    assertThat(result.signedUpTo()).isEqualTo(3 + Recovery.UNRECEIPTED_MAX);
  }

  @Test
  void a_peer_whose_copy_contradicts_what_this_node_holds_beyond_it_is_refused() {
    restored.close();
    pair.submit(Precedence.ROUTINE, "d", "e");
    pair.us.sequencer.sequence(LinkPair.CN, 10);
    Path ahead = dir.resolve("ahead.db");
    pair.us.tamper("VACUUM INTO '" + ahead + "'");
    restored = SqliteStore.open(ahead, Json.mapper());
    try (var connection =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + ahead.toAbsolutePath());
        var statement =
            connection.prepareStatement("DELETE FROM checkpoints WHERE log = ? AND size = 3")) {
      statement.setString(1, LOG.text());
      statement.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }

    assertThatThrownBy(() -> recovery(pair.toCn).recover(LinkPair.CN))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining(
            "holds our checkpoint for size 3, which this node's record of 5" + " entries lacks");
  }

  @Test
  void a_forged_entry_is_refused_put_on_record_and_nothing_of_its_batch_is_stored() {
    pair.submit(Precedence.ROUTINE, "d", "e", "f", "g", "h", "i", "j");
    deliverAll();
    long forged = 8;
    assertThat(
            pair.cn.tamper(
                "UPDATE log_entries SET entry = replace(entry, CAST('Body of h' AS BLOB),"
                    + " CAST('Body of H' AS BLOB)) WHERE log = ? AND seq = ?",
                LOG.text(),
                forged))
        .isEqualTo(1);

    assertThatThrownBy(() -> recovery(pair.toCn).recover(LinkPair.CN))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "recovery refused: cn served entries 8..10 that do not give the root of our checkpoint"
                + " for size 10 (recovery of hotline/us/cn)");

    assertThat(restored.logHead(LOG).orElseThrow().size()).isEqualTo(7);
    assertThat(restored.securityEvents(10))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.kind()).isEqualTo(SecurityEvent.Kind.BAD_RECOVERY);
              assertThat(event.peer()).isEqualTo("cn");
              assertThat(event.evidence()).contains("first_seq: 8").contains("entry: ");
            });
    assertThat(mark.get(LOG)).isEmpty();
  }

  @Test
  void a_receipt_the_peer_did_not_cosign_is_refused() {
    pair.submit(Precedence.ROUTINE, "d");
    deliverAll();
    LinkPair.Direct transport = pair.toCn;
    PeerTransport unsigned =
        new UnusedTransport() {
          @Override
          public java.util.Optional<PeerCapabilities> capabilities(Peer peer) {
            return transport.capabilities(peer);
          }

          @Override
          public RecoveryPage recoveryPage(Peer peer, String log, long after) {
            RecoveryPage page = transport.recoveryPage(peer, log, after);
            String withoutCosignature =
                page.checkpoint().substring(0, page.checkpoint().lastIndexOf("— hotline/cn"));
            return new RecoveryPage(
                page.log(),
                page.size(),
                withoutCosignature,
                page.firstSeq(),
                page.entries(),
                page.receipt());
          }
        };

    assertThatThrownBy(() -> recovery(unsigned).recover(LinkPair.CN))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("without its valid cosignature");
    assertThat(restored.logHead(LOG).orElseThrow().size()).isEqualTo(3);
  }

  @Test
  void a_peer_that_does_not_read_recovery_entries_is_not_recovered_from() {
    PeerTransport older =
        new UnusedTransport() {
          @Override
          public java.util.Optional<PeerCapabilities> capabilities(Peer peer) {
            return java.util.Optional.empty();
          }
        };

    assertThatThrownBy(() -> recovery(older).recover(LinkPair.CN))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "cn's node does not read recovery entries (it predates them): it must be upgraded"
                + " before this node can recover from it");
    assertThat(restored.logHead(LOG).orElseThrow().size()).isEqualTo(3);
    assertThat(restored.securityEvents(10)).isEmpty();
  }

  @Test
  void an_unknown_peer_is_refused() {
    assertThatThrownBy(() -> recovery(pair.toCn).recover(PartyId.of("fr")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no peer fr is paired");
  }
}
