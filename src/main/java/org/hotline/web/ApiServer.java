package org.hotline.web;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.hotline.Json;
import org.hotline.link.Links;

/**
 * The console/API port. Every {@code /api/*} request must carry {@code Authorization: Bearer
 * <token>}; {@code /healthz} needs none. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {
  /**
   * Largest request body: a submission of {@code Outbox.SUBMISSION_MESSAGES_MAX} ordinary messages
   * fits easily; a submission of many maximum-size bodies must be split.
   */
  public static final long REQUEST_BYTES_MAX = 4L * 1024 * 1024;

  private final Javalin app;
  private final String host;
  private final int port;

  public ApiServer(String host, int port, String token, Links links, org.hotline.watch.Watch watch) {
    this.host = host;
    this.port = port;
    MessagesApi messages = new MessagesApi(links);
    NotificationsApi notifications = new NotificationsApi(watch);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.concurrency.useVirtualThreads = true;
              config.http.maxRequestSize = REQUEST_BYTES_MAX;
              config.jsonMapper(new JavalinJackson(Json.mapper(), false));
              config.routes.get("/healthz", ctx -> ctx.json(new Health("ok", links.self().value())));
              config.routes.before("/api/*", new BearerAuth(token));
              config.routes.get("/api/v1/openapi.json", OpenApi::serve);
              config.routes.post("/api/v1/messages", messages::send);
              config.routes.post("/api/v1/messages/batch", messages::sendBatch);
              config.routes.get("/api/v1/messages", messages::list);
              config.routes.get("/api/v1/messages/{id}", messages::show);
              config.routes.get("/api/v1/messages/{id}/proof", messages::proof);
              config.routes.post("/api/v1/messages/{id}/ack", ctx -> messages.respond(ctx, org.hotline.link.ResponseEntry.Kind.ACK));
              config.routes.post("/api/v1/messages/{id}/decline", ctx -> messages.respond(ctx, org.hotline.link.ResponseEntry.Kind.DECLINE));
              config.routes.post("/api/v1/messages/{id}/read", ctx -> messages.respond(ctx, org.hotline.link.ResponseEntry.Kind.READ));
              config.routes.get("/api/v1/links", messages::links);
              config.routes.sse("/api/v1/events", client -> EventStream.stream(client, links.events()));
              config.routes.get("/api/v1/security-events", messages::securityEvents);
              config.routes.get("/api/v1/notifications", notifications::list);
              Problems.register(config);
            });
  }

  record Health(String status, String party) {}

  public ApiServer start() {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
