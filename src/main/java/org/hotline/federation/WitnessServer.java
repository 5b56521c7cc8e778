package org.hotline.federation;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import org.hotline.witness.AddCheckpointRequest;
import org.hotline.witness.Witness;
import org.hotline.witness.WitnessRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The witness port: <a href="https://github.com/C2SP/C2SP/blob/main/tlog-witness.md">C2SP
 * tlog-witness</a> over plain HTTP, {@code POST /witness/v1/add-checkpoint}, for any client.
 *
 * <p>It is a listener of its own, not a path on the federation port: the federation port admits
 * only pinned peers by mutual TLS, while a witness serves logs whose writers it never paired with.
 * Plain HTTP is enough for what the protocol needs, because it authenticates both directions
 * itself: a request counts only if the checkpoint is signed by the log's configured key, and an
 * answer counts only if the client verifies the cosignature against the witness's key. What plain
 * HTTP exposes is the traffic of the witnessed logs (origins and sizes); put a TLS-terminating
 * proxy in front where that matters (docs/witness.md).
 *
 * <p>Answers: 200 with the cosignature line; 409 with the witness's size as {@code
 * text/x.tlog.size} when the old size is wrong; otherwise the status tlog-witness prescribes (400,
 * 403, 404, 409, 422) with a one-line {@code text/plain} explanation. Thread-safe.
 */
public final class WitnessServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WitnessServer.class);

  public static final String ADD_CHECKPOINT_PATH = "/witness/v1/add-checkpoint";

  /** The submission prefix clients configure: {@code http://HOST:PORT/witness/v1}. */
  public static final String SUBMISSION_PREFIX = "/witness/v1";

  static final String SIZE_CONTENT_TYPE = "text/x.tlog.size";

  private final Javalin app;
  private final String host;
  private final int port;

  public WitnessServer(String host, int port, Witness witness) {
    this.host = host;
    this.port = port;
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = AddCheckpointRequest.BODY_BYTES_MAX;
              config.routes.get(
                  "/healthz", ctx -> ctx.contentType("text/plain; charset=utf-8").result("ok\n"));
              config.routes.post(ADD_CHECKPOINT_PATH, ctx -> addCheckpoint(ctx, witness));
              config.routes.exception(WitnessRefusedException.class, WitnessServer::refused);
              config.routes.error(
                  413,
                  ctx ->
                      text(
                          ctx,
                          "the request body is over the limit of "
                              + AddCheckpointRequest.BODY_BYTES_MAX
                              + " bytes"));
            });
  }

  public WitnessServer start() {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  private static void addCheckpoint(Context ctx, Witness witness) {
    String cosignature = witness.addCheckpoint(AddCheckpointRequest.parse(ctx.bodyAsBytes()));
    ctx.status(200).contentType("text/plain; charset=utf-8").result(cosignature);
  }

  private static void refused(WitnessRefusedException e, Context ctx) {
    LOG.info("witness refused {}: {} {}", ctx.ip(), e.type(), e.getMessage());
    ctx.status(e.kind().status());
    if (e.kind() == WitnessRefusedException.Kind.OLD_SIZE_MISMATCH) {
      ctx.contentType(SIZE_CONTENT_TYPE).result(e.witnessSize() + "\n");
    } else {
      text(ctx, e.type() + ": " + e.getMessage());
    }
  }

  private static void text(Context ctx, String line) {
    ctx.contentType("text/plain; charset=utf-8")
        .result((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    app.stop();
  }
}
