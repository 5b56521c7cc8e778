package org.hotline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.hotline.ConflictException;
import org.hotline.Json;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.Links;
import org.hotline.link.MessageState;
import org.hotline.link.Recovery;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.link.entry.StatusFlag;
import org.hotline.record.RecordVerifier;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery from the peer (docs/operations.md §10.7), with two real nodes over mutual TLS on
 * loopback and real SQLite files: {@code us} is backed up, sends on, is stopped, restored from the
 * backup into a new directory, and recovers its log from {@code cn}.
 */
@Tag("slow")
class RecoveryTest {
  private static final PartyId US = PartyId.of("us");
  private static final PartyId CN = PartyId.of("cn");
  private static final LogOrigin OURS = new LogOrigin(US, CN);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  /** What {@link #restoredBehindThePeer} left: the restored directory and what was sent. */
  private record Scenario(
      Path original,
      Path restored,
      NodeHome cn,
      long backedUp,
      long written,
      List<MessageId> sentAfterBackup,
      MessageId answeredAfterBackup) {}

  @Test
  void a_node_restored_from_a_backup_taken_before_1000_more_messages_recovers_them_from_the_peer()
      throws Exception {
    Scenario scenario = restoredBehindThePeer(1_000);
    try (Node cn = Nodes.start(scenario.cn())) {
      // Started before recovering, the restored node signs nothing: a message stays queued.
      MessageId queued;
      try (Node us = Nodes.start(NodeHome.open(scenario.restored()))) {
        queued = send(us, 1).get(0);
        await(
            () -> hasEvent(us.links(), SecurityEvent.Kind.SIGNING_HALTED),
            "the restored node halts signing");
        assertThat(us.links().requireMessage(queued).state()).isEqualTo(MessageState.QUEUED);
        assertThat(logSize(us.links())).isEqualTo(scenario.backedUp());
      }

      Recovery.Result result =
          Recoveries.recover(scenario.restored(), CN, null, List.of(), Clock.systemUTC());
      assertThat(result.restored()).isEqualTo(scenario.backedUp());
      assertThat(result.peerHeld()).isEqualTo(scenario.written());
      assertThat(result.recovered()).isEqualTo(scenario.written() - scenario.backedUp());
      assertThat(result.recoverySeq()).isEqualTo(scenario.written() + 1);
      assertThat(result.markKnown()).isFalse();
      assertThat(result.signedUpTo()).isEqualTo(scenario.written() + Recovery.UNRECEIPTED_MAX);

      try (Node us = Nodes.start(NodeHome.open(scenario.restored()))) {
        await(
            () -> us.links().requireMessage(queued).state() == MessageState.DELIVERED,
            "the message queued before the recovery is delivered after it");
        await(
            () -> mirrored(us.links(), cn.links()),
            "cn sends again what the restored node lacked of its log");
        for (MessageId id : scenario.sentAfterBackup()) {
          assertThat(us.links().requireMessage(id).state()).isEqualTo(MessageState.DELIVERED);
        }
        // cn's message came back after our answer to it: it shows as answered.
        assertThat(us.links().requireMessage(scenario.answeredAfterBackup()).answer())
            .isEqualTo(org.hotline.link.MessageAnswer.ACKNOWLEDGED);
        await(
            () -> hasEvent(cn.links(), SecurityEvent.Kind.PEER_RECOVERED),
            "cn puts the recovery on record");
        assertThat(us.links().exchangeCheckpoints(CN)).isEmpty();
        assertThat(cn.links().exchangeCheckpoints(US)).isEmpty();
        assertThat(events(us.links(), SecurityEvent.Kind.DIVERGENCE)).isZero();
        assertThat(events(cn.links(), SecurityEvent.Kind.DIVERGENCE)).isZero();
      }
    }
    assertVerifies(scenario.restored());
    assertVerifies(scenario.cn().dir());
  }

  @Test
  void a_node_that_lost_its_database_and_its_mark_recovers_with_only_its_keys_and_the_peers_card()
      throws Exception {
    Scenario scenario = restoredBehindThePeer(300);
    Path keysOnly = Files.createDirectory(dir.resolve("us-keys-only"));
    for (String file :
        List.of(
            NodeHome.CONFIG,
            NodeHome.SIGNING_KEY,
            NodeHome.TLS_KEY,
            NodeHome.TLS_CERTIFICATE,
            NodeHome.API_TOKEN)) {
      Files.copy(scenario.original().resolve(file), keysOnly.resolve(file));
    }
    assertThatThrownBy(() -> Recoveries.recover(keysOnly, CN, null, List.of(), Clock.systemUTC()))
        .hasMessageContaining("has no database: restore the latest backup first");
    try (Node cn = Nodes.start(scenario.cn())) {
      Recovery.Result result =
          Recoveries.recover(
              keysOnly,
              CN,
              scenario.cn().card(),
              List.of(Nodes.endpoint(scenario.cn())),
              Clock.systemUTC());
      assertThat(result.restored()).isZero();
      assertThat(result.recovered()).isEqualTo(scenario.written());
      assertThat(result.markKnown()).isFalse();
      try (Node us = Nodes.start(NodeHome.open(keysOnly))) {
        await(() -> mirrored(us.links(), cn.links()), "cn sends its whole log again");
        MessageId after = send(us, 1).get(0);
        await(
            () -> us.links().requireMessage(after).state() == MessageState.DELIVERED,
            "a message sent after the recovery is delivered");
        for (MessageId id : scenario.sentAfterBackup()) {
          assertThat(us.links().requireMessage(id).state()).isEqualTo(MessageState.DELIVERED);
        }
        assertThat(us.links().exchangeCheckpoints(CN)).isEmpty();
      }
    }
    assertVerifies(keysOnly);
    assertVerifies(scenario.cn().dir());
  }

  @Test
  void a_recovered_message_whose_deadline_passed_is_not_declared_missed_by_the_recovered_node()
      throws Exception {
    Scenario scenario = restoredBehindThePeer(0);
    MessageId flash;
    try (Node us = Nodes.start(NodeHome.open(scenario.original()));
        Node cn = Nodes.start(scenario.cn())) {
      flash =
          us.links()
              .outbox()
              .submit(
                  List.of(
                      new Draft(
                          CN, Precedence.FLASH, StatusFlag.EXERCISE, "flash", "now", "en", null)))
              .get(0)
              .id();
      await(() -> cn.links().message(flash).isPresent(), "cn has the FLASH message");
      cn.links().outbox().respond(flash, ResponseEntry.Kind.ACK, "duty officer", "seen");
      await(
          () ->
              us.links().requireMessage(flash).answer()
                  == org.hotline.link.MessageAnswer.ACKNOWLEDGED,
          "the acknowledgement is back");
      await(() -> delivered(us.links()), "everything is delivered");
    }
    try (Node cn = Nodes.start(scenario.cn())) {
      Recoveries.recover(scenario.restored(), CN, null, List.of(), Clock.systemUTC());
    }
    org.hotline.testing.MutableClock later =
        new org.hotline.testing.MutableClock(java.time.Instant.now().plus(Duration.ofHours(2)));
    try (Node us = Nodes.start(NodeHome.open(scenario.restored()), later)) {
      var first = us.watch().tick();
      var second = us.watch().tick();
      assertThat(List.of(first, second)).doesNotContainNull();
      assertThat(us.links().requireMessage(flash).deadlineMissedAt()).isNull();
      assertThat(us.links().requireMessage(flash).state()).isEqualTo(MessageState.DELIVERED);
    }
  }

  @Test
  void a_peer_that_serves_a_forged_entry_is_refused_and_put_on_record() throws Exception {
    Scenario scenario = restoredBehindThePeer(300);
    long forged = scenario.backedUp() + 200;
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + scenario.cn().database());
        PreparedStatement update =
            db.prepareStatement(
                "UPDATE log_entries SET entry = replace(entry, CAST('routine' AS BLOB),"
                    + " CAST('ROUTINE' AS BLOB)) WHERE log = ? AND seq = ?")) {
      update.setString(1, OURS.text());
      update.setLong(2, forged);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    assertRefused(scenario, forged, "do not give the root");
  }

  @Test
  void a_peer_that_serves_fewer_entries_than_it_signed_is_refused_and_put_on_record()
      throws Exception {
    Scenario scenario = restoredBehindThePeer(300);
    long kept = scenario.backedUp() + 100;
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + scenario.cn().database());
        PreparedStatement delete =
            db.prepareStatement("DELETE FROM log_entries WHERE log = ? AND seq > ?")) {
      delete.setString(1, OURS.text());
      delete.setLong(2, kept);
      assertThat(delete.executeUpdate()).isPositive();
    }
    assertRefused(scenario, kept + 1, "");
  }

  /** Recovery from the tampered peer fails; nothing from {@code firstBad} on is stored. */
  private void assertRefused(Scenario scenario, long firstBad, String why) throws Exception {
    try (Node cn = Nodes.start(scenario.cn())) {
      assertThatThrownBy(
              () -> Recoveries.recover(scenario.restored(), CN, null, List.of(), Clock.systemUTC()))
          .isInstanceOf(ConflictException.class)
          .hasMessageStartingWith("recovery refused: cn ")
          .hasMessageContaining(why);
    }
    try (SqliteStore store =
        SqliteStore.open(NodeHome.open(scenario.restored()).database(), Json.mapper())) {
      long size = store.logHead(OURS).orElseThrow().size();
      assertThat(size).isLessThan(firstBad).isGreaterThanOrEqualTo(scenario.backedUp());
      assertThat(store.securityEvents(100))
          .anySatisfy(
              event -> {
                assertThat(event.kind()).isEqualTo(SecurityEvent.Kind.BAD_RECOVERY);
                assertThat(event.evidence()).contains("receipt:");
              });
    }
    // The restored node still signs nothing: its mark is unknown until a recovery succeeds.
    assertThat(MarkFile.open(scenario.restored()).get(OURS)).isEmpty();
    assertVerifies(scenario.restored());
  }

  /**
   * us and cn exchange messages; us is backed up; us sends {@code more} messages and answers one of
   * cn's that came after the backup; everything is delivered; us is stopped, and its backup is
   * restored into a new directory.
   */
  private Scenario restoredBehindThePeer(int more) throws Exception {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Path archive = dir.resolve("us.backup");
    long backedUp;
    List<MessageId> sentAfter;
    MessageId answered;
    try (Node us = Nodes.start(usHome);
        Node cn = Nodes.start(cnHome)) {
      Nodes.pair(us, cn);
      send(us, 20);
      MessageId early = send(cn, 1).get(0);
      await(() -> delivered(us.links()) && delivered(cn.links()), "the first messages arrive");
      us.links().outbox().respond(early, ResponseEntry.Kind.ACK, "duty officer", "seen");
      await(() -> delivered(us.links()), "the answer arrives");
      Backups.backup(usHome.dir(), archive, false, Clock.systemUTC());
      try (SqliteStore copy = SqliteStore.open(usHome.database(), Json.mapper())) {
        backedUp = logSize(copy);
      }
      sentAfter = new ArrayList<>();
      for (int sent = 0; sent < more; sent += 250) {
        sentAfter.addAll(send(us, Math.min(250, more - sent)));
      }
      answered = send(cn, 1).get(0);
      await(() -> us.links().message(answered).isPresent(), "cn's later message arrives");
      us.links().outbox().respond(answered, ResponseEntry.Kind.ACK, "duty officer", "on it");
      await(
          () -> delivered(us.links()) && delivered(cn.links()) && mirrored(us.links(), cn.links()),
          "everything is delivered");
      assertThat(backedUp).isLessThan(logSize(us.links()));
    }
    long written;
    try (SqliteStore store = SqliteStore.open(usHome.database(), Json.mapper())) {
      written = logSize(store);
    }
    Path restored = dir.resolve("us-restored");
    Backups.restore(archive, restored, null);
    return new Scenario(usHome.dir(), restored, cnHome, backedUp, written, sentAfter, answered);
  }

  private static List<MessageId> send(Node node, int count) {
    PartyId to = node.home().party().equals(US) ? CN : US;
    List<Draft> drafts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      drafts.add(
          new Draft(
              to,
              Precedence.ROUTINE,
              StatusFlag.EXERCISE,
              "routine report " + i,
              "nothing to report",
              "en",
              null));
    }
    return node.links().outbox().submit(drafts).stream().map(a -> a.id()).toList();
  }

  /** Everything this node wrote to its peer is receipted. */
  private static boolean delivered(Links links) {
    Links.LinkStatus status = links.status().get(0);
    return status.queued() == 0 && status.deliveredUpTo() == status.sent() && status.sent() > 0;
  }

  /** {@code us} holds all of {@code cn}'s log to it. */
  private static boolean mirrored(Links us, Links cn) {
    return us.status().get(0).received() == cn.status().get(0).sent();
  }

  private static long logSize(Links links) {
    return links.status().get(0).sent();
  }

  private static long logSize(LinkStore store) {
    return store.logHead(OURS).map(LinkStore.LogHead::size).orElse(0L);
  }

  private static boolean hasEvent(Links links, SecurityEvent.Kind kind) {
    return events(links, kind) > 0;
  }

  private static long events(Links links, SecurityEvent.Kind kind) {
    return links.securityEvents(1_000).stream().filter(e -> e.kind() == kind).count();
  }

  private static void assertVerifies(Path dir) {
    RecordVerifier.Report report = new AppOperations().verify(dir);
    assertThat(report.findings()).isEmpty();
    assertThat(report.ok()).isTrue();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      Thread.sleep(50);
    }
  }
}
