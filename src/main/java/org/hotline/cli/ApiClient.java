package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.hotline.Json;

/** The CLI's client of a running node's API. Turns every failure into one clear sentence. */
final class ApiClient {
  /** A node on this host answers in milliseconds; a long wait means it is not the node. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final NodeOperations.ApiTarget target;
  private final String dir;

  ApiClient(NodeOperations.ApiTarget target, String dir) {
    this.target = target;
    this.dir = dir;
  }

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  JsonNode post(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body))));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliException("cannot encode the request: " + e.getMessage());
    }
  }

  private URI uri(String path) {
    return target.base().resolve(path);
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request =
        builder.header("Authorization", "Bearer " + target.token()).timeout(TIMEOUT).build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new CliException(
          "the node is not running: nothing answers at "
              + target.base()
              + " (start it with: hotline serve --dir "
              + dir
              + ")");
    } catch (HttpTimeoutException e) {
      throw new CliException(
          "the node at " + target.base() + " did not answer within " + TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      throw new CliException("cannot reach the node at " + target.base() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    JsonNode body;
    try {
      body = response.body().length == 0 ? null : Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new CliException(
          "the node answered HTTP " + response.statusCode() + " with a body that is not JSON");
    }
    if (response.statusCode() >= 400) {
      String detail =
          body != null && body.hasNonNull("detail")
              ? body.get("detail").asText()
              : "HTTP " + response.statusCode();
      throw new CliException(detail);
    }
    return body;
  }
}
