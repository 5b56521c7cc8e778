package org.hotline.web;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.hotline.Json;
import org.hotline.link.Links;
import org.hotline.web.console.Console;

/**
 * The console/API port. Every {@code /api/*} request must carry {@code Authorization: Bearer
 * <token>}; {@code /healthz} and {@code /readyz} need none, {@code /metrics} takes the API token or
 * the metrics token ({@link OperatorEndpoints}). Every other path is the web console ({@link
 * Console}), which signs people in with sessions. Thread-safe.
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
  private final boolean tls;

  /**
   * The API and, when {@code console} is given, the web console on the same port; over TLS when
   * {@code tls} is given (the console's certificate), plain HTTP otherwise. {@code hostNames}: the
   * names besides the bind address and loopback that requests may give as their Host ({@link
   * HostCheck}). {@code storeWrites} reads the store's durability counters for {@code GET
   * /api/v1/links}. {@code probes} answer {@code /metrics} and {@code /readyz}; {@code
   * metricsToken}, when not null, is a second token that a scrape of {@code /metrics} may carry.
   */
  public ApiServer(
      String host,
      int port,
      String token,
      Links links,
      org.hotline.watch.Watch watch,
      Console console,
      javax.net.ssl.SSLContext tls,
      java.util.List<String> hostNames,
      java.util.function.Supplier<StoreWrites> storeWrites,
      NodeProbes probes,
      String metricsToken,
      org.hotline.crisis.Crisis crisis,
      org.hotline.crisis.InternalNotes internalNotes) {
    this.host = host;
    this.port = port;
    this.tls = tls != null;
    MessagesApi messages =
        new MessagesApi(
            links,
            console,
            storeWrites,
            record -> crisis.arrival(record).map(Enum::name).orElse(null),
            crisis);
    NotificationsApi notifications = new NotificationsApi(watch);
    AlertsApi alerts = console == null ? null : new AlertsApi(console.personalAlerts());
    CrisisApi shared = new CrisisApi(crisis);
    InternalNotesApi internal = new InternalNotesApi(internalNotes);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              if (tls != null) {
                config.jetty.addConnector(
                    (server, httpConfig) -> tlsConnector(server, httpConfig, tls, host, port));
              }
              config.concurrency.useVirtualThreads = true;
              config.http.maxRequestSize = REQUEST_BYTES_MAX;
              config.jsonMapper(new JavalinJackson(Json.mapper(), false));
              config.jetty.modifyServer(
                  server -> server.setErrorHandler(new ProblemErrorHandler()));
              config.routes.before(
                  ctx -> {
                    if (!Console.owns(ctx.path())) {
                      protectiveHeaders(ctx::header);
                    }
                  });
              config.routes.before(new HostCheck(host, hostNames));
              config.routes.get(
                  "/healthz", ctx -> ctx.json(new Health("ok", links.self().value())));
              OperatorEndpoints.register(
                  config,
                  probes,
                  metricsToken == null ? List.of(token) : List.of(token, metricsToken));
              config.routes.before("/api/*", new BearerAuth(token));
              config.routes.before("/api/*", QueryParameters.fromOpenApi());
              config.routes.get("/api/v1/openapi.json", OpenApi::serve);
              config.routes.post("/api/v1/messages", messages::send);
              config.routes.post("/api/v1/messages/batch", messages::sendBatch);
              config.routes.get("/api/v1/messages", messages::list);
              config.routes.get("/api/v1/messages/{id}", messages::show);
              config.routes.get("/api/v1/messages/{id}/proof", messages::proof);
              config.routes.post(
                  "/api/v1/messages/{id}/ack",
                  ctx -> messages.respond(ctx, org.hotline.link.entry.ResponseEntry.Kind.ACK));
              config.routes.post(
                  "/api/v1/messages/{id}/decline",
                  ctx -> messages.respond(ctx, org.hotline.link.entry.ResponseEntry.Kind.DECLINE));
              config.routes.post(
                  "/api/v1/messages/{id}/read",
                  ctx -> messages.respond(ctx, org.hotline.link.entry.ResponseEntry.Kind.READ));
              config.routes.get("/api/v1/links", messages::links);
              config.routes.sse(
                  "/api/v1/events", client -> EventStream.stream(client, links.events()));
              config.routes.get("/api/v1/security-events", messages::securityEvents);
              config.routes.get("/api/v1/notifications", notifications::list);
              config.routes.post("/api/v1/incidents", shared::openIncident);
              config.routes.get("/api/v1/incidents", shared::incidents);
              config.routes.get("/api/v1/incidents/{id}", shared::incident);
              config.routes.post("/api/v1/incidents/{id}/changes", shared::changeIncident);
              config.routes.post("/api/v1/commitments", shared::proposeCommitment);
              config.routes.get("/api/v1/commitments", shared::commitments);
              config.routes.get("/api/v1/commitments/{id}", shared::commitment);
              config.routes.post("/api/v1/commitments/{id}/changes", shared::changeCommitment);
              config.routes.post("/api/v1/concerns", shared::raiseConcern);
              config.routes.get("/api/v1/concerns", shared::concerns);
              config.routes.get("/api/v1/concerns/{id}", shared::concern);
              config.routes.post("/api/v1/concerns/{id}/changes", shared::changeConcern);
              config.routes.get("/api/v1/channels", shared::channels);
              config.routes.post("/api/v1/channels", shared::proposeChannel);
              config.routes.post("/api/v1/channels/{name}/accept", shared::acceptChannel);
              config.routes.post("/api/v1/channels/{name}/suspend", shared::suspendChannel);
              config.routes.post("/api/v1/channels/{name}/resume", shared::resumeChannel);
              config.routes.post("/api/v1/channels/{name}/adopt", shared::adoptTemplate);
              config.routes.post("/api/v1/channels/{name}/withdraw", shared::withdrawTemplate);
              for (org.hotline.crisis.ObjectType type : org.hotline.crisis.ObjectType.values()) {
                String path = "/api/v1/" + type.wire() + "s/{id}/internal-notes";
                config.routes.post(path, ctx -> internal.add(ctx, type));
                config.routes.get(path, ctx -> internal.list(ctx, type));
              }
              if (alerts != null) {
                config.routes.get("/api/v1/alerts", alerts::list);
                config.routes.post("/api/v1/alerts/{id}/ack", alerts::acknowledge);
              }
              Problems.register(config, console);
              if (console != null) {
                console.register(config);
              }
            });
  }

  private static org.eclipse.jetty.server.ServerConnector tlsConnector(
      org.eclipse.jetty.server.Server server,
      org.eclipse.jetty.server.HttpConfiguration httpConfig,
      javax.net.ssl.SSLContext context,
      String host,
      int port) {
    org.eclipse.jetty.util.ssl.SslContextFactory.Server factory =
        new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
    factory.setSslContext(context);
    factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    org.eclipse.jetty.server.HttpConfiguration https =
        new org.eclipse.jetty.server.HttpConfiguration(httpConfig);
    org.eclipse.jetty.server.SecureRequestCustomizer secure =
        new org.eclipse.jetty.server.SecureRequestCustomizer();
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    org.eclipse.jetty.server.ServerConnector connector =
        new org.eclipse.jetty.server.ServerConnector(
            server,
            new org.eclipse.jetty.server.SslConnectionFactory(factory, "http/1.1"),
            new org.eclipse.jetty.server.HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  record Health(String status, String party) {}

  /**
   * The store's durability work since the node started, in {@code GET /api/v1/links}: write
   * transactions committed, each one fsync of the write-ahead log, and checkpoints that copied the
   * log into the database file, two fsyncs each. Divided by the messages carried in the same time,
   * these are the benchmark's fsyncs per message.
   *
   * @param commits write transactions committed since the node started
   * @param walCheckpoints checkpoints since the node started that copied the log into the database
   */
  public record StoreWrites(long commits, long walCheckpoints) {}

  /**
   * The headers of every API answer, errors included: the browser must not guess another type than
   * the one sent (a problem that quotes a request is JSON, never HTML), and nothing that carries
   * message text is kept in a cache.
   */
  static void protectiveHeaders(java.util.function.BiConsumer<String, String> header) {
    header.accept("X-Content-Type-Options", "nosniff");
    header.accept("Cache-Control", "no-store");
  }

  public ApiServer start() {
    if (tls) {
      app.start();
    } else {
      app.start(host, port);
    }
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
