package org.hotline.federation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.Json;
import org.hotline.identity.TlsIdentity;
import org.hotline.link.Batch;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.Peer;
import org.hotline.link.PeerTransport;
import org.hotline.link.PeerUnreachableException;
import org.hotline.link.RemoteLogState;

/**
 * The link's transport over the federation port. Each peer gets its own HTTP client whose TLS
 * context trusts only that peer's pinned certificate. Thread-safe.
 */
public final class FederationClient implements PeerTransport, AutoCloseable {
  /** A peer on the same continent answers a TCP handshake in well under a second. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /**
   * A full batch is a few MiB and one fsync on the peer; anything slower is treated as a failure.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

  /** Responses are small JSON documents; a larger one is a misbehaving peer. */
  static final int RESPONSE_BYTES_MAX = 1024 * 1024;

  private static final ObjectMapper JSON = Json.mapper();

  /**
   * Reads the peer's answers: like {@link Json#mapper()}, except that a field this node does not
   * know is skipped, so that a newer peer's optional fields never break the link to an older node
   * (docs/protocol.md §11). Requests, which a server reads, stay strict.
   */
  private static final ObjectReader ANSWERS =
      JSON.reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final TlsIdentity identity;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
  private final Map<org.hotline.identity.PartyId, Integer> current = new ConcurrentHashMap<>();

  public FederationClient(TlsIdentity identity) {
    this.identity = identity;
  }

  @Override
  public RemoteLogState state(Peer peer, String log) {
    URI uri =
        endpoint(peer)
            .resolve("/federation/v1/state?log=" + URLEncoder.encode(log, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
    Wire.StateResponse response = exchange(peer, request, Wire.StateResponse.class);
    return new RemoteLogState(response.size(), response.checkpoint());
  }

  @Override
  public org.hotline.link.BatchAnswer push(Peer peer, Batch batch) {
    List<String> entries = new ArrayList<>(batch.entries().size());
    Base64.Encoder base64 = Base64.getEncoder();
    batch.entries().forEach(entry -> entries.add(base64.encodeToString(entry)));
    byte[] body;
    try {
      body =
          JSON.writeValueAsBytes(
              new Wire.BatchRequest(batch.log(), batch.firstSeq(), entries, batch.checkpoint()));
    } catch (IOException e) {
      throw new IllegalStateException("batch cannot be serialized", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(endpoint(peer).resolve("/federation/v1/batches"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    Wire.BatchResponse response = exchange(peer, request, Wire.BatchResponse.class);
    if (response.size() != batch.endSize() || response.cosignature() == null) {
      throw new PeerUnreachableException(
          "peer answered a batch ending at "
              + batch.endSize()
              + " with a receipt for "
              + response.size());
    }
    return new org.hotline.link.BatchAnswer(
        response.cosignature(), uninterpretable(peer, batch, response.uninterpretable()));
  }

  /**
   * The entries the peer says it could not interpret; each must name a place in the batch, at most
   * once, or the answer is not one (as for any malformed answer, the state is asked next).
   */
  private static List<org.hotline.link.entry.UninterpretableEntry> uninterpretable(
      Peer peer, Batch batch, List<Wire.Uninterpretable> listed) {
    if (listed == null) {
      return List.of();
    }
    List<org.hotline.link.entry.UninterpretableEntry> entries = new ArrayList<>(listed.size());
    long previous = batch.firstSeq() - 1;
    for (Wire.Uninterpretable entry : listed) {
      if (entry == null || entry.seq() <= previous || entry.seq() > batch.endSize()) {
        throw new PeerUnreachableException(
            peer.id()
                + " named uninterpretable entries outside the batch "
                + batch.firstSeq()
                + ".."
                + batch.endSize()
                + " or out of order");
      }
      previous = entry.seq();
      entries.add(new org.hotline.link.entry.UninterpretableEntry(entry.seq(), entry.reason()));
    }
    return entries;
  }

  @Override
  public org.hotline.link.CheckpointExchange.Answer exchange(
      Peer peer, List<org.hotline.link.CheckpointView> views, List<String> divergences) {
    return exchange(peer, views, divergences, null);
  }

  @Override
  public org.hotline.link.CheckpointExchange.Answer exchange(
      Peer peer,
      List<org.hotline.link.CheckpointView> views,
      List<String> divergences,
      String stateHash) {
    byte[] body;
    try {
      body =
          JSON.writeValueAsBytes(
              new Wire.ExchangeRequest(
                  views.stream()
                      .map(v -> new Wire.View(v.log(), v.size(), v.checkpoint()))
                      .toList(),
                  divergences,
                  stateHash));
    } catch (IOException e) {
      throw new IllegalStateException("views cannot be serialized", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(endpoint(peer).resolve("/federation/v1/checkpoints"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    Wire.ExchangeResponse response = exchange(peer, request, Wire.ExchangeResponse.class);
    List<org.hotline.link.CheckpointView> theirs =
        response.views() == null
            ? List.of()
            : response.views().stream()
                .map(v -> new org.hotline.link.CheckpointView(v.log(), v.size(), v.checkpoint()))
                .toList();
    return new org.hotline.link.CheckpointExchange.Answer(
        theirs,
        response.divergences() == null ? List.of() : response.divergences(),
        stateHash == null ? null : response.stateHash());
  }

  /**
   * {@inheritDoc} A 404 is the answer of a node that predates capabilities; any other refusal is a
   * failure.
   */
  @Override
  public java.util.Optional<org.hotline.link.PeerCapabilities> capabilities(Peer peer) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint(peer).resolve("/federation/v1/capabilities"))
            .timeout(REQUEST_TIMEOUT)
            .GET()
            .build();
    HttpResponse<byte[]> response = send(peer, request);
    if (response.statusCode() == 404) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        read(peer, response, Wire.CapabilitiesResponse.class).capabilities());
  }

  private <T> T exchange(Peer peer, HttpRequest request, Class<T> type) {
    return read(peer, send(peer, request), type);
  }

  /**
   * Sends the request; throws {@link PeerUnreachableException} when no answer of bounded size came.
   */
  private HttpResponse<byte[]> send(Peer peer, HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = client(peer).send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new PeerUnreachableException(
          peer.id() + " at " + request.uri().getAuthority() + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerUnreachableException("interrupted while talking to " + peer.id());
    }
    byte[] body = response.body();
    if (body.length > RESPONSE_BYTES_MAX) {
      throw new PeerUnreachableException(peer.id() + " answered with " + body.length + " bytes");
    }
    return response;
  }

  /**
   * The answer as {@code type}; a 4xx problem document as {@link BatchRefusedException}, anything
   * else as {@link PeerUnreachableException}.
   */
  private static <T> T read(Peer peer, HttpResponse<byte[]> response, Class<T> type) {
    byte[] body = response.body();
    try {
      if (response.statusCode() == 200) {
        T answer = ANSWERS.forType(type).readValue(body);
        if (answer == null) {
          throw new PeerUnreachableException(peer.id() + " answered HTTP 200 with null");
        }
        return answer;
      }
      if (response.statusCode() >= 400 && response.statusCode() < 500) {
        Wire.Problem problem = ANSWERS.forType(Wire.Problem.class).readValue(body);
        String kind =
            problem.type() != null && problem.type().startsWith(Wire.PROBLEM_PREFIX)
                ? problem.type().substring(Wire.PROBLEM_PREFIX.length())
                : "http-" + response.statusCode();
        throw BatchRefusedException.fromPeer(
            kind,
            peer.id() + " refused: " + problem.detail(),
            problem.size() == null ? -1 : problem.size());
      }
    } catch (IOException e) {
      throw new PeerUnreachableException(
          peer.id()
              + " answered HTTP "
              + response.statusCode()
              + " with a body that is not the expected JSON");
    }
    throw new PeerUnreachableException(peer.id() + " answered HTTP " + response.statusCode());
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private URI endpoint(Peer peer) {
    return endpoint(peer, currentEndpoint(peer));
  }

  private static URI endpoint(Peer peer, int index) {
    if (peer.endpoints().isEmpty()) {
      throw new PeerUnreachableException("peer " + peer.id() + " has no endpoint");
    }
    return peer.endpoints().get(Math.floorMod(index, peer.endpoints().size()));
  }

  @Override
  public Batch pull(Peer peer, String log, long after, String receipt) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(new Wire.PullRequest(log, after, receipt));
    } catch (IOException e) {
      throw new IllegalStateException("pull cannot be serialized", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(endpoint(peer).resolve("/federation/v1/pull"))
            .timeout(REQUEST_TIMEOUT.plus(org.hotline.link.Links.PULL_WAIT_MAX))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    Wire.PullResponse response = exchange(peer, request, Wire.PullResponse.class);
    if (response.firstSeq() == null || response.entries() == null || response.entries().isEmpty()) {
      return null;
    }
    return new Batch(
        response.log(),
        response.firstSeq(),
        entries(peer, response.entries()),
        response.checkpoint());
  }

  @Override
  public org.hotline.link.RecoveryPage recoveryPage(Peer peer, String log, long after) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(new Wire.RecoveryRequest(log, after));
    } catch (IOException e) {
      throw new IllegalStateException("recovery request cannot be serialized", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(endpoint(peer).resolve("/federation/v1/recovery"))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    Wire.RecoveryResponse response = exchange(peer, request, Wire.RecoveryResponse.class);
    List<byte[]> entries =
        entries(peer, response.entries() == null ? List.of() : response.entries());
    return new org.hotline.link.RecoveryPage(
        response.log(),
        response.size(),
        response.checkpoint(),
        response.firstSeq(),
        entries,
        response.receipt());
  }

  /** The entries of an answer, decoded from base64; a refusal if one is not base64. */
  private static List<byte[]> entries(Peer peer, List<String> encoded) {
    List<byte[]> entries = new ArrayList<>(encoded.size());
    Base64.Decoder base64 = Base64.getDecoder();
    for (String entry : encoded) {
      try {
        entries.add(base64.decode(entry));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new BatchRefusedException(
            BatchRefusedException.Kind.BAD_BATCH,
            peer.id() + " sent an entry that is not base64",
            -1);
      }
    }
    return entries;
  }

  @Override
  public int currentEndpoint(Peer peer) {
    int index = current.getOrDefault(peer.id(), 0);
    return peer.endpoints().isEmpty() ? 0 : Math.floorMod(index, peer.endpoints().size());
  }

  @Override
  public void selectEndpoint(Peer peer, int endpoint) {
    current.put(peer.id(), endpoint);
  }

  @Override
  public String heartbeat(Peer peer, int endpoint, String note, Duration timeout) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(new Wire.HeartbeatMessage(note));
    } catch (IOException e) {
      throw new IllegalStateException("heartbeat cannot be serialized", e);
    }
    HttpRequest request =
        HttpRequest.newBuilder(endpoint(peer, endpoint).resolve("/federation/v1/heartbeat"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return exchange(peer, request, Wire.HeartbeatMessage.class).note();
  }

  private HttpClient client(Peer peer) {
    String pinned = peer.card().tlsCertificateSha256();
    return clients.computeIfAbsent(
        pinned,
        fingerprint ->
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .sslContext(Tls.context(identity, fingerprint::equals))
                .build());
  }

  @Override
  public void close() {
    clients.values().forEach(HttpClient::close);
  }
}
