package org.hotline.federation;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.hotline.Json;
import org.hotline.identity.TlsIdentity;
import org.hotline.link.Batch;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.Peer;
import org.hotline.link.PeerCapabilities;
import org.hotline.link.PeerDirectory;
import org.hotline.link.RemoteLogState;
import org.hotline.link.health.LinkBlocks;
import org.hotline.link.receive.Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The federation port: HTTPS with mutual TLS 1.3. Only a client presenting a pinned peer's
 * certificate completes the handshake; the certificate then says which peer is calling, and a peer
 * may only write its own log to us. Thread-safe.
 */
public final class FederationServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FederationServer.class);

  /**
   * Largest request body: a batch of at most 4 MiB of entry bytes is 5.4 MiB in base64, plus the
   * checkpoint and JSON punctuation. Larger requests are refused with 413 before they are read.
   */
  public static final long REQUEST_BYTES_MAX = 8L * 1024 * 1024;

  private static final ObjectMapper JSON = Json.mapper();
  private static final Map<BatchRefusedException.Kind, HttpStatus> STATUS =
      Map.of(
          BatchRefusedException.Kind.GAP, HttpStatus.CONFLICT,
          BatchRefusedException.Kind.ALREADY_STORED, HttpStatus.CONFLICT,
          BatchRefusedException.Kind.CONFLICTING_ENTRY, HttpStatus.CONFLICT,
          BatchRefusedException.Kind.WRONG_LOG, HttpStatus.FORBIDDEN,
          BatchRefusedException.Kind.UNKNOWN_PEER, HttpStatus.FORBIDDEN,
          BatchRefusedException.Kind.OVERSIZED, HttpStatus.CONTENT_TOO_LARGE,
          BatchRefusedException.Kind.BAD_BATCH, HttpStatus.BAD_REQUEST);

  private final Javalin app;
  private final RefusedHandshakes refusedHandshakes = new RefusedHandshakes();

  /**
   * Whether the batch answer may carry its optional {@code uninterpretable} list to a caller: when
   * the caller lists it (protocol.md §11.7 rule 3), or when this node has not learnt yet what the
   * caller reads (the first seconds after a start), so that a node of this version is not left
   * unaware; a caller of an earlier version treats such an answer as lost and takes the receipt
   * from GET /federation/v1/state (§11.1).
   */
  private static boolean mayAnswerUninterpretable(
      org.hotline.link.health.Capabilities.Known caller) {
    return caller.source() == org.hotline.link.health.Capabilities.Source.ASSUMED
        || caller.capabilities().optionalFields().contains(UNINTERPRETABLE_FIELD);
  }

  /** The batch answer's optional field, as capabilities name it (protocol.md §11.6). */
  private static final String UNINTERPRETABLE_FIELD =
      org.hotline.link.PeerCapabilities.BATCHES_UNINTERPRETABLE;

  public FederationServer(
      String host,
      int port,
      TlsIdentity identity,
      PeerDirectory peers,
      Receiver receiver,
      org.hotline.link.CheckpointExchange exchange,
      org.hotline.link.health.Heartbeats heartbeats,
      org.hotline.link.Links links) {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setSslContext(
        Tls.context(
            identity,
            fingerprint -> peers.byTlsFingerprint(fingerprint).isPresent(),
            refusedHandshakes::presented));
    tls.setNeedClientAuth(true);
    tls.setIncludeProtocols(Tls.PROTOCOL);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = REQUEST_BYTES_MAX;
              config.jsonMapper(new io.javalin.json.JavalinJackson(JSON, false));
              config.jetty.addConnector(
                  (server, httpConfig) -> {
                    HttpConfiguration https = new HttpConfiguration(httpConfig);
                    SecureRequestCustomizer secure = new SecureRequestCustomizer();
                    secure.setSniHostCheck(false);
                    secure.setSniRequired(false);
                    https.addCustomizer(secure);
                    ServerConnector connector =
                        new ServerConnector(
                            server,
                            new SslConnectionFactory(tls, "http/1.1"),
                            new HttpConnectionFactory(https));
                    connector.setHost(host);
                    connector.setPort(port);
                    connector.addBean(refusedHandshakes);
                    return connector;
                  });
              config.routes.post(
                  "/federation/v1/batches",
                  ctx -> batch(ctx, peers, receiver, links.blocks(), links.capabilities()));
              config.routes.get("/federation/v1/state", ctx -> state(ctx, peers, receiver));
              config.routes.post(
                  "/federation/v1/checkpoints", ctx -> checkpoints(ctx, peers, exchange));
              config.routes.post(
                  "/federation/v1/heartbeat", ctx -> heartbeat(ctx, peers, heartbeats));
              config.routes.post("/federation/v1/pull", ctx -> pull(ctx, peers, links));
              config.routes.post(
                  "/federation/v1/recovery", ctx -> recovery(ctx, peers, receiver, links));
              config.routes.get(
                  "/federation/v1/capabilities",
                  ctx -> {
                    caller(ctx, peers);
                    ctx.json(Wire.CapabilitiesResponse.of(PeerCapabilities.OWN));
                  });
              config.routes.exception(
                  org.hotline.InvalidInputException.class, (e, ctx) -> problem(ctx, refusal(e)));
              config.routes.exception(BatchRefusedException.class, (e, ctx) -> problem(ctx, e));
              config.routes.exception(IOException.class, (e, ctx) -> problem(ctx, refusal(e)));
              config.routes.error(
                  413,
                  ctx -> {
                    if (!isProblem(ctx)) {
                      problem(
                          ctx,
                          new BatchRefusedException(
                              BatchRefusedException.Kind.OVERSIZED,
                              "request body is over the limit of " + REQUEST_BYTES_MAX + " bytes",
                              -1));
                    }
                  });
            });
  }

  /**
   * Refused TLS handshakes become security events, rate-limited, given to {@code sink} with times
   * from {@code clock}; without this they are only logged.
   */
  public FederationServer raiseRefusedHandshakes(
      java.time.Clock clock, java.util.function.Consumer<org.hotline.link.SecurityEvent> sink) {
    refusedHandshakes.raiseTo(clock, sink);
    return this;
  }

  public FederationServer start() {
    app.start();
    return this;
  }

  public int port() {
    return app.port();
  }

  /** The request attribute that holds the calling peer's id once its certificate is known. */
  private static final String CALLER_ATTRIBUTE = "hotline.caller";

  private static Peer caller(Context ctx, PeerDirectory peers) {
    Object attribute = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
    if (!(attribute instanceof X509Certificate[] chain) || chain.length == 0) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.UNKNOWN_PEER, "no client certificate", -1);
    }
    String fingerprint = TlsIdentity.fingerprint(chain[0]);
    Peer peer =
        peers
            .byTlsFingerprint(fingerprint)
            .orElseThrow(
                () ->
                    new BatchRefusedException(
                        BatchRefusedException.Kind.UNKNOWN_PEER,
                        "certificate " + fingerprint + " is no longer pinned",
                        -1));
    ctx.attribute(CALLER_ATTRIBUTE, peer.id().value());
    return peer;
  }

  /**
   * Takes a peer's batch. Every answer is counted for the link's state: a receipt unblocks the
   * peer's direction, a refusal (whatever refused it: the body, the receiver) counts towards
   * BLOCKED ({@link LinkBlocks}).
   */
  private static void batch(
      Context ctx,
      PeerDirectory peers,
      Receiver receiver,
      LinkBlocks blocks,
      org.hotline.link.health.Capabilities capabilities)
      throws IOException {
    Peer peer = caller(ctx, peers);
    org.hotline.link.BatchAnswer answer;
    Batch batch;
    try {
      batch = batch(ctx);
      answer = receiver.accept(peer, batch);
    } catch (BatchRefusedException refusal) {
      blocks.refused(peer.id(), LinkBlocks.Direction.INCOMING, refusal);
      throw refusal;
    } catch (org.hotline.InvalidInputException | IOException malformed) {
      blocks.refused(peer.id(), LinkBlocks.Direction.INCOMING, refusal(malformed));
      throw malformed;
    }
    blocks.accepted(peer.id(), LinkBlocks.Direction.INCOMING);
    ctx.json(
        new Wire.BatchResponse(
            batch.log(),
            batch.endSize(),
            answer.cosignature(),
            mayAnswerUninterpretable(capabilities.known(peer.id()))
                ? answer.uninterpretable().stream()
                    .map(entry -> new Wire.Uninterpretable(entry.seq(), entry.reason()))
                    .toList()
                : List.of()));
  }

  /** The batch in the request body; throws what {@link #problem} turns into a refusal. */
  private static Batch batch(Context ctx) throws IOException {
    Wire.BatchRequest request = JSON.readValue(ctx.bodyAsBytes(), Wire.BatchRequest.class);
    if (request == null
        || request.entries() == null
        || request.log() == null
        || request.checkpoint() == null) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.BAD_BATCH,
          "log, first_seq, entries and checkpoint are required",
          -1);
    }
    List<byte[]> entries = new ArrayList<>(request.entries().size());
    Base64.Decoder base64 = Base64.getDecoder();
    for (String entry : request.entries()) {
      try {
        entries.add(base64.decode(entry));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new BatchRefusedException(
            BatchRefusedException.Kind.BAD_BATCH,
            "entry " + (entries.size() + request.firstSeq()) + " is not base64",
            -1);
      }
    }
    return new Batch(request.log(), request.firstSeq(), entries, request.checkpoint());
  }

  /** Views of a log are small; a request with more than the two logs between us is malformed. */
  private static final int VIEWS_MAX = 2;

  private static void checkpoints(
      Context ctx, PeerDirectory peers, org.hotline.link.CheckpointExchange exchange)
      throws IOException {
    Peer peer = caller(ctx, peers);
    Wire.ExchangeRequest request = JSON.readValue(ctx.bodyAsBytes(), Wire.ExchangeRequest.class);
    if (request.views() == null || request.views().size() > VIEWS_MAX) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.BAD_BATCH,
          "views must list at most " + VIEWS_MAX + " logs",
          -1);
    }
    List<String> reported = request.divergences() == null ? List.of() : request.divergences();
    if (reported.size() > org.hotline.link.CheckpointExchange.REPORTED_DIVERGENCES_MAX
        || reported.stream()
            .anyMatch(
                d ->
                    d == null
                        || d.isEmpty()
                        || d.length() > org.hotline.link.CheckpointExchange.REPORTED_CHARS_MAX)) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.BAD_BATCH,
          "divergences must list at most "
              + org.hotline.link.CheckpointExchange.REPORTED_DIVERGENCES_MAX
              + " non-empty texts of at most "
              + org.hotline.link.CheckpointExchange.REPORTED_CHARS_MAX
              + " characters",
          -1);
    }
    var answer =
        exchange.answer(
            peer,
            request.views().stream()
                .map(v -> new org.hotline.link.CheckpointView(v.log(), v.size(), v.checkpoint()))
                .toList(),
            reported,
            stateHash(request.stateHash()));
    ctx.json(
        new Wire.ExchangeResponse(
            answer.views().stream()
                .map(v -> new Wire.View(v.log(), v.size(), v.checkpoint()))
                .toList(),
            answer.divergences(),
            answer.stateHash()));
  }

  /** A state hash is 64 lower-case hex digits (SHA-256); anything else is refused. */
  private static final java.util.regex.Pattern STATE_HASH =
      java.util.regex.Pattern.compile("[0-9a-f]{64}");

  private static String stateHash(String shown) {
    if (shown != null && !STATE_HASH.matcher(shown).matches()) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.BAD_BATCH,
          "state_hash must be 64 lower-case hexadecimal digits",
          -1);
    }
    return shown;
  }

  private static void pull(Context ctx, PeerDirectory peers, org.hotline.link.Links links)
      throws IOException, InterruptedException {
    Peer peer = caller(ctx, peers);
    Wire.PullRequest request = JSON.readValue(ctx.bodyAsBytes(), Wire.PullRequest.class);
    if (request == null || request.log() == null || request.after() < 0) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.BAD_BATCH, "a pull needs log and after >= 0", -1);
    }
    String expected = "hotline/" + links.self() + "/" + peer.id();
    if (!expected.equals(request.log())) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.WRONG_LOG, peer.id() + " may only pull " + expected, -1);
    }
    Batch batch = links.pull(peer, request.after(), request.receipt());
    if (batch == null) {
      ctx.json(new Wire.PullResponse(request.log(), null, List.of(), null));
      return;
    }
    Base64.Encoder base64 = Base64.getEncoder();
    ctx.json(
        new Wire.PullResponse(
            batch.log(),
            batch.firstSeq(),
            batch.entries().stream().map(base64::encodeToString).toList(),
            batch.checkpoint()));
  }

  /**
   * A peer recovering its own log from our copy of it (docs/protocol.md §11.8): what we hold and
   * the next page after {@code after}.
   */
  private static void recovery(
      Context ctx, PeerDirectory peers, Receiver receiver, org.hotline.link.Links links)
      throws IOException {
    Peer peer = caller(ctx, peers);
    Wire.RecoveryRequest request = JSON.readValue(ctx.bodyAsBytes(), Wire.RecoveryRequest.class);
    if (request == null || request.log() == null || request.after() < 0) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.BAD_BATCH, "a recovery request needs log and after >= 0", -1);
    }
    org.hotline.link.RecoveryPage page =
        request.log().equals("hotline/" + links.self() + "/" + peer.id())
            ? links.ownLogPage(peer, request.after())
            : links.recoveryPage(peer, receiver.state(peer, request.log()), request.after());
    Base64.Encoder base64 = Base64.getEncoder();
    ctx.json(
        new Wire.RecoveryResponse(
            page.log(),
            page.size(),
            page.checkpoint(),
            page.firstSeq(),
            page.entries().stream().map(base64::encodeToString).toList(),
            page.receipt()));
  }

  private static void heartbeat(
      Context ctx, PeerDirectory peers, org.hotline.link.health.Heartbeats heartbeats)
      throws IOException {
    Peer peer = caller(ctx, peers);
    Wire.HeartbeatMessage request = JSON.readValue(ctx.bodyAsBytes(), Wire.HeartbeatMessage.class);
    if (request == null || request.note() == null) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.BAD_BATCH, "a heartbeat needs a note", -1);
    }
    ctx.json(new Wire.HeartbeatMessage(heartbeats.answer(peer, request.note())));
  }

  private static void state(Context ctx, PeerDirectory peers, Receiver receiver) {
    Peer peer = caller(ctx, peers);
    String log = ctx.queryParam("log");
    RemoteLogState state = receiver.state(peer, log);
    ctx.json(new Wire.StateResponse(log, state.size(), state.cosignedCheckpoint()));
  }

  /** The refusal a malformed request is answered with. */
  private static BatchRefusedException refusal(Exception malformed) {
    return new BatchRefusedException(
        BatchRefusedException.Kind.BAD_BATCH,
        malformed instanceof IOException io ? malformed(io) : malformed.getMessage(),
        -1);
  }

  /**
   * Names the field at fault when the parser knows it, without echoing the parser's class names.
   */
  private static String malformed(IOException e) {
    if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json
        && Json.duplicateField(json).isPresent()) {
      return "field '" + Json.duplicateField(json).get() + "' is given twice in the request body";
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + unknown.getPropertyName() + "' in the request body";
    }
    if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
      JsonMappingException.Reference field = mismatched.getPath().get(0);
      return "field '"
          + (field.getFieldName() == null ? "[" + field.getIndex() + "]" : field.getFieldName())
          + "' is missing or of the wrong type";
    }
    return "request body is not valid JSON of the expected shape";
  }

  /**
   * Whether the answer is already a problem of ours (a batch refused as oversized is also a 413).
   */
  private static boolean isProblem(Context ctx) {
    String type = ctx.res().getContentType();
    return type != null && type.startsWith("application/problem+json");
  }

  private static void problem(Context ctx, BatchRefusedException e) {
    HttpStatus status = STATUS.getOrDefault(e.kind(), HttpStatus.UNPROCESSABLE_CONTENT);
    String caller = ctx.attribute(CALLER_ATTRIBUTE);
    org.hotline.LogFields.of(
            org.hotline.LogFields.PEER,
            caller == null ? "" : caller,
            org.hotline.LogFields.EVENT,
            "batch.refused",
            org.hotline.LogFields.KIND,
            e.type())
        .log(
            () ->
                LOG.info(
                    "refused {} {}: {} {}", ctx.method(), ctx.path(), e.type(), e.getMessage()));
    Wire.Problem problem =
        new Wire.Problem(
            Wire.PROBLEM_PREFIX + e.type(),
            e.type(),
            status.getCode(),
            e.getMessage(),
            e.size() < 0 ? null : e.size());
    try {
      ctx.status(status)
          .contentType("application/problem+json")
          .result(JSON.writeValueAsBytes(problem));
    } catch (IOException io) {
      throw new IllegalStateException("problem details cannot be serialized", io);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
