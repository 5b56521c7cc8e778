package org.hotline.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;

/**
 * The endpoints of the console port that load balancers, orchestrators and Prometheus call besides
 * {@code GET /healthz} (the process answers): {@code GET /readyz} (the node can serve: 200, or 503
 * with a {@code not-ready} problem naming what is not ready; no token) and {@code GET /metrics}
 * (Prometheus' text format; the API token or the metrics token of {@code metrics_token} in
 * hotline.json). See docs/operations.md, "Metrics, health and logs". Thread-safe.
 */
final class OperatorEndpoints {
  /** The content type of Prometheus' text exposition format, the one {@link NodeProbes} writes. */
  static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final NodeProbes probes;

  private OperatorEndpoints(NodeProbes probes) {
    this.probes = probes;
  }

  /**
   * Adds the two routes; {@code tokens} are those a scrape may carry (the API token, and the
   * metrics token when one is configured).
   */
  static void register(JavalinConfig config, NodeProbes probes, List<String> tokens) {
    OperatorEndpoints endpoints = new OperatorEndpoints(probes);
    config.routes.get("/readyz", endpoints::ready);
    config.routes.before("/metrics", new BearerAuth(tokens));
    config.routes.get("/metrics", endpoints::metrics);
  }

  /**
   * The answer of a ready {@code /readyz}. {@code role}: {@code single}, one instance serving its
   * party, the only way this version runs (several instances behind a load balancer are not built
   * yet).
   */
  record Ready(String status, String role) {}

  private void ready(Context ctx) {
    List<String> notReady = probes.notReady();
    if (notReady.isEmpty()) {
      ctx.json(new Ready("ready", "single"));
    } else {
      Problems.send(
          ctx,
          HttpStatus.SERVICE_UNAVAILABLE,
          "not-ready",
          "not ready: " + String.join("; ", notReady),
          null);
    }
  }

  private void metrics(Context ctx) {
    ctx.contentType(METRICS_CONTENT_TYPE).result(probes.scrape());
  }
}
