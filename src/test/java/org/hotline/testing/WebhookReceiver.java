package org.hotline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hotline.Json;

/**
 * A webhook receiver as an operator would write one, on the JDK's own HTTP server on loopback: it
 * recomputes the HMAC-SHA256 of each body under the shared secret and compares it with {@code
 * X-Hotline-Signature} in constant time, answering 401 if it does not match. It can be told to fail
 * its first requests, or all of them. Thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as received. */
  public record Request(
      String path,
      JsonNode body,
      String event,
      String delivery,
      boolean signatureValid,
      int answered) {}

  private final HttpServer server;
  private final String secret;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failureStatus = 503;

  public WebhookReceiver(String secret) {
    this.secret = secret;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * The next {@code count} requests are answered with {@code status} (Integer.MAX_VALUE: all of
   * them).
   */
  public void failNext(int count, int status) {
    failureStatus = status;
    failuresLeft.set(count);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The requests about one message, in arrival order. */
  public List<Request> about(String messageId) {
    return matching(
        request ->
            request.body() != null && messageId.equals(request.body().path("message").asText()));
  }

  public List<Request> matching(Predicate<Request> filter) {
    List<Request> out = new ArrayList<>();
    for (Request request : requests) {
      if (filter.test(request)) {
        out.add(request);
      }
    }
    return out;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String signature = exchange.getRequestHeaders().getFirst("X-Hotline-Signature");
    boolean valid =
        signature != null
            && MessageDigest.isEqual(
                expected(body).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
    int status =
        !valid
            ? 401
            : failuresLeft.getAndUpdate(
                        left -> left == Integer.MAX_VALUE ? left : Math.max(0, left - 1))
                    > 0
                ? failureStatus
                : 204;
    JsonNode json = body.length == 0 ? null : Json.mapper().readTree(body);
    requests.add(
        new Request(
            exchange.getRequestURI().getPath(),
            json,
            exchange.getRequestHeaders().getFirst("X-Hotline-Event"),
            exchange.getRequestHeaders().getFirst("X-Hotline-Delivery"),
            valid,
            status));
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** The verification recipe of docs/watch.md: {@code sha256=} + hex(HMAC-SHA256(secret, body)). */
  private String expected(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
