package org.hotline.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.ChangeReaders;
import org.hotline.testing.Cli;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.SignedNote;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported transcript: a reviewer who trusts neither party checks it with the two identity
 * cards alone. Two real nodes exchange messages in three batches each way, {@code hotline export}
 * writes the transcript, and every kind of edit to that file is caught by {@code verify-export} and
 * named by log and entry, or by line.
 */
class ExportTest {
  private static final String OUTGOING = "hotline/us/cn";
  private static final String INCOMING = "hotline/cn/us";

  /** Messages per round, each way; each round is one batch under one checkpoint and one receipt. */
  private static final int[] ROUNDS = {3, 4, 5};

  private static final int SIZE = 12;
  private static final String SCRIPT = "<script>alert(1)</script>";

  @TempDir static Path root;
  private static Path transcript;
  private static Path usCardFile;
  private static Path cnCardFile;
  private static List<IdentityCard> cards;

  @BeforeAll
  static void two_nodes_exchange_messages_and_one_exports_the_transcript() throws IOException {
    NodeHome usHome = Nodes.init(root, "us");
    NodeHome cnHome = Nodes.init(root, "cn");
    try (Node us = Nodes.start(usHome);
        Node cn = Nodes.start(cnHome)) {
      Nodes.pair(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      long sent = 0;
      for (int round = 0; round < ROUNDS.length; round++) {
        List<String> bodies = new ArrayList<>();
        for (int i = 1; i <= ROUNDS[round]; i++) {
          bodies.add(round == 1 && i == 2 ? SCRIPT : "message " + i + " of round " + (round + 1));
        }
        Messaging.send(usApi, "cn", bodies);
        Messaging.send(cnApi, "us", bodies);
        sent += ROUNDS[round];
        Messaging.awaitDelivered(usApi, "cn", sent);
        Messaging.awaitDelivered(cnApi, "us", sent);
      }
    }
    cards = List.of(usHome.card(), cnHome.card());
    usCardFile = root.resolve("us.card.json");
    cnCardFile = root.resolve("cn.card.json");
    Files.write(usCardFile, Json.mapper().writeValueAsBytes(usHome.card()));
    Files.write(cnCardFile, Json.mapper().writeValueAsBytes(cnHome.card()));
    transcript = root.resolve("us-cn.transcript.jsonl");
    Cli.Run export = exportToCn(root, usHome.dir(), transcript);
    assertThat(export.exitCode()).as(export.output()).isZero();
    assertThat(export.output()).contains("Wrote " + (2 * SIZE) + " entries to " + transcript);
  }

  @Test
  void the_transcript_verifies_with_the_cards_in_the_file_and_with_the_cards_given() {
    for (List<IdentityCard> given : List.of(List.<IdentityCard>of(), cards)) {
      TranscriptVerifier.Result result = verify(lines(), given);
      assertThat(result.findings()).as("findings with " + given.size() + " cards given").isEmpty();
      assertThat(result.entryCount()).isEqualTo(2 * SIZE);
      assertThat(result.entries())
          .hasSize(2 * SIZE)
          .allSatisfy(
              entry -> {
                assertThat(entry.signed())
                    .as(entry.log() + " #" + entry.seq() + " signed")
                    .isTrue();
                assertThat(entry.receipted())
                    .as(entry.log() + " #" + entry.seq() + " receipted")
                    .isTrue();
              });
    }
  }

  @Test
  void verify_export_exits_0_and_renders_html_in_which_a_script_body_is_text() throws IOException {
    Path html = root.resolve("transcript.html");
    Cli.Run run =
        Cli.run(
            root,
            "verify-export",
            transcript.toString(),
            "--card",
            usCardFile.toString(),
            "--card",
            cnCardFile.toString(),
            "--html",
            html.toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("OK: " + (2 * SIZE) + " entries checked against the cards given")
        .doesNotContain("shared objects");
    String page = Files.readString(html);
    assertThat(page)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain(SCRIPT)
        .doesNotContainIgnoringCase("<script");
    assertThat(page).contains("Verified: " + (2 * SIZE) + " entries");
  }

  @Test
  void verify_export_exits_1_and_names_the_entry_when_a_body_was_changed() throws IOException {
    Path tampered = root.resolve("tampered.transcript.jsonl");
    Files.writeString(tampered, String.join("\n", changeBody(OUTGOING, 6).apply(lines())) + "\n");
    Cli.Run run =
        Cli.run(
            root,
            "verify-export",
            tampered.toString(),
            "--card",
            usCardFile.toString(),
            "--card",
            cnCardFile.toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains("FAIL " + OUTGOING + " #").contains("FAILED: ");
  }

  /** One edit of the file, and what a finding must name: the log and the entry, or the line. */
  record FileEdit(
      String what,
      UnaryOperator<List<String>> edit,
      boolean cardsGiven,
      String log,
      long seq,
      String reason) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<FileEdit> edits() {
    int kept = lines().size() - 4;
    return Stream.of(
        new FileEdit(
            "one character of an entry's body changed",
            changeBody(OUTGOING, 6),
            true,
            OUTGOING,
            6,
            "do not give the root"),
        new FileEdit(
            "an entry line dropped",
            lines -> without(lines, entryLine(lines, INCOMING, 5)),
            true,
            INCOMING,
            5,
            "is missing"),
        new FileEdit(
            "an entry line duplicated",
            lines ->
                with(
                    lines,
                    entryLine(lines, INCOMING, 5) + 1,
                    lines.get(entryLine(lines, INCOMING, 5))),
            true,
            INCOMING,
            5,
            "repeated"),
        new FileEdit(
            "two entry lines swapped",
            lines -> swapped(lines, entryLine(lines, OUTGOING, 5), entryLine(lines, OUTGOING, 6)),
            true,
            OUTGOING,
            5,
            ""),
        new FileEdit(
            "a checkpoint note changed",
            lines -> changeCheckpointRoot(lines, OUTGOING, 7),
            true,
            OUTGOING,
            7,
            "not signed by us"),
        new FileEdit(
            "a receipt's cosignature line dropped",
            lines -> dropCosignature(lines, INCOMING, 7),
            true,
            INCOMING,
            7,
            "no valid cosignature by us"),
        new FileEdit(
            "the file truncated before its end line",
            lines -> lines.subList(0, kept),
            true,
            "",
            0,
            "truncated after line " + kept),
        new FileEdit(
            "the header card's signing key changed, real cards given",
            lines -> replaceSigningKey(lines, "us"),
            true,
            "",
            0,
            "line 1: the card of us"),
        new FileEdit(
            "the header card's signing key changed, cards from the file",
            lines -> replaceSigningKey(lines, "us"),
            false,
            OUTGOING,
            3,
            "not signed by us"),
        new FileEdit(
            "an extra entry appended to a log, its log line and the end line recounted",
            lines -> appendForgedEntry(lines, INCOMING),
            true,
            INCOMING,
            SIZE + 1,
            "covered by no signed checkpoint"),
        new FileEdit(
            "a line appended after the end line",
            lines -> with(lines, lines.size(), lines.get(lines.size() - 2)),
            true,
            "",
            0,
            "follows the end line"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void every_kind_of_tampering_with_the_file_is_caught_and_named(FileEdit edit) {
    List<String> lines = edit.edit().apply(lines());
    TranscriptVerifier.Result result = verify(lines, edit.cardsGiven() ? cards : List.of());
    assertThat(result.ok()).as("verify-export after: " + edit).isFalse();
    assertThat(result.findings())
        .as("findings after: " + edit)
        .anySatisfy(
            finding -> {
              assertThat(finding.log()).isEqualTo(edit.log());
              assertThat(finding.reason()).contains(edit.reason());
              if (edit.seq() > 0) {
                assertThat(Named.entry(finding, edit.log(), edit.seq()))
                    .as("'" + finding + "' names " + edit.log() + " #" + edit.seq())
                    .isTrue();
              }
            });
  }

  @Test
  void the_html_transcript_marks_the_entries_a_changed_body_leaves_unproved() throws IOException {
    TranscriptVerifier.Result result = verify(changeBody(OUTGOING, 6).apply(lines()), cards);
    StringWriter page = new StringWriter();
    TranscriptHtml.write(result, page);
    assertThat(page.toString()).contains("NOT VERIFIED");
    assertThat(result.entries())
        .filteredOn(entry -> entry.log().equals(OUTGOING) && entry.seq() == 6)
        .singleElement()
        .satisfies(entry -> assertThat(entry.signed()).isFalse());
    assertThat(result.entries())
        .filteredOn(entry -> entry.log().equals(OUTGOING) && entry.seq() <= 3)
        .allSatisfy(entry -> assertThat(entry.signed()).isTrue());
    assertThat(result.entries())
        .filteredOn(entry -> entry.log().equals(INCOMING))
        .allSatisfy(entry -> assertThat(entry.receipted()).isTrue());
  }

  /**
   * An export of a link that holds shared objects: {@code verify-export} recomputes them from the
   * change entries in the file alone and prints the link's state hash that {@code verify} prints on
   * each node, so an auditor can compare the three.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class A_link_with_shared_objects {
    private static final String TITLE = "Vessel adrift near the buoy";
    private static final Pattern SHARED =
        Pattern.compile(
            "shared objects \\S+: (\\d+ incidents, \\d+ commitments, \\d+ concerns, \\d+ refused"
                + " changes); state hash ([0-9a-f]{64}) at ");

    private Path usDir;
    private Path cnDir;
    private List<IdentityCard> linkCards;
    private List<Path> linkCardFiles;
    private Path exported;

    @BeforeAll
    void two_nodes_open_an_incident_and_agree_a_commitment_and_one_exports_the_link()
        throws IOException {
      Path dir = root.resolve("shared-objects");
      NodeHome usHome = Nodes.init(dir, "us");
      NodeHome cnHome = Nodes.init(dir, "cn");
      usDir = usHome.dir();
      cnDir = cnHome.dir();
      linkCards = List.of(usHome.card(), cnHome.card());
      linkCardFiles = List.of(dir.resolve("us.card.json"), dir.resolve("cn.card.json"));
      for (int i = 0; i < 2; i++) {
        Files.write(linkCardFiles.get(i), Json.mapper().writeValueAsBytes(linkCards.get(i)));
      }
      try (Node us = Nodes.start(usHome);
          Node cn = Nodes.start(cnHome)) {
        Nodes.pair(us, cn);
        ChangeReaders.await(us, cn);
        Api usApi = new Api(us.home(), us.apiPort());
        Api cnApi = new Api(cn.home(), cn.apiPort());
        Api.Response incident =
            usApi.post(
                "/api/v1/incidents",
                "{\"peer\":\"cn\",\"title\":\"" + TITLE + "\",\"severity\":3}");
        assertThat(incident.status()).as(incident.raw().body()).isEqualTo(201);
        Api.Response commitment =
            cnApi.post(
                "/api/v1/commitments",
                "{\"peer\":\"us\",\"owed_by\":\"cn\",\"what\":\"Tow the vessel to port\","
                    + "\"due\":\"2030-01-01T00:00:00Z\"}");
        assertThat(commitment.status()).as(commitment.raw().body()).isEqualTo(201);
        String commitmentPath =
            "/api/v1/commitments/" + commitment.body().path("change").path("id").asText();
        Await.until(
            "us sees the commitment",
            Duration.ofSeconds(30),
            () -> usApi.get(commitmentPath).status() == 200);
        Api.Response agreed = usApi.post(commitmentPath + "/changes", "{\"agree\":true}");
        assertThat(agreed.status()).as(agreed.raw().body()).isEqualTo(201);
        translatedAndDisputed(usApi, cnApi);
        Await.until(
            "cn sees the commitment agreed, both nodes at the same log sizes",
            Duration.ofSeconds(30),
            () -> {
              JsonNode onCn = cnApi.get(commitmentPath).body();
              return onCn.path("state").asText().equals("AGREED")
                  && onCn.path("as_of").equals(usApi.get(commitmentPath).body().path("as_of"));
            });
      }
      exported = dir.resolve("us-cn.transcript.jsonl");
      Cli.Run export = exportToCn(dir, usDir, exported);
      assertThat(export.exitCode()).as(export.output()).isZero();
    }

    /**
     * us sends a message, cn translates it and us disputes the translation: changes whose rules ask
     * where the message stands, which the export's verifier must read from the message entries.
     */
    private static void translatedAndDisputed(Api usApi, Api cnApi) {
      Api.Response sent =
          usApi.post(
              "/api/v1/messages",
              "{\"to\":\"cn\",\"precedence\":\"ROUTINE\",\"subject\":\"Buoy\","
                  + "\"body\":\"The vessel drifts north.\"}");
      assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
      String message = "/api/v1/messages/" + sent.body().path("id").asText();
      Await.until(
          "cn holds the message", Duration.ofSeconds(30), () -> cnApi.get(message).status() == 200);
      Api.Response translated =
          cnApi.post(message + "/translations", "{\"language\":\"zh\",\"text\":\"船向北漂流。\"}");
      assertThat(translated.status()).as(translated.raw().body()).isEqualTo(201);
      String change = translated.body().path("change").path("id").asText();
      Await.until(
          "us holds the translation",
          Duration.ofSeconds(30),
          () -> usApi.get(message).body().path("translations").size() == 1);
      Api.Response disputed =
          usApi.post(
              message + "/translations/" + change + "/dispute", "{\"note\":\"It drifts south.\"}");
      assertThat(disputed.status()).as(disputed.raw().body()).isEqualTo(201);
      Await.until(
          "cn holds the dispute",
          Duration.ofSeconds(30),
          () ->
              cnApi.get(message).body().path("translations").path(0).path("disputes").size() == 1);
    }

    @Test
    void verify_export_prints_the_state_hash_that_verify_prints_on_both_nodes() throws IOException {
      Cli.Run onUs = Cli.run(root, "verify", "--dir", usDir.toString());
      Cli.Run onCn = Cli.run(root, "verify", "--dir", cnDir.toString());
      Cli.Run ofExport = verifyExport(exported);
      Cli.Run ofExportAsJson = verifyExport(exported, "--json");

      for (Cli.Run run : List.of(onUs, onCn, ofExport)) {
        assertThat(run.exitCode()).as(run.output()).isZero();
      }
      Matcher us = shared(onUs);
      Matcher cn = shared(onCn);
      Matcher export = shared(ofExport);
      assertThat(export.group(1))
          .isEqualTo("1 incidents, 1 commitments, 0 concerns, 0 refused changes");
      assertThat(export.group(2)).isEqualTo(us.group(2)).isEqualTo(cn.group(2));
      assertThat(ofExport.output())
          .contains("shared objects us/cn: ")
          .contains("OK: ")
          .contains("entries checked against the cards given");
      JsonNode json = Json.mapper().readTree(ofExportAsJson.output());
      assertThat(json.path("ok").asBoolean()).isTrue();
      assertThat(json.path("shared").path(0).path("state_hash").asText())
          .isEqualTo(export.group(2));
      assertThat(json.path("shared").path(0).path("incidents").asLong()).isOne();
    }

    @Test
    void verify_export_refuses_an_export_whose_change_entry_was_altered_and_prints_no_state()
        throws IOException {
      List<String> lines = Files.readAllLines(exported, StandardCharsets.UTF_8);
      int index = -1;
      for (int i = 0; i < lines.size() && index < 0; i++) {
        JsonNode line = json(lines.get(i));
        if (line.path("type").asText().equals("entry")
            && decoded(line).contains("\"kind\":\"change\"")
            && decoded(line).contains(TITLE)) {
          index = i;
        }
      }
      assertThat(index).as("the entry that opened the incident").isNotNegative();
      ObjectNode line = (ObjectNode) json(lines.get(index));
      String altered = decoded(line).replace(TITLE, "Vessel sunk near the buoy");
      line.put(
          "entry", Base64.getEncoder().encodeToString(altered.getBytes(StandardCharsets.UTF_8)));
      Path tampered = exported.resolveSibling("altered-change.transcript.jsonl");
      Files.writeString(tampered, String.join("\n", replaced(lines, index, line)) + "\n");

      Cli.Run run = verifyExport(tampered);

      assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
      assertThat(run.output())
          .contains("FAIL " + line.path("log").asText() + " #")
          .contains("FAILED: ")
          .doesNotContain("shared objects");
      TranscriptVerifier.Result result =
          verify(Files.readAllLines(tampered, StandardCharsets.UTF_8), linkCards);
      assertThat(result.findings())
          .anySatisfy(
              finding ->
                  assertThat(
                          Named.entry(
                              finding, line.path("log").asText(), line.path("seq").asLong()))
                      .as(finding.toString())
                      .isTrue());
      assertThat(result.shared()).isEmpty();
    }

    private Cli.Run verifyExport(Path file, String... more) {
      List<String> arguments =
          new ArrayList<>(
              List.of(
                  "verify-export",
                  file.toString(),
                  "--card",
                  linkCardFiles.get(0).toString(),
                  "--card",
                  linkCardFiles.get(1).toString()));
      arguments.addAll(List.of(more));
      return Cli.run(root, arguments.toArray(String[]::new));
    }

    private static Matcher shared(Cli.Run run) {
      Matcher matcher = SHARED.matcher(run.output());
      assertThat(matcher.find()).as(run.output()).isTrue();
      return matcher;
    }

    private static String decoded(JsonNode line) {
      return new String(
          Base64.getDecoder().decode(line.path("entry").asText()), StandardCharsets.UTF_8);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** {@code hotline export} of the link to cn from the node at {@code home} into {@code out}. */
  private static Cli.Run exportToCn(Path workingDirectory, Path home, Path out) {
    return Cli.run(
        workingDirectory,
        "export",
        "--dir",
        home.toString(),
        "--peer",
        "cn",
        "--out",
        out.toString());
  }

  private static TranscriptVerifier.Result verify(List<String> lines, List<IdentityCard> given) {
    byte[] file = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      return new TranscriptVerifier().verify(new ByteArrayInputStream(file), given);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines() {
    try {
      return List.copyOf(Files.readAllLines(transcript, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(String line) {
    try {
      return Json.mapper().readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int lineOf(List<String> lines, String type, String log, String field, long value) {
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = json(lines.get(i));
      if (line.path("type").asText().equals(type)
          && line.path("log").asText().equals(log)
          && line.path(field).asLong() == value) {
        return i;
      }
    }
    throw new AssertionError("no " + type + " line for " + log + " " + field + " " + value);
  }

  private static int entryLine(List<String> lines, String log, long seq) {
    return lineOf(lines, "entry", log, "seq", seq);
  }

  private static List<String> replaced(List<String> lines, int index, JsonNode line) {
    List<String> out = new ArrayList<>(lines);
    out.set(index, line.toString());
    return out;
  }

  private static List<String> without(List<String> lines, int index) {
    List<String> out = new ArrayList<>(lines);
    out.remove(index);
    return out;
  }

  private static List<String> with(List<String> lines, int index, String line) {
    List<String> out = new ArrayList<>(lines);
    out.add(index, line);
    return out;
  }

  private static List<String> swapped(List<String> lines, int first, int second) {
    List<String> out = new ArrayList<>(lines);
    out.set(first, lines.get(second));
    out.set(second, lines.get(first));
    return out;
  }

  /**
   * Changes one letter of the entry's body and re-encodes it: still a well-formed entry, but not
   * the signed one.
   */
  private static UnaryOperator<List<String>> changeBody(String log, long seq) {
    return lines -> {
      int index = entryLine(lines, log, seq);
      ObjectNode line = (ObjectNode) json(lines.get(index));
      String entry =
          new String(
              Base64.getDecoder().decode(line.get("entry").asText()), StandardCharsets.UTF_8);
      int body = entry.indexOf("\"body\":\"message") + "\"body\":\"".length();
      String changed = entry.substring(0, body) + "M" + entry.substring(body + 1);
      line.put(
          "entry", Base64.getEncoder().encodeToString(changed.getBytes(StandardCharsets.UTF_8)));
      return replaced(lines, index, line);
    };
  }

  /** The checkpoint's root changed in place, the writer's signature line kept. */
  private static List<String> changeCheckpointRoot(List<String> lines, String log, long size) {
    int index = lineOf(lines, "checkpoint", log, "size", size);
    ObjectNode line = (ObjectNode) json(lines.get(index));
    SignedNote note = SignedNote.parse(line.get("note").asText());
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    byte[] root = checkpoint.root();
    root[0] ^= 0x01;
    line.put(
        "note", new SignedNote(new Checkpoint(log, size, root).body(), note.signatures()).encode());
    return replaced(lines, index, line);
  }

  /** The receipt with only the writer's signature left: the reader's cosignature line is gone. */
  private static List<String> dropCosignature(List<String> lines, String log, long size) {
    int index = lineOf(lines, "receipt", log, "size", size);
    ObjectNode line = (ObjectNode) json(lines.get(index));
    SignedNote note = SignedNote.parse(line.get("note").asText());
    assertThat(note.signatures()).hasSize(2);
    line.put("note", new SignedNote(note.text(), note.signatures().subList(0, 1)).encode());
    return replaced(lines, index, line);
  }

  /**
   * A well-formed entry the writer never signed, appended to the log's entries, with the log line's
   * size and the end line's count made to agree: only the signatures can tell.
   */
  private static List<String> appendForgedEntry(List<String> lines, String log) {
    LogOrigin origin = LogOrigin.parse(log);
    long seq = SIZE + 1;
    Instant created = Instant.parse("2030-01-01T00:00:00Z");
    Draft draft =
        new Draft(
            origin.reader(),
            Precedence.FLASH,
            StatusFlag.ACTUAL,
            "forged",
            "we never said this",
            "en",
            null);
    byte[] entry =
        EntryCodec.encode(
            new MessageEntry(
                origin, seq, MessageId.generate(created, new SecureRandom()), created, draft));
    ObjectNode entryLine = (ObjectNode) json(lines.get(entryLine(lines, log, SIZE)));
    entryLine.put("seq", seq).put("entry", Base64.getEncoder().encodeToString(entry));
    List<String> out = with(lines, entryLine(lines, log, SIZE) + 1, entryLine.toString());
    int logLine = lineOf(out, "log", log, "size", SIZE);
    out = replaced(out, logLine, ((ObjectNode) json(out.get(logLine))).put("size", seq));
    int end = out.size() - 1;
    return replaced(out, end, ((ObjectNode) json(out.get(end))).put("lines", end));
  }

  /** The header's card for {@code party} with another (valid) signing key of the same name. */
  private static List<String> replaceSigningKey(List<String> lines, String party) {
    ObjectNode header = (ObjectNode) json(lines.get(0));
    String otherKey =
        NoteSigner.generate(IdentityCard.signingKeyName(PartyId.of(party)), new SecureRandom())
            .verifier()
            .vkey();
    header
        .withArray("parties")
        .forEach(
            card -> {
              if (card.get("party").asText().equals(party)) {
                ((ObjectNode) card).put("signing_key", otherKey);
              }
            });
    return replaced(lines, 0, header);
  }
}
