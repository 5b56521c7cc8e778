package org.hotline.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.hotline.app.Main;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.app.WitnessSetup;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.record.TranscriptVerifier;
import org.hotline.testing.Api;
import org.hotline.testing.Nodes;
import org.hotline.testing.TestPeer;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.MemoryTree;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.MerkleProofs;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.NoteVerifier;
import org.hotline.transcript.SignedNote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real witness node ({@code osce}) and two real nodes: {@code us} submits its log to {@code cn}
 * to the witness, which was told the origin and {@code us}'s signing key. Everything is set up with
 * the {@code hotline witness} commands and runs over real HTTP on loopback.
 */
class WitnessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ORIGIN = "hotline/us/cn";

  @TempDir Path dir;

  private NodeHome osceHome;
  private NodeHome usHome;
  private NodeHome cnHome;
  private Node osce;
  private Node us;
  private Node cn;
  private int witnessPort;
  private NoteVerifier witnessKey;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    osceHome = Nodes.init(dir, "osce");
    usHome = Nodes.init(dir, "us");
    cnHome = Nodes.init(dir, "cn");
    witnessPort = Nodes.freePort();
    cli(
        "witness",
        "init",
        "--dir",
        osceHome.dir().toString(),
        "--port",
        String.valueOf(witnessPort));
    cli(
        "witness",
        "add-log",
        "--dir",
        osceHome.dir().toString(),
        "--origin",
        ORIGIN,
        "--key",
        usHome.card().signingKey());
    witnessKey = NodeHome.open(osceHome.dir()).witnessSigner().verifier();
    cli(
        "witness",
        "use",
        "--dir",
        usHome.dir().toString(),
        "--url",
        "http://127.0.0.1:" + witnessPort + "/witness/v1",
        "--key",
        witnessKey.vkey());
    osce = Nodes.start(osceHome);
    us = Nodes.start(usHome);
    cn = Nodes.start(cnHome);
    Nodes.pair(us, cn);
  }

  @AfterEach
  void stop() {
    for (Node node : new Node[] {us, cn, osce}) {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  void the_senders_receipted_checkpoints_get_witness_cosignatures_that_verify() throws Exception {
    long size = sendAndAwaitWitnessed(3);

    assertThat(witnessedSize()).isEqualTo(size);
    Path export = dir.resolve("us-cn.jsonl");
    assertThat(
            cli(
                "export",
                "--dir",
                usHome.dir().toString(),
                "--peer",
                "cn",
                "--out",
                export.toString()))
        .isZero();
    TranscriptVerifier.Result result;
    try (var in = Files.newInputStream(export)) {
      result =
          new TranscriptVerifier()
              .verify(in, List.of(usHome.card(), cnHome.card()), List.of(witnessKey));
    }
    assertThat(result.findings()).isEmpty();
    assertThat(result.witnessed())
        .anySatisfy(
            w -> {
              assertThat(w.log()).isEqualTo(ORIGIN);
              assertThat(w.size()).isEqualTo(size);
              assertThat(w.witness()).isEqualTo(witnessKey.keyName());
            });
    assertThat(cli("verify-export", export.toString(), "--witness-key", witnessKey.vkey()))
        .isZero();
    assertThat(cli("verify", "--dir", usHome.dir().toString())).isZero();

    NoteVerifier impostor =
        NoteSigner.generate(witnessKey.keyName(), new java.security.SecureRandom()).verifier();
    try (var in = Files.newInputStream(export)) {
      TranscriptVerifier.Result forged =
          new TranscriptVerifier().verify(in, List.of(), List.of(impostor));
      assertThat(forged.findings())
          .extracting(Object::toString)
          .anyMatch(
              f ->
                  f.contains(
                      "the cosignature by witness "
                          + witnessKey.keyName()
                          + " over the checkpoint of size "
                          + size
                          + " does not verify"))
          .anyMatch(f -> f.contains("no valid cosignature by witness " + impostor.vkey()));
    }
  }

  @Test
  void a_checkpoint_of_a_rewritten_log_is_refused_as_inconsistent_and_kept_as_evidence()
      throws Exception {
    long size = sendAndAwaitWitnessed(2);
    MemoryTree forged = forgedLog(size + 2);

    HttpResponse<String> inconsistent =
        addCheckpoint(
            size,
            MerkleProofs.consistencyProof(size, size + 2, forged),
            signedByUs(size + 2, forged.root()));

    assertThat(inconsistent.statusCode()).isEqualTo(422);
    assertThat(inconsistent.body())
        .isEqualTo(
            "witness-inconsistent: the consistency proof from size "
                + size
                + " to "
                + (size + 2)
                + " of "
                + ORIGIN
                + " does not verify against the root this witness cosigned for size "
                + size
                + "\n");
    HttpResponse<String> sameSize =
        addCheckpoint(size, List.of(), signedByUs(size, MerkleProofs.rangeRoot(0, size, forged)));
    assertThat(sameSize.statusCode()).isEqualTo(409);
    assertThat(sameSize.body())
        .startsWith(
            "witness-root-mismatch: the checkpoint has size "
                + size
                + ", as the one last cosigned for "
                + ORIGIN
                + ", but a different root hash");
    assertThat(witnessedSize()).as("the witness still stands at the honest size").isEqualTo(size);
    var events = new Api(osceHome, osce.apiPort()).get("/api/v1/security-events").body().toString();
    assertThat(events)
        .contains(org.hotline.link.SecurityEvent.Kind.WITNESS_INCONSISTENT_CHECKPOINT.wire())
        .contains("not consistent with the cosigned size " + size);

    long later = sendAndAwaitWitnessed(1);
    assertThat(later).as("the honest log goes on being witnessed").isGreaterThan(size);
  }

  @Test
  void a_wrong_old_size_gets_409_with_the_witness_size() throws Exception {
    long size = sendAndAwaitWitnessed(2);
    MemoryTree forged = forgedLog(size + 1);

    HttpResponse<String> answer = addCheckpoint(0, List.of(), signedByUs(size + 1, forged.root()));

    assertThat(answer.statusCode()).isEqualTo(409);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/x.tlog.size"));
    assertThat(answer.body()).isEqualTo(size + "\n");
  }

  @Test
  void each_refusal_has_the_status_tlog_witness_gives_it_and_says_why() throws Exception {
    MemoryTree forged = forgedLog(4);
    String honest = signedByUs(4, forged.root());
    NoteSigner stranger = NoteSigner.generate("hotline/us", new java.security.SecureRandom());
    record Case(String what, byte[] body, int status, String detail) {}
    List<Case> cases =
        List.of(
            new Case(
                "old size above the checkpoint's",
                new AddCheckpointRequest(5, List.of(), honest).body(),
                400,
                "witness-bad-request: old size 5 is larger than the checkpoint's size 4"),
            new Case(
                "no old size line",
                "old 01\n\n".getBytes(),
                400,
                "witness-bad-request: the first line must be 'old <size>' in decimal without leading zeros, not 'old 01'"),
            new Case(
                "a proof line that is no hash",
                ("old 0\nAAAA\n\n" + honest).getBytes(),
                400,
                "witness-bad-request: consistency proof line 1 is not the canonical base64 of a 32-byte hash"),
            new Case(
                "a log it does not witness",
                new AddCheckpointRequest(
                        0,
                        List.of(),
                        SignedNote.sign(
                                new Checkpoint("hotline/cn/us", 4, forged.root()).body(), stranger)
                            .encode())
                    .body(),
                404,
                "witness-unknown-log: this witness does not witness the log hotline/cn/us"),
            new Case(
                "signed by another key",
                new AddCheckpointRequest(
                        0,
                        List.of(),
                        SignedNote.sign(new Checkpoint(ORIGIN, 4, forged.root()).body(), stranger)
                            .encode())
                    .body(),
                403,
                "witness-bad-signature: no signature on the checkpoint verifies against the key of "
                    + ORIGIN),
            new Case(
                "a proof where none is due",
                new AddCheckpointRequest(0, List.of(forged.root()), honest).body(),
                422,
                "witness-inconsistent: the consistency proof from size 0 to 4"));
    for (Case c : cases) {
      HttpResponse<String> answer = post(c.body());
      assertThat(answer.statusCode()).as(c.what()).isEqualTo(c.status());
      assertThat(answer.body()).as(c.what()).startsWith(c.detail());
    }
    assertThat(witnessedSize()).as("nothing was cosigned").isZero();
  }

  @Test
  void a_sender_that_lost_its_witness_cosignatures_resumes_from_the_witness_size()
      throws Exception {
    long size = sendAndAwaitWitnessed(2);
    us.close();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + usHome.database())) {
      db.createStatement().executeUpdate("DELETE FROM witness_cosignatures");
    }
    us = Nodes.start(usHome);

    long later = sendAndAwaitWitnessed(1);

    assertThat(later).isGreaterThan(size);
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Sends {@code count} messages from us to cn and waits until the witness cosigned all of them;
   * returns the size.
   */
  private long sendAndAwaitWitnessed(int count) throws InterruptedException {
    Api api = new Api(usHome, us.apiPort());
    long before = api.get("/api/v1/links").body().get("links").get(0).get("sent").asLong();
    for (int i = 0; i < count; i++) {
      Api.Response sent =
          api.post(
              "/api/v1/messages",
              "{\"to\":\"cn\",\"precedence\":\"ROUTINE\",\"subject\":\"witnessed "
                  + i
                  + "\",\"body\":\"text\"}");
      assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    }
    long target =
        await(
            "all sent and receipted",
            () -> {
              var link = api.get("/api/v1/links").body().get("links").get(0);
              long sent = link.get("sent").asLong();
              return sent >= before + count && link.get("in_flight").asLong() == 0 ? sent : -1;
            });
    await("witnessed by the sender's record", () -> senderWitnessedSize() == target ? target : -1);
    await("witnessed by the witness's record", () -> witnessedSize() == target ? target : -1);
    return target;
  }

  private long senderWitnessedSize() {
    var uses = WitnessSetup.status(usHome.dir()).witnesses();
    return uses.isEmpty() ? 0 : uses.get(0).witnessedSizes().getOrDefault(ORIGIN, 0L);
  }

  private long witnessedSize() {
    return WitnessSetup.status(osceHome.dir()).logs().get(0).size();
  }

  private static long await(String what, LongSupplier value) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      long current = value.getAsLong();
      if (current >= 0) {
        return current;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not " + what + " within " + WAIT);
  }

  /**
   * A log of {@code size} entries that us never wrote, as if its record were rewritten: real
   * entries, other content.
   */
  private static MemoryTree forgedLog(long size) {
    LogOrigin log = new LogOrigin(PartyId.of("us"), PartyId.of("cn"));
    List<byte[]> leaves = new ArrayList<>();
    for (long seq = 1; seq <= size; seq++) {
      leaves.add(MerkleHash.leaf(TestPeer.message(log, seq, "rewritten " + seq)));
    }
    return MemoryTree.of(leaves);
  }

  /** A checkpoint of hotline/us/cn signed with us's real signing key. */
  private String signedByUs(long size, byte[] root) {
    return SignedNote.sign(new Checkpoint(ORIGIN, size, root).body(), usHome.signer()).encode();
  }

  private HttpResponse<String> addCheckpoint(long oldSize, List<byte[]> proof, String checkpoint)
      throws Exception {
    return post(new AddCheckpointRequest(oldSize, proof, checkpoint).body());
  }

  private HttpResponse<String> post(byte[] body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + witnessPort + "/witness/v1/add-checkpoint"))
            .timeout(WAIT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static int cli(String... args) {
    return Main.run(args);
  }
}
