package org.hotline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.hotline.Json;
import org.hotline.app.NodeHome;

/** A plain HTTP client of a node's API, as any program would use it. */
public final class Api {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  public Api(NodeHome home, int port) {
    this(URI.create("http://127.0.0.1:" + port), home.token());
  }

  /** The API at {@code base}, for a node whose data directory this build may not read. */
  public Api(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  public record Response(int status, JsonNode body, HttpResponse<String> raw) {}

  public Response get(String path) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + token)
            .GET());
  }

  public Response post(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? null : Json.mapper().readTree(response.body());
      return new Response(response.statusCode(), body, response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public URI base() {
    return base;
  }
}
