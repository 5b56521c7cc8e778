package org.hotline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.federation.Tls;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.identity.TlsIdentity;
import org.hotline.link.Batch;
import org.hotline.link.Peer;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.Cosignature;
import org.hotline.transcript.Frontier;
import org.hotline.transcript.MerkleHash;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.SignedNote;

/**
 * A party of its own, with a real signing key and TLS identity, that speaks the federation protocol
 * to a node under test over real mutual TLS, and can say anything: honest batches, crafted ones,
 * raw bytes. It keeps the entries the node has accepted from it (its log as the node holds it), so
 * that honest batches continue that log and crafted ones can contradict it.
 *
 * <p>Not thread-safe: one test drives one peer.
 */
public final class TestPeer implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PartyId id;
  private final PartyId node;
  private final NoteSigner signer;
  private final TlsIdentity tls;
  private final HttpClient client;
  private final URI base;
  private final String nodeFingerprint;
  private final IdentityCard nodeCard;
  private final List<byte[]> accepted = new ArrayList<>();

  private TestPeer(PartyId id, Node node, NoteSigner signer, TlsIdentity tls) {
    this.id = id;
    this.node = node.home().party();
    this.signer = signer;
    this.tls = tls;
    this.nodeFingerprint = node.home().tls().fingerprint();
    this.nodeCard = node.home().card();
    this.base = URI.create("https://127.0.0.1:" + node.federationPort());
    this.client = client(Tls.context(tls, nodeFingerprint::equals));
  }

  /** A new party whose card is pinned on {@code node}, as an administrator would pair it. */
  public static TestPeer pinnedOn(Node node, String party) {
    TestPeer peer = stranger(node, party);
    node.addPeer(new Peer(peer.card(), List.of()));
    return peer;
  }

  /** A new party that {@code node} has never heard of; it pins the node's certificate itself. */
  public static TestPeer stranger(Node node, String party) {
    PartyId id = PartyId.of(party);
    return new TestPeer(
        id,
        node,
        NoteSigner.generate(IdentityCard.signingKeyName(id), RANDOM),
        TlsIdentity.generate(id, Instant.now(), RANDOM));
  }

  /** An HTTP/1.1 client over {@code tls}, as the node's own federation client is built. */
  public static HttpClient client(SSLContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .sslContext(tls)
        .build();
  }

  public PartyId id() {
    return id;
  }

  public NoteSigner signer() {
    return signer;
  }

  public TlsIdentity tls() {
    return tls;
  }

  public IdentityCard card() {
    return new IdentityCard(
        IdentityCard.CURRENT_VERSION,
        id,
        "Test party " + id,
        signer.verifier().vkey(),
        tls.fingerprint(),
        List.of());
  }

  /** The log this peer writes to the node: {@code hotline/<peer>/<node>}. */
  public LogOrigin log() {
    return new LogOrigin(id, node);
  }

  /** How many entries of {@link #log()} the node has accepted from this peer. */
  public long size() {
    return accepted.size();
  }

  /** The accepted entries, in order: entry {@code seq} is at index {@code seq - 1}. */
  public List<byte[]> accepted() {
    return List.copyOf(accepted);
  }

  // ------------------------------------------------------------------ entries and checkpoints

  /** The canonical bytes of a fresh ROUTINE TEST message at {@code seq} of {@code log}. */
  public static byte[] message(LogOrigin log, long seq, String subject) {
    Instant now = Instant.now();
    Draft draft =
        new Draft(
            log.reader(),
            Precedence.ROUTINE,
            StatusFlag.TEST,
            subject,
            "Body of " + subject,
            "en",
            null);
    return EntryCodec.encode(
        new MessageEntry(log, seq, MessageId.generate(now, RANDOM), now, draft));
  }

  /**
   * A ROUTINE TEST message entry of format 1 written by hand as docs/protocol.md §3.2 defines its
   * canonical form, so that it does not depend on what today's encoder or drafts accept: a hostile
   * or older peer can sign text (control characters) that this node's own API refuses.
   */
  public static byte[] formatOneMessage(
      org.hotline.identity.LogOrigin log, long seq, String subject, String body) {
    java.time.Instant created =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String id =
        org.hotline.link.entry.MessageId.generate(created, new java.util.Random()).toString();
    String json =
        "{\"v\":1,\"kind\":\"message\",\"log\":"
            + canonical(log.text())
            + ",\"seq\":"
            + seq
            + ",\"from\":"
            + canonical(log.writer().value())
            + ",\"to\":"
            + canonical(log.reader().value())
            + ",\"id\":"
            + canonical(id)
            + ",\"created\":"
            + canonical(created.toString())
            + ",\"precedence\":\"ROUTINE\",\"status\":\"TEST\",\"language\":\"en\""
            + ",\"in_reply_to\":null,\"subject\":"
            + canonical(subject)
            + ",\"body\":"
            + canonical(body)
            + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON string escaped exactly as docs/protocol.md §3.2 says. */
  private static String canonical(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c)) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** {@code count} fresh entries that would continue this peer's log as the node holds it. */
  public List<byte[]> nextEntries(int count) {
    List<byte[]> entries = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      entries.add(message(log(), size() + i, "entry " + (size() + i) + " from " + id));
    }
    return entries;
  }

  /** The RFC 6962 root of {@code entries}, entry 1 first. */
  public static byte[] root(List<byte[]> entries) {
    Frontier frontier = Frontier.empty();
    entries.forEach(entry -> frontier.append(MerkleHash.leaf(entry), Frontier.NodeSink.NONE));
    return frontier.root();
  }

  /** The root of the accepted entries followed by {@code more}. */
  public byte[] rootWith(List<byte[]> more) {
    List<byte[]> all = new ArrayList<>(accepted);
    all.addAll(more);
    return root(all);
  }

  /** A C2SP signed-note checkpoint of {@code log}, signed by whoever holds {@code key}. */
  public static String checkpoint(NoteSigner key, LogOrigin log, long size, byte[] root) {
    return SignedNote.sign(new Checkpoint(log.text(), size, root).body(), key).encode();
  }

  /** A checkpoint of this peer's log, signed with this peer's pinned key. */
  public String checkpoint(long size, byte[] root) {
    return checkpoint(signer, log(), size, root);
  }

  /**
   * The batch an honest writer would send next: {@code entries} after the accepted ones, signed.
   */
  public Batch honestBatch(List<byte[]> entries) {
    return new Batch(
        log().text(), size() + 1, entries, checkpoint(size() + entries.size(), rootWith(entries)));
  }

  /**
   * Sends {@code count} new entries honestly, checks the receipt (the node's cosignature over our
   * checkpoint, by the node's key) and remembers them as accepted. Returns the batch, to replay.
   */
  public Batch deliver(int count) {
    Batch batch = honestBatch(nextEntries(count));
    deliver(batch);
    return batch;
  }

  /**
   * Sends {@code batch}, checks that it is receipted as {@link #deliver(int)} does, and remembers
   * its entries as accepted (whether or not the node could interpret them). Returns the answer.
   */
  public Response deliver(Batch batch) {
    Response response = push(batch);
    if (response.status() != 200) {
      throw new IllegalStateException("an honest batch was refused: " + response);
    }
    String cosignature = response.json().get("cosignature").asText();
    SignedNote receipt = SignedNote.parse(batch.checkpoint() + cosignature + "\n");
    Checkpoint checkpoint = Checkpoint.parse(receipt.text());
    boolean verifies =
        receipt.signatures().stream()
            .anyMatch(line -> Cosignature.verify(checkpoint, line, nodeCard.verifier()));
    if (!verifies || response.json().get("size").asLong() != batch.endSize()) {
      throw new IllegalStateException(
          "the receipt does not prove delivery of the batch: " + response);
    }
    accepted.addAll(batch.entries());
    return response;
  }

  // ------------------------------------------------------------------ the wire

  /** What the node answered: status, content type, and the body as text and (if it is) as JSON. */
  public record Response(int status, String contentType, String body, JsonNode json) {
    @Override
    public String toString() {
      return status
          + " "
          + contentType
          + " "
          + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body);
    }
  }

  /** {@code POST /federation/v1/batches} with the batch as the protocol encodes it. */
  public Response push(Batch batch) {
    return push(batch.log(), batch.firstSeq(), batch.entries(), batch.checkpoint());
  }

  public Response push(String log, long firstSeq, List<byte[]> entries, String checkpoint) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("log", log);
    body.put("first_seq", firstSeq);
    ArrayNode encoded = body.putArray("entries");
    entries.forEach(entry -> encoded.add(Base64.getEncoder().encodeToString(entry)));
    body.put("checkpoint", checkpoint);
    return postBatch(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@code POST /federation/v1/batches} with exactly these bytes as the body. */
  public Response postBatch(byte[] body) {
    return send(
        HttpRequest.newBuilder(base.resolve("/federation/v1/batches"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /**
   * {@code POST /federation/v1/checkpoints}: shows the node these views (log, size, signed
   * checkpoint) of the logs between us.
   */
  public Response showCheckpoints(List<org.hotline.link.CheckpointView> views) {
    ObjectNode body = Json.mapper().createObjectNode();
    ArrayNode encoded = body.putArray("views");
    views.forEach(
        view ->
            encoded
                .addObject()
                .put("log", view.log())
                .put("size", view.size())
                .put("checkpoint", view.checkpoint()));
    return send(
        HttpRequest.newBuilder(base.resolve("/federation/v1/checkpoints"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /** {@code POST /federation/v1/recovery}: the page of {@code log} after {@code after}. */
  public Response recovery(String log, long after) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("log", log);
    body.put("after", after);
    return postRecovery(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** {@code POST /federation/v1/recovery} with exactly these bytes as the body. */
  public Response postRecovery(byte[] body) {
    return send(
        HttpRequest.newBuilder(base.resolve("/federation/v1/recovery"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** {@code GET /federation/v1/state} of this peer's own log. */
  public Response state() {
    return state(log().text());
  }

  public Response state(String log) {
    return send(
        HttpRequest.newBuilder(
                base.resolve(
                    "/federation/v1/state?log=" + URLEncoder.encode(log, StandardCharsets.UTF_8)))
            .GET());
  }

  private Response send(HttpRequest.Builder request) {
    try {
      return read(
          client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new IllegalStateException("the node did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The same request as {@link #state()}, but over {@code tls}; throws what the client throws. */
  public HttpResponse<String> stateOver(SSLContext tlsContext)
      throws IOException, InterruptedException {
    try (HttpClient other = client(tlsContext)) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  base.resolve(
                      "/federation/v1/state?log="
                          + URLEncoder.encode(log().text(), StandardCharsets.UTF_8)))
              .timeout(TIMEOUT)
              .GET()
              .build();
      return other.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  /** The SHA-256 fingerprint of the node's TLS certificate, which this peer pins. */
  public String nodeFingerprint() {
    return nodeFingerprint;
  }

  private static Response read(HttpResponse<String> response) {
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    JsonNode json;
    try {
      json = Json.mapper().readTree(response.body());
    } catch (IOException notJson) {
      json = null;
    }
    return new Response(response.statusCode(), contentType, response.body(), json);
  }

  @Override
  public void close() {
    client.close();
  }
}
