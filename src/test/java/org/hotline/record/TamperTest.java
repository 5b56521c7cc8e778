package org.hotline.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.identity.SigningKeyPem;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.testing.Api;
import org.hotline.testing.Cli;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.testing.SqliteFile;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Frontier;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.SignedNote;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guarantee 5, tamper evidence, on the real SQLite files of real nodes. Two nodes exchange forty
 * messages each way in four batches; each case then edits a copy of the stopped node {@code us}
 * with plain JDBC, as someone with the disk would, and checks that {@code verify} names the edited
 * entry, that the next checkpoint exchange raises a divergence on both nodes whenever the edit
 * changes what {@code us} proves to its peer, and that the API never serves an edited message as
 * genuine.
 */
class TamperTest {
  private static final String US = "us";
  private static final String CN = "cn";
  private static final String OUTGOING = "hotline/us/cn";
  private static final String INCOMING = "hotline/cn/us";

  /**
   * Messages per round, each way; every round is delivered before the next, so each log gets
   * several checkpoints.
   */
  private static final int[] ROUNDS = {7, 13, 9, 11};

  private static final long SIZE = 40;

  /** An entry inside a batch, neither the first nor the last under its checkpoint. */
  private static final long MIDDLE = 15;

  @TempDir static Path root;
  private static Path pristine;
  private static List<Long> outgoingCheckpoints;
  private static final AtomicInteger copies = new AtomicInteger();

  @BeforeAll
  static void two_nodes_exchange_forty_messages_each_way_in_four_batches() {
    pristine = root.resolve("pristine");
    NodeHome usHome = Nodes.init(pristine, US);
    NodeHome cnHome = Nodes.init(pristine, CN);
    try (Node us = Nodes.start(usHome);
        Node cn = Nodes.start(cnHome)) {
      Nodes.pair(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      long sent = 0;
      for (int round = 0; round < ROUNDS.length; round++) {
        Messaging.send(usApi, CN, bodies(US, round));
        Messaging.send(cnApi, US, bodies(CN, round));
        sent += ROUNDS[round];
        Messaging.awaitDelivered(usApi, CN, sent);
        Messaging.awaitDelivered(cnApi, US, sent);
      }
    }
    try (SqliteFile db = SqliteFile.open(pristine.resolve(US))) {
      outgoingCheckpoints =
          db
              .column(
                  Number.class,
                  "SELECT size FROM checkpoints WHERE log = ? ORDER BY size",
                  OUTGOING)
              .stream()
              .map(Number::longValue)
              .toList();
      List<Long> incoming =
          db
              .column(
                  Number.class,
                  "SELECT size FROM checkpoints WHERE log = ? ORDER BY size",
                  INCOMING)
              .stream()
              .map(Number::longValue)
              .toList();
      assertThat(outgoingCheckpoints)
          .as("checkpoints of " + OUTGOING)
          .hasSizeGreaterThanOrEqualTo(3)
          .endsWith(SIZE);
      assertThat(incoming)
          .as("checkpoints of " + INCOMING)
          .hasSizeGreaterThanOrEqualTo(3)
          .endsWith(SIZE);
    }
  }

  private static List<String> bodies(String from, int round) {
    List<String> bodies = new ArrayList<>();
    for (int i = 1; i <= ROUNDS[round]; i++) {
      bodies.add("message " + i + " of round " + (round + 1) + " from " + from);
    }
    return bodies;
  }

  // ------------------------------------------------------------------ the edits

  /**
   * One edit of {@code us}'s stored history: which log it touches, which entries (or checkpoint
   * sizes) a report must name, and whether it changes what {@code us} shows its peer in a
   * checkpoint exchange (the latest checkpoint of a log and the tree it keeps for it).
   */
  record Edit(
      String what, String log, List<Long> named, boolean changesProof, Consumer<Tampering> apply) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Edit> edits() {
    long olderCheckpoint = outgoingCheckpoints.get(1);
    return Stream.of(
        new Edit(
            "one byte of a stored entry changed",
            INCOMING,
            List.of(MIDDLE),
            false,
            t -> t.flipBodyByte(INCOMING, MIDDLE)),
        new Edit(
            "a stored body changed, the signed entry left alone",
            INCOMING,
            List.of(MIDDLE),
            false,
            t ->
                t.db()
                    .update(
                        "UPDATE messages SET body = ? WHERE log = ? AND seq = ?",
                        "we never said this",
                        INCOMING,
                        MIDDLE)),
        new Edit(
            "an entry deleted from the middle of the log",
            OUTGOING,
            List.of(MIDDLE),
            false,
            t ->
                t.db()
                    .update("DELETE FROM log_entries WHERE log = ? AND seq = ?", OUTGOING, MIDDLE)),
        new Edit(
            "an entry and its message deleted from the middle of the log",
            INCOMING,
            List.of(MIDDLE),
            false,
            t -> {
              t.db().update("DELETE FROM log_entries WHERE log = ? AND seq = ?", INCOMING, MIDDLE);
              t.db().update("DELETE FROM messages WHERE log = ? AND seq = ?", INCOMING, MIDDLE);
            }),
        new Edit(
            "a body changed alike in the row and the entry, the leaf hash recomputed",
            INCOMING,
            List.of(MIDDLE),
            false,
            t -> t.rewriteBody(INCOMING, MIDDLE)),
        new Edit(
            "two entries swapped, with their leaf hashes",
            OUTGOING,
            List.of(12L, MIDDLE),
            false,
            t -> t.swap(OUTGOING, 12, MIDDLE)),
        new Edit(
            "an older checkpoint replaced by one for another root, signed with the node's own key",
            OUTGOING,
            List.of(olderCheckpoint),
            false,
            t -> t.resignCheckpoint(OUTGOING, olderCheckpoint)),
        new Edit(
            "the latest checkpoint replaced by one for another root, signed with the node's own key",
            OUTGOING,
            List.of(SIZE),
            true,
            t -> t.resignCheckpoint(OUTGOING, SIZE)),
        new Edit(
            "the latest checkpoint garbled",
            INCOMING,
            List.of(SIZE),
            true,
            t -> t.garbleCheckpoint(INCOMING, SIZE)),
        new Edit(
            "the stored tree edge (frontier) changed",
            OUTGOING,
            List.of(SIZE),
            true,
            t -> t.flipFrontierByte(OUTGOING)),
        new Edit(
            "the last entry and its message deleted, the log head rolled back",
            OUTGOING,
            List.of(SIZE),
            true,
            t -> t.deleteLast(OUTGOING)),
        new Edit(
            "an extra entry appended as if the peer had sent it, the log head advanced",
            INCOMING,
            List.of(SIZE + 1),
            true,
            t -> t.appendForged(INCOMING)));
  }

  static Stream<Arguments> editsThatChangeWhatIsProved() {
    return edits()
        .filter(Edit::changesProof)
        .flatMap(edit -> Stream.of(Arguments.of(edit, US), Arguments.of(edit, CN)));
  }

  // ------------------------------------------------------------------ the tests

  @Test
  void the_untouched_record_verifies_and_both_nodes_agree_at_the_exchange() {
    Path copy = copy();
    Cli.Run run = Cli.run(copy, "verify", "--dir", copy.resolve(US).toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("OK: 2 logs, " + (2 * SIZE) + " entries");
    try (Node us = start(copy, US);
        Node cn = start(copy, CN)) {
      assertThat(us.links().exchangeCheckpoints(PartyId.of(CN))).isEmpty();
      assertThat(cn.links().exchangeCheckpoints(PartyId.of(US))).isEmpty();
      assertThat(divergences(us)).isEmpty();
      assertThat(divergences(cn)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void verify_reports_every_edit_and_names_the_entry(Edit edit) {
    Path copy = tampered(edit);
    RecordVerifier.Report report = verify(copy.resolve(US));
    assertThat(report.ok()).as("verify after: " + edit).isFalse();
    for (long named : edit.named()) {
      assertThat(report.findings())
          .as("findings after: " + edit)
          .anySatisfy(finding -> assertNames(finding, edit.log(), named));
    }
  }

  @Test
  void the_verify_command_exits_1_and_prints_the_edited_entry() {
    Path copy = copy();
    try (SqliteFile db = SqliteFile.open(copy.resolve(US))) {
      db.update(
          "UPDATE messages SET body = ? WHERE log = ? AND seq = ?",
          "we never said this",
          INCOMING,
          MIDDLE);
    }
    Cli.Run run = Cli.run(copy, "verify", "--dir", copy.resolve(US).toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains("FAIL " + INCOMING + " #" + MIDDLE + ": ")
        .contains("differs from the signed entry in body")
        .contains("FAILED: ");
  }

  /**
   * SQLite can keep text in UTF-16. In such a file the bytes of a body are UTF-16, and a body whose
   * UTF-16 bytes are the signed body's UTF-8 must not pass for it: the API would show other text.
   */
  @Test
  void a_store_rewritten_in_utf16_with_a_body_whose_bytes_are_the_signed_ones_is_reported()
      throws Exception {
    Path copy = copy();
    Path file = copy.resolve(US).resolve("hotline.db");
    rewriteInUtf16(file);
    long seq;
    String signed;
    try (SqliteFile db = SqliteFile.open(copy.resolve(US))) {
      seq =
          db.column(
                  Number.class,
                  "SELECT seq FROM messages WHERE log = ? AND length(body) % 2 = 0 ORDER BY seq",
                  INCOMING)
              .get(0)
              .longValue();
      signed =
          db.column(
                  String.class,
                  "SELECT body FROM messages WHERE log = ? AND seq = ?",
                  INCOMING,
                  seq)
              .get(0);
      String sameBytes =
          new String(
              signed.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              java.nio.charset.StandardCharsets.UTF_16LE);
      db.update("UPDATE messages SET body = ? WHERE log = ? AND seq = ?", sameBytes, INCOMING, seq);
    }
    RecordVerifier.Report report = verify(copy.resolve(US));
    assertThat(report.findings())
        .anySatisfy(
            finding -> {
              assertNames(finding, INCOMING, seq);
              assertThat(finding.reason()).contains("differs from the signed entry in body");
            });
  }

  /**
   * The same database, every table and index, in a new file that keeps text in UTF-16LE (SQLite
   * cannot attach a file of another encoding, so rows are copied through JDBC).
   */
  private static void rewriteInUtf16(Path file) throws Exception {
    Path utf16 = file.resolveSibling("utf16.db");
    try (java.sql.Connection original =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Connection copy = java.sql.DriverManager.getConnection("jdbc:sqlite:" + utf16);
        java.sql.Statement from = original.createStatement();
        java.sql.Statement to = copy.createStatement()) {
      to.execute("PRAGMA encoding = 'UTF-16le'");
      List<String[]> schema = new ArrayList<>();
      try (java.sql.ResultSet rows =
          from.executeQuery(
              "SELECT type, name, sql FROM sqlite_schema"
                  + " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
                  + " ORDER BY type = 'index', rowid")) {
        while (rows.next()) {
          schema.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
        }
      }
      copy.setAutoCommit(false);
      for (String[] object : schema) {
        to.execute(object[2]);
        if (!object[0].equals("table")) {
          continue;
        }
        try (java.sql.ResultSet rows = from.executeQuery("SELECT * FROM \"" + object[1] + "\"")) {
          int columns = rows.getMetaData().getColumnCount();
          String insert =
              "INSERT INTO \""
                  + object[1]
                  + "\" VALUES ("
                  + String.join(", ", java.util.Collections.nCopies(columns, "?"))
                  + ")";
          try (java.sql.PreparedStatement put = copy.prepareStatement(insert)) {
            while (rows.next()) {
              for (int column = 1; column <= columns; column++) {
                put.setObject(column, rows.getObject(column));
              }
              put.executeUpdate();
            }
          }
        }
      }
      copy.commit();
      try (java.sql.ResultSet encoding = to.executeQuery("PRAGMA encoding")) {
        assertThat(encoding.getString(1)).isEqualTo("UTF-16le");
      }
    }
    Files.deleteIfExists(file.resolveSibling("hotline.db-wal"));
    Files.deleteIfExists(file.resolveSibling("hotline.db-shm"));
    Files.move(utf16, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void a_deleted_entry_is_named_once_and_the_entries_after_it_are_not_called_missing() {
    Path copy = copy();
    try (SqliteFile db = SqliteFile.open(copy.resolve(US))) {
      db.update("DELETE FROM log_entries WHERE log = ? AND seq = ?", OUTGOING, MIDDLE);
      db.update("DELETE FROM messages WHERE log = ? AND seq = ?", OUTGOING, MIDDLE);
    }
    List<Finding> findings = verify(copy.resolve(US)).findings();
    assertThat(findings)
        .anySatisfy(
            finding ->
                assertThat(finding.toString())
                    .isEqualTo(OUTGOING + " #" + MIDDLE + ": entry " + MIDDLE + " is missing"));
    assertThat(findings)
        .as("findings that call an entry missing")
        .filteredOn(finding -> finding.reason().contains("missing"))
        .hasSize(1);
  }

  @ParameterizedTest(name = "{0}; exchange started by {1}")
  @MethodSource("editsThatChangeWhatIsProved")
  void an_edit_that_changes_what_the_node_proves_raises_a_divergence_on_both_nodes(
      Edit edit, String initiator) {
    Path copy = tampered(edit);
    try (Node us = start(copy, US);
        Node cn = start(copy, CN)) {
      Node starter = initiator.equals(US) ? us : cn;
      List<String> found =
          starter.links().exchangeCheckpoints(PartyId.of(initiator.equals(US) ? CN : US));
      assertThat(found).as("divergences found by the exchange").isNotEmpty();
      for (Node node : List.of(us, cn)) {
        assertThat(divergences(node))
            .as("divergence events on " + node.home().party())
            .isNotEmpty()
            .allSatisfy(
                event -> {
                  assertThat(event.get("detail").asText()).contains(edit.log());
                  assertThat(event.get("evidence").asText()).contains(edit.log());
                });
      }
    }
  }

  /**
   * Ways to change what a received message says: the copy the API lists, the signed entry, or both,
   * consistently.
   */
  enum BodyEdit {
    ROW_ONLY("the messages row only"),
    ENTRY_ONLY("the signed entry only"),
    ROW_AND_ENTRY("the row and the entry alike, with the entry's leaf hash recomputed");

    private final String what;

    BodyEdit(String what) {
      this.what = what;
    }

    @Override
    public String toString() {
      return what;
    }
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.EnumSource(BodyEdit.class)
  void an_edited_body_is_never_served_as_genuine(BodyEdit edit) {
    Path copy = copy();
    String edited = "we never said this";
    String editedId;
    String untouchedId;
    String untouchedBody;
    try (SqliteFile db = SqliteFile.open(copy.resolve(US))) {
      editedId =
          db.one(
              String.class, "SELECT id FROM messages WHERE log = ? AND seq = ?", INCOMING, MIDDLE);
      untouchedId =
          db.one(String.class, "SELECT id FROM messages WHERE log = ? AND seq = ?", INCOMING, SIZE);
      untouchedBody = db.one(String.class, "SELECT body FROM messages WHERE id = ?", untouchedId);
      Tampering tampering = new Tampering(copy.resolve(US), db);
      switch (edit) {
        case ROW_ONLY -> db.update("UPDATE messages SET body = ? WHERE id = ?", edited, editedId);
        case ENTRY_ONLY -> tampering.rewriteEntryBody(INCOMING, MIDDLE, edited, false);
        case ROW_AND_ENTRY -> tampering.rewriteBody(INCOMING, MIDDLE);
      }
    }
    try (Node us = start(copy, US)) {
      Api api = new Api(us.home(), us.apiPort());
      Api.Response untouched = api.get("/api/v1/messages/" + untouchedId);
      assertThat(untouched.status()).as(untouched.raw().body()).isEqualTo(200);
      assertThat(untouched.body().get("body").asText()).isEqualTo(untouchedBody);

      Api.Response shown = api.get("/api/v1/messages/" + editedId);
      assertThat(shown.raw().body()).as("the answer for the edited message").doesNotContain(edited);
      assertThat(shown.status()).as(shown.raw().body()).isEqualTo(500);
      assertThat(shown.raw().headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(shown.body().get("type").asText())
          .isEqualTo("urn:hotline:problem:tampered-record");
      assertThat(shown.body().get("detail").asText())
          .contains(editedId)
          .contains(INCOMING + " #" + MIDDLE);
      assertThat(api.get("/api/v1/messages/" + editedId).status()).as("asked again").isEqualTo(500);
      assertThat(Messaging.securityEvents(api))
          .filteredOn(event -> event.get("kind").asText().equals("tampered-record"))
          .singleElement()
          .satisfies(
              event ->
                  assertThat(event.get("evidence").asText())
                      .contains(editedId)
                      .contains(edit == BodyEdit.ENTRY_ONLY ? "stored entry (base64): " : edited));
    }
    assertThat(verify(copy.resolve(US)).findings())
        .anySatisfy(finding -> assertNames(finding, INCOMING, MIDDLE));
  }

  // ------------------------------------------------------------------ helpers

  private static void assertNames(Finding finding, String log, long seq) {
    assertThat(Named.entry(finding, log, seq))
        .as("finding '" + finding + "' names " + log + " #" + seq)
        .isTrue();
  }

  /** {@code verify} as the CLI runs it: the node's own key, and the pinned peer's card. */
  private static RecordVerifier.Report verify(Path dataDir) {
    NodeHome home = NodeHome.open(dataDir);
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
      Map<PartyId, NoteVerifier> keys = new HashMap<>();
      keys.put(home.party(), home.signer().verifier());
      store.peers().forEach(peer -> keys.put(peer.id(), peer.card().verifier()));
      return new RecordVerifier(store, keys::get).verify();
    }
  }

  private static List<JsonNode> divergences(Node node) {
    return Messaging.securityEvents(new Api(node.home(), node.apiPort())).stream()
        .filter(event -> event.get("kind").asText().equals("divergence"))
        .toList();
  }

  private static Node start(Path copy, String party) {
    return Node.start(NodeHome.open(copy.resolve(party)), Clock.systemUTC());
  }

  /** A fresh copy of both stopped nodes; they keep their ports, so only one copy runs at a time. */
  private static Path copy() {
    Path copy = root.resolve("copy-" + copies.incrementAndGet());
    SqliteFile.copyDirectory(pristine.resolve(US), copy.resolve(US));
    SqliteFile.copyDirectory(pristine.resolve(CN), copy.resolve(CN));
    return copy;
  }

  private static Path tampered(Edit edit) {
    Path copy = copy();
    try (SqliteFile db = SqliteFile.open(copy.resolve(US))) {
      edit.apply().accept(new Tampering(copy.resolve(US), db));
    }
    return copy;
  }

  /**
   * The edits, done with SQL on the file and, where a tamperer would need it, the node's own
   * signing key.
   */
  record Tampering(Path dir, SqliteFile db) {
    byte[] entry(String log, long seq) {
      return db.one(
          byte[].class, "SELECT entry FROM log_entries WHERE log = ? AND seq = ?", log, seq);
    }

    void flipBodyByte(String log, long seq) {
      byte[] bytes = entry(log, seq);
      int body =
          new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"body\":\"")
              + "\"body\":\"".length();
      bytes[body] ^= 0x01;
      db.update("UPDATE log_entries SET entry = ? WHERE log = ? AND seq = ?", bytes, log, seq);
    }

    /**
     * The entry re-encoded, canonically, with another body; its leaf hash recomputed or left as it
     * was.
     */
    void rewriteEntryBody(String log, long seq, String body, boolean withLeafHash) {
      MessageEntry signed = (MessageEntry) EntryCodec.decode(entry(log, seq));
      Draft draft = signed.draft();
      Draft other =
          new Draft(
              draft.to(),
              draft.precedence(),
              draft.status(),
              draft.subject(),
              body,
              draft.language(),
              draft.inReplyTo());
      byte[] bytes =
          EntryCodec.encode(
              new MessageEntry(signed.log(), signed.seq(), signed.id(), signed.created(), other));
      db.update("UPDATE log_entries SET entry = ? WHERE log = ? AND seq = ?", bytes, log, seq);
      if (withLeafHash) {
        db.update(
            "UPDATE log_entries SET leaf_hash = ? WHERE log = ? AND seq = ?",
            MerkleHash.leaf(bytes),
            log,
            seq);
      }
    }

    /**
     * What a careful editor does: the message says something else in its row and in its entry, with
     * a matching leaf hash.
     */
    void rewriteBody(String log, long seq) {
      rewriteEntryBody(log, seq, "we never said this", true);
      db.update(
          "UPDATE messages SET body = ? WHERE log = ? AND seq = ?", "we never said this", log, seq);
    }

    void swap(String log, long first, long second) {
      byte[] firstEntry = entry(log, first);
      byte[] secondEntry = entry(log, second);
      db.update(
          "UPDATE log_entries SET entry = ?, leaf_hash = ? WHERE log = ? AND seq = ?",
          secondEntry,
          MerkleHash.leaf(secondEntry),
          log,
          first);
      db.update(
          "UPDATE log_entries SET entry = ?, leaf_hash = ? WHERE log = ? AND seq = ?",
          firstEntry,
          MerkleHash.leaf(firstEntry),
          log,
          second);
    }

    String checkpoint(String log, long size) {
      return db.one(
          String.class, "SELECT note FROM checkpoints WHERE log = ? AND size = ?", log, size);
    }

    /** The node's own signing key, read from its file as anyone with the disk could. */
    NoteSigner ownKey() {
      try {
        return NoteSigner.fromSeed(
            IdentityCard.signingKeyName(PartyId.of(US)),
            SigningKeyPem.decode(Files.readString(dir.resolve("signing.key"))));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    void resignCheckpoint(String log, long size) {
      Checkpoint genuine = Checkpoint.parse(SignedNote.parse(checkpoint(log, size)).text());
      byte[] otherRoot = genuine.root();
      otherRoot[0] ^= 0x01;
      String forged =
          SignedNote.sign(new Checkpoint(log, size, otherRoot).body(), ownKey()).encode();
      db.update("UPDATE checkpoints SET note = ? WHERE log = ? AND size = ?", forged, log, size);
    }

    void garbleCheckpoint(String log, long size) {
      String note = checkpoint(log, size);
      db.update(
          "UPDATE checkpoints SET note = ? WHERE log = ? AND size = ?",
          note.substring(0, note.length() / 2),
          log,
          size);
    }

    void flipFrontierByte(String log) {
      byte[] frontier = db.one(byte[].class, "SELECT frontier FROM logs WHERE log = ?", log);
      frontier[0] ^= 0x01;
      db.update("UPDATE logs SET frontier = ? WHERE log = ?", frontier, log);
    }

    /**
     * The tree edge of the first {@code size} stored leaves, as a tamperer rebuilding a consistent
     * head would compute it.
     */
    byte[] frontierOf(String log, long size) {
      Frontier frontier = Frontier.empty();
      for (byte[] leaf :
          db.column(
              byte[].class,
              "SELECT leaf_hash FROM log_entries WHERE log = ? AND seq <= ? ORDER BY seq",
              log,
              size)) {
        frontier.append(leaf, Frontier.NodeSink.NONE);
      }
      return frontier.encode();
    }

    void deleteLast(String log) {
      db.update("DELETE FROM log_entries WHERE log = ? AND seq = ?", log, SIZE);
      db.update("DELETE FROM messages WHERE log = ? AND seq = ?", log, SIZE);
      db.update(
          "UPDATE logs SET size = ?, frontier = ?, receipted_size = min(receipted_size, ?) WHERE log = ?",
          SIZE - 1,
          frontierOf(log, SIZE - 1),
          SIZE - 1,
          log);
    }

    /**
     * A message the peer never sent, in the canonical entry form, with its message row, leaf hash
     * and log head.
     */
    void appendForged(String log) {
      LogOrigin origin = LogOrigin.parse(log);
      long seq = SIZE + 1;
      Instant created = Instant.parse("2030-01-01T00:00:00.000Z");
      MessageId id = MessageId.generate(created, new SecureRandom());
      Draft draft =
          new Draft(
              origin.reader(),
              Precedence.FLASH,
              StatusFlag.ACTUAL,
              "forged",
              "we never said this",
              "en",
              null);
      byte[] bytes = EntryCodec.encode(new MessageEntry(origin, seq, id, created, draft));
      db.update(
          "INSERT INTO log_entries (log, seq, entry, leaf_hash, entry_id) VALUES (?, ?, ?, ?, ?)",
          log,
          seq,
          bytes,
          MerkleHash.leaf(bytes),
          id.toString());
      long micros = created.toEpochMilli() * 1_000;
      db.update(
          "INSERT INTO messages (id, direction, peer, sender, recipient, log, seq, precedence_rank, status, language, in_reply_to, subject, body,"
              + " created_at, state, accepted_at) VALUES (?, 'in', ?, ?, ?, ?, ?, ?, 'ACTUAL', 'en', NULL, ?, ?, ?, 'RECEIVED', ?)",
          id.toString(),
          origin.writer().value(),
          origin.writer().value(),
          origin.reader().value(),
          log,
          seq,
          Precedence.FLASH.rank(),
          draft.subject(),
          draft.body(),
          micros,
          micros);
      db.update(
          "UPDATE logs SET size = ?, frontier = ? WHERE log = ?", seq, frontierOf(log, seq), log);
    }
  }
}
