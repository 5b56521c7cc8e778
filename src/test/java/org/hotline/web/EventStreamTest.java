package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.testing.Nodes;
import org.hotline.testing.SampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/events} on a real node: each event the bus carries goes out as one server-sent
 * event, named by its type, with its id and its JSON as docs/operations.md gives it.
 */
class EventStreamTest {
  @TempDir Path dir;

  @Test
  @Timeout(60)
  void each_event_is_sent_with_its_id_its_name_and_its_json() throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        HttpClient client = HttpClient.newHttpClient()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + us.apiPort() + "/api/v1/events"))
              .header("Accept", "text/event-stream")
              .header("Authorization", "Bearer " + us.home().token())
              .GET()
              .build();
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      try (BufferedReader stream =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        assertThat(stream.readLine()).as("sent once subscribed").isEqualTo(": hotline events");

        long id = us.links().events().publish(SampleEvents.LINK_RECEIPT).id();

        List<String> lines = nextEvent(stream);
        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2)).containsExactly("id: " + id, "event: link.receipt");
        assertThat(lines.get(2)).startsWith("data: ");
        var data = Json.mapper().readTree(lines.get(2).substring("data: ".length()));
        assertThat(data.get("id").asLong()).isEqualTo(id);
        assertThat(data.get("type").asText()).isEqualTo("link.receipt");
        assertThat(data.get("at").asText()).isNotBlank();
        assertThat(data.get("data"))
            .isEqualTo(Json.mapper().readTree("{\"peer\":\"cn\",\"delivered_up_to\":3}"));
      }
    }
  }

  /** The lines of the next event, skipping keepalive comments; a blank line ends an event. */
  private static List<String> nextEvent(BufferedReader stream) throws Exception {
    List<String> lines = new ArrayList<>();
    for (String line = stream.readLine(); line != null; line = stream.readLine()) {
      if (line.isEmpty() && !lines.isEmpty()) {
        return lines;
      }
      if (!line.isEmpty() && !line.startsWith(":")) {
        lines.add(line);
      }
    }
    throw new AssertionError("the stream ended after " + lines);
  }
}
