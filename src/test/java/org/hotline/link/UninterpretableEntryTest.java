package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.identity.LogOrigin;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Cli;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.testing.SqliteFile;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.SignedNote;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No single entry stops a link (docs/protocol.md §14), between two real nodes over the federation
 * port. The nodes of this version sign only entries their own reader accepts, so the entry that the
 * peer cannot interpret is written into the sender's stopped store with its own key, exactly as the
 * sequencer of an earlier version wrote it: appended to the outgoing log with its leaf hash, tree
 * and a signed checkpoint, and, for a message, with its message row.
 */
@Tag("slow")
class UninterpretableEntryTest {
  @TempDir Path dir;

  private static final String UNINTERPRETABLE = SecurityEvent.Kind.UNINTERPRETABLE_ENTRY.wire();

  @Test
  void a_batch_with_an_undecodable_entry_in_the_middle_is_receipted_and_the_link_carries_on()
      throws Exception {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    try (Node cn = Nodes.start(cnHome)) {
      try (Node us = Nodes.start(usHome)) {
        Nodes.pair(us, cn);
        Messaging.send(api(us), "cn", List.of("first"));
        Messaging.awaitDelivered(api(us), "cn", 1);
      }
      LogOrigin log = new LogOrigin(usHome.party(), cnHome.party());
      byte[] cut;
      try (LegacyWriter writer = new LegacyWriter(usHome, log)) {
        byte[] whole = writer.message(3, "cut short").bytes();
        cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        writer.append(
            List.of(
                writer.message(2, "before"), new Written(null, cut), writer.message(4, "after")));
      }
      try (Node us = Nodes.start(usHome)) {
        Messaging.awaitDelivered(api(us), "cn", 4);

        assertThat(subjects(api(cn), "inbox")).contains("before", "after");
        JsonNode raised = newest(api(cn), UNINTERPRETABLE);
        assertThat(raised.get("detail").asText()).contains("#3 does not decode");
        assertThat(raised.get("evidence").asText())
            .contains(java.util.Base64.getEncoder().encodeToString(cut));
        JsonNode told = newest(api(us), UNINTERPRETABLE);
        assertThat(told.get("detail").asText())
            .contains("cn could not read entry 3")
            .contains("does not decode");

        String flash = sendFlash(api(us), "after the unreadable entry");
        Messaging.awaitDelivered(api(us), "cn", 5);
        assertThat(api(cn).get("/api/v1/messages/" + flash).body().get("subject").asText())
            .isEqualTo("after the unreadable entry");
      }
    }
  }

  /**
   * A hostile writer signs a change whose arguments break the form (a boolean, which no change
   * argument may be): the receiver keeps it as an uninterpretable entry, stores no change, and the
   * link carries on with the entries around it.
   */
  @Test
  void a_change_with_arguments_out_of_form_is_kept_as_uninterpretable_and_the_link_carries_on()
      throws Exception {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    LogOrigin log = new LogOrigin(usHome.party(), cnHome.party());
    try (Node cn = Nodes.start(cnHome)) {
      try (Node us = Nodes.start(usHome)) {
        Nodes.pair(us, cn);
        Messaging.send(api(us), "cn", List.of("first"));
        Messaging.awaitDelivered(api(us), "cn", 1);
      }
      byte[] hostile;
      try (LegacyWriter writer = new LegacyWriter(usHome, log)) {
        Instant created = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        MessageId id = MessageId.generate(created, new Random(11));
        ChangeEntry change =
            new ChangeEntry(
                log,
                3,
                id,
                created,
                "incident/" + id,
                "open",
                0,
                "duty officer",
                new java.util.TreeMap<>(java.util.Map.of("urgent", "yes")));
        hostile =
            new String(EntryCodec.encode(change, EntryCodec.FORMAT_2), StandardCharsets.UTF_8)
                .replace("\"urgent\":\"yes\"", "\"urgent\":true")
                .getBytes(StandardCharsets.UTF_8);
        writer.append(
            List.of(
                writer.message(2, "before"),
                new Written(null, hostile),
                writer.message(4, "after")));
      }
      try (Node us = Nodes.start(usHome)) {
        Messaging.awaitDelivered(api(us), "cn", 4);

        assertThat(subjects(api(cn), "inbox")).contains("before", "after");
        JsonNode raised = newest(api(cn), UNINTERPRETABLE);
        assertThat(raised.get("detail").asText())
            .contains("#3 ")
            .contains("change argument 'urgent' must be a string, an integer or a list of strings");
        try (SqliteStore store = SqliteStore.open(cnHome.database(), Json.mapper())) {
          assertThat(store.uninterpretable(log, 3)).as("kept as evidence").isPresent();
          assertThat(store.changes(log.reversed())).as("and not as a change").isEmpty();
        }

        String flash = sendFlash(api(us), "after the hostile change");
        Messaging.awaitDelivered(api(us), "cn", 5);
        assertThat(api(cn).get("/api/v1/messages/" + flash).body().get("subject").asText())
            .isEqualTo("after the hostile change");
      }
    }
  }

  @Test
  void a_node_whose_log_already_holds_a_message_its_reader_refuses_recovers_with_verify_findings()
      throws Exception {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    LogOrigin log = new LogOrigin(usHome.party(), cnHome.party());
    try (Node cn = Nodes.start(cnHome)) {
      try (Node us = Nodes.start(usHome)) {
        Nodes.pair(us, cn);
      }
      // What the API of the previous release signed for "lone \ud800 surrogate": the JSON escape of
      // the unpaired surrogate in the entry, and '?' in the message row, as SQLite stored it.
      MessageId legacy;
      try (LegacyWriter writer = new LegacyWriter(usHome, log)) {
        Written message = writer.message(1, "lone ? surrogate");
        byte[] signed =
            new String(message.bytes(), StandardCharsets.UTF_8)
                .replace("lone ? surrogate", "lone \\uD800 surrogate")
                .getBytes(StandardCharsets.UTF_8);
        writer.append(List.of(new Written(message.row(), signed)));
        legacy = message.row().id();
      }
      try (Node us = Nodes.start(usHome)) {
        Messaging.awaitDelivered(api(us), "cn", 1);

        JsonNode told = newest(api(us), UNINTERPRETABLE);
        assertThat(told.get("detail").asText())
            .contains("message " + legacy + " \"lone ? surrogate\"")
            .contains("not in canonical form");
        assertThat(newest(api(cn), UNINTERPRETABLE).get("detail").asText()).contains("#1 ");
        Api.Response shown = api(us).get("/api/v1/messages/" + legacy);
        assertThat(shown.status()).as(shown.raw().body()).isEqualTo(200);
        assertThat(shown.body().get("peer_could_not_read").asText())
            .contains("not in canonical form");

        List<String> later = Messaging.send(api(us), "cn", List.of("later"));
        Messaging.awaitDelivered(api(us), "cn", 2);
        assertThat(api(cn).get("/api/v1/messages/" + later.get(0)).status()).isEqualTo(200);
        JsonNode read = api(us).get("/api/v1/messages/" + later.get(0)).body();
        assertThat(read.has("peer_could_not_read")).isTrue();
        assertThat(read.get("peer_could_not_read").isNull()).as(read.toString()).isTrue();

        for (NodeHome home : List.of(usHome, cnHome)) {
          Cli.Run verify = Cli.run(dir, "verify", "--dir", home.dir().toString());
          assertThat(verify.exitCode()).as(verify.output()).isZero();
          assertThat(verify.output())
              .as(home.party().value())
              .contains("NOTE " + log + " #1: entry does not decode")
              .contains("OK: ");
        }
      }
      Path export = dir.resolve("us-cn.jsonl");
      Cli.Run exported =
          Cli.run(
              dir,
              "export",
              "--dir",
              usHome.dir().toString(),
              "--peer",
              "cn",
              "--out",
              export.toString());
      assertThat(exported.exitCode()).as(exported.output()).isZero();
      Cli.Run checked = Cli.run(dir, "verify-export", export.toString());
      assertThat(checked.exitCode()).as(checked.output()).isZero();
      assertThat(checked.output()).contains("NOTE " + log + " #1: entry does not decode");

      Path edited = dir.resolve("edited");
      SqliteFile.copyDirectory(usHome.dir(), edited);
      try (SqliteFile db = SqliteFile.open(edited)) {
        byte[] bytes =
            db.one(
                byte[].class,
                "SELECT entry FROM log_entries WHERE log = ? AND seq = 1",
                log.text());
        bytes[bytes.length - 3] ^= 0x01; // in the body: the entry is still the unreadable one
        db.update(
            "UPDATE log_entries SET entry = ?, leaf_hash = ? WHERE log = ? AND seq = 1",
            bytes,
            MerkleHash.leaf(bytes),
            log.text());
      }
      Cli.Run tampered = Cli.run(dir, "verify", "--dir", edited.toString());
      assertThat(tampered.exitCode()).as(tampered.output()).isEqualTo(1);
      assertThat(tampered.output())
          .contains("FAIL " + log + " #1: entry does not decode")
          .contains("no signed checkpoint vouches for its bytes")
          .doesNotContain("NOTE ");
    }
  }

  // ------------------------------------------------------------------ helpers

  private static Api api(Node node) {
    return new Api(node.home(), node.apiPort());
  }

  private static String sendFlash(Api api, String subject) {
    Api.Response sent =
        api.post(
            "/api/v1/messages",
            "{\"to\":\"cn\",\"precedence\":\"FLASH\",\"subject\":\""
                + subject
                + "\",\"body\":\"b\"}");
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    return sent.body().get("id").asText();
  }

  private static List<String> subjects(Api api, String box) {
    List<String> subjects = new ArrayList<>();
    api.get("/api/v1/messages?box=" + box)
        .body()
        .get("items")
        .forEach(item -> subjects.add(item.get("subject").asText()));
    return subjects;
  }

  /** The newest security event of {@code kind}, once there is one. */
  private static JsonNode newest(Api api, String kind) {
    return Await.until(
        "a security event " + kind,
        Messaging.DELIVERY_TIMEOUT,
        () ->
            Messaging.securityEvents(api).stream()
                .filter(event -> event.get("kind").asText().equals(kind))
                .findFirst()
                .orElse(null),
        event -> event != null);
  }

  /** An entry as written, with the message row that goes with it (null: none). */
  record Written(LinkStore.OutgoingMessage row, byte[] bytes) {}

  /**
   * Writes a stopped node's outgoing log as the sequencer of an earlier version did, with the
   * node's own key: whatever bytes it is given, under one signed checkpoint.
   */
  static final class LegacyWriter implements AutoCloseable {
    private final NodeHome home;
    private final LogOrigin log;
    private final SqliteStore store;
    private final Random random = new Random(7);

    LegacyWriter(NodeHome home, LogOrigin log) {
      this.home = home;
      this.log = log;
      this.store = SqliteStore.open(home.database(), Json.mapper());
    }

    /** A ROUTINE message of the log at {@code seq}, with its row. */
    Written message(long seq, String subject) {
      Instant created = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      MessageId id = MessageId.generate(created, random);
      Draft draft =
          new Draft(log.reader(), Precedence.ROUTINE, StatusFlag.TEST, subject, "body", "en", null);
      return new Written(
          new LinkStore.OutgoingMessage(
              id, log.writer(), created, draft, MessageEntry.SEEN_UNKNOWN),
          EntryCodec.encode(new MessageEntry(log, seq, id, created, draft), EntryCodec.FORMAT_1));
    }

    /** Appends the entries after those stored, under one checkpoint signed with the node's key. */
    void append(List<Written> entries) {
      Instant now = Instant.now();
      store.write(
          writes -> {
            LinkStore.LogHead head = writes.logHead(log).orElse(LinkStore.LogHead.EMPTY);
            LogAppender appender = new LogAppender(head);
            List<LinkStore.StoredEntry> stored = new ArrayList<>();
            List<LinkStore.OutgoingMessage> rows = new ArrayList<>();
            for (Written entry : entries) {
              long seq = appender.size() + 1;
              MessageId id = entry.row() == null ? null : entry.row().id();
              stored.add(
                  new LinkStore.StoredEntry(
                      seq, entry.bytes(), appender.append(entry.bytes()), id));
              if (entry.row() != null) {
                rows.add(entry.row());
              }
            }
            writes.insertOutgoing(rows, now, java.util.Map.of());
            Checkpoint checkpoint = new Checkpoint(log.text(), appender.size(), appender.root());
            writes.appendEntries(log, stored);
            writes.putTreeNodes(log, appender.completedNodes());
            writes.putLogHead(log, appender.head(head.receiptedSize()));
            writes.putCheckpoint(
                log, appender.size(), SignedNote.sign(checkpoint.body(), home.signer()).encode());
            writes.markSequenced(
                log, stored.stream().filter(entry -> entry.entryId() != null).toList(), now);
            return null;
          });
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
