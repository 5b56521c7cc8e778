package org.hotline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.federation.Tls;

/**
 * A peer as another version of it would answer: a mutual-TLS server holding the target node's TLS
 * key that forwards each request, as the caller node, to the target's real federation port, and
 * hands every JSON object it answers with to {@code rewrite} (with the request's path) before it
 * goes back, counting per path. A proxy, because no such version exists to run: a later one that
 * adds fields, or one that reads fewer entry formats.
 */
public final class RewritingPeer implements AutoCloseable {
  /** How many answers were rewritten, by request path. */
  public final Map<String, AtomicInteger> rewritten = new ConcurrentHashMap<>();

  /** When set, the body of every answer instead of the target's. */
  public volatile String answer;

  private final HttpsServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient upstream;
  private final URI target;
  private final BiConsumer<String, ObjectNode> rewrite;

  public RewritingPeer(Node targetNode, Node caller, BiConsumer<String, ObjectNode> rewrite)
      throws IOException {
    this.rewrite = rewrite;
    this.target = URI.create("https://127.0.0.1:" + targetNode.federationPort());
    this.upstream =
        TestPeer.client(
            Tls.context(
                caller.home().tls(), targetNode.home().card().tlsCertificateSha256()::equals));
    SSLContext tls =
        Tls.context(targetNode.home().tls(), caller.home().card().tlsCertificateSha256()::equals);
    this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters parameters) {
            SSLParameters ssl = tls.getDefaultSSLParameters();
            ssl.setNeedClientAuth(true);
            parameters.setSSLParameters(ssl);
          }
        });
    server.createContext("/", this::forward);
    server.setExecutor(threads);
    server.start();
  }

  /** Where the caller reaches the target through this proxy. */
  public URI endpoint() {
    return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
              .timeout(Duration.ofSeconds(30))
              .method(
                  exchange.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type != null) {
        request.header("Content-Type", type);
      }
      HttpResponse<byte[]> answered =
          upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] out =
          this.answer == null
              ? answered.body()
              : this.answer.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      JsonNode json = out.length == 0 ? null : Json.mapper().readTree(out);
      if (json instanceof ObjectNode object) {
        String path = exchange.getRequestURI().getPath();
        rewrite.accept(path, object);
        out = Json.mapper().writeValueAsBytes(object);
        rewritten.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      }
      answered
          .headers()
          .firstValue("Content-Type")
          .ifPresent(value -> exchange.getResponseHeaders().set("Content-Type", value));
      exchange.sendResponseHeaders(answered.statusCode(), out.length == 0 ? -1 : out.length);
      exchange.getResponseBody().write(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    upstream.close();
  }
}
