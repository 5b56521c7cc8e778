package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.NodeProcess;
import org.hotline.testing.NodeProcesses;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with SIGKILL after accepting changes to shared objects and before sending them
 * loses none: the changes were stored and queued before the API answered 201, and once the node is
 * back they reach the peer in the order they were accepted, and both nodes compute the same
 * incident. The node runs as a separate OS process; its peer is stopped meanwhile, so that the
 * changes are still queued when the kill comes.
 */
@Tag("slow")
class CrisisCrashTest {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;
  @RegisterExtension final NodeProcesses processes = new NodeProcesses();

  @Test
  void changes_accepted_before_a_sigkill_reach_the_peer_in_order_after_restart() {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Nodes.pinWhileStopped(usHome, cnHome, Nodes.endpoint(cnHome));
    List<String> notes = new ArrayList<>();
    String incident;
    try (Node cn = Nodes.start(cnHome)) {
      cn.addPeer(new Peer(usHome.card(), List.of(Nodes.endpoint(usHome))));
      try (NodeProcess us = processes.start(usHome)) {
        Api usApi = us.api();
        Api.Response opened =
            Await.until(
                "us knows cn reads changes",
                TIMEOUT,
                () ->
                    usApi.post(
                        "/api/v1/incidents",
                        "{\"peer\":\"cn\",\"title\":\"Vessel adrift\",\"severity\":2}"),
                response -> response.status() == 201);
        incident = opened.body().path("change").path("id").asText();
        Await.until(
            "cn holds the incident",
            TIMEOUT,
            () -> cn.crisis().state(usHome.party()).object("incident/" + incident).isPresent());
        cn.close();

        for (int i = 1; i <= 5; i++) {
          String note = "Position report " + i;
          Api.Response changed =
              usApi.post(
                  "/api/v1/incidents/" + incident + "/changes", "{\"note\":\"" + note + "\"}");
          assertThat(changed.status()).as(changed.raw().body()).isEqualTo(201);
          // Queued, or placed in our log if us has not yet seen cn go: either way not delivered.
          assertThat(changed.body().path("change").path("state").asText()).isIn("QUEUED", "SENT");
          notes.add(note);
        }
        assertThat(us.kill()).isEqualTo(NodeProcess.SIGKILL_EXIT_STATUS);
      }
    }
    try (NodeProcess us = processes.start(usHome);
        Node cn = Nodes.start(cnHome)) {
      JsonNode seen =
          Await.until(
              "cn holds the five notes",
              TIMEOUT,
              () -> new Api(cn.home(), cn.apiPort()).get("/api/v1/incidents/" + incident).body(),
              body -> body.path("timeline").size() == 1 + notes.size());
      List<String> received = new ArrayList<>();
      seen.path("timeline")
          .forEach(
              item -> {
                if (item.path("op").asText().equals("note")) {
                  received.add(item.path("data").path("text").asText());
                }
              });
      assertThat(received).as("in the order they were accepted").isEqualTo(notes);
      JsonNode ours =
          Await.until(
              "us at the same sizes",
              TIMEOUT,
              () -> us.api().get("/api/v1/incidents/" + incident).body(),
              body -> body.path("as_of").equals(seen.path("as_of")));
      assertThat(ours.path("state_hash").asText()).isEqualTo(seen.path("state_hash").asText());
      assertThat(ours.path("pending").size()).isZero();
    }
  }
}
