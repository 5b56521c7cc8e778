package org.hotline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Cli;
import org.hotline.testing.NodeProcess;
import org.hotline.testing.Nodes;
import org.hotline.testing.PreviousRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two parties will not upgrade on the same night: a node of this build ("new", in this process) and
 * a node of the previous release ({@link PreviousRelease#COMMIT}, "old", built from this
 * repository's history and run as its own process with its own commands) are set up as two
 * operators would (init, identity cards, peer add, serve) and paired over real mutual TLS on
 * loopback. Messages and acknowledgements flow both ways, {@code verify} passes on both, and the
 * new node knows the old one reads format 1 only because its federation port has no capabilities.
 */
class PreviousReleaseTest {
  /** Delivery on loopback takes well under a second; a slow machine gets ample margin. */
  private static final Duration DELIVERY_MAX = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void a_node_of_this_build_and_one_of_the_previous_release_exchange_messages_and_acks_both_ways()
      throws IOException {
    PreviousRelease.build();
    System.out.println(
        PreviousRelease.builtIn() == null
            ? "previous release: cached build in target/previous-release"
            : "previous release: built in " + PreviousRelease.builtIn().toSeconds() + " s");
    Path oldDir = dir.resolve("old");
    int oldFederationPort = Nodes.freePort();
    int oldConsolePort = Nodes.freePort();
    old(
        "init",
        "--dir",
        oldDir.toString(),
        "--party",
        "old",
        "--name",
        "Previous release",
        "--federation-port",
        Integer.toString(oldFederationPort),
        "--console-port",
        Integer.toString(oldConsolePort));
    Path oldCard = dir.resolve("old.card.json");
    old("identity", "--dir", oldDir.toString(), "--out", oldCard.toString());
    NodeHome fresh = Nodes.init(dir, "new");
    Path newCard = dir.resolve("new.card.json");
    Files.writeString(newCard, Json.mapper().writeValueAsString(fresh.card()));
    old(
        "peer",
        "add",
        "--dir",
        oldDir.toString(),
        "--card",
        newCard.toString(),
        "--endpoint",
        Nodes.endpoint(fresh).toString());
    Cli.Run added =
        Cli.run(
            dir,
            "peer",
            "add",
            "--dir",
            fresh.dir().toString(),
            "--card",
            oldCard.toString(),
            "--endpoint",
            "https://127.0.0.1:" + oldFederationPort);
    assertThat(added.exitCode()).as(added.output()).isZero();

    Path oldLog = dir.resolve("old.log");
    try (PreviousRelease.Serving serving = PreviousRelease.serve(oldDir, oldConsolePort, oldLog);
        Node now = Nodes.start(fresh)) {
      Api oldApi =
          new Api(
              URI.create("http://127.0.0.1:" + oldConsolePort),
              Files.readString(oldDir.resolve("api.token"), StandardCharsets.UTF_8).strip());
      Api newApi = new Api(now.home(), now.apiPort());
      try {
        exchangeMessagesAndAcks(oldApi, newApi);

        JsonNode peerReads =
            Await.until(
                "the new node to learn what the old one reads",
                DELIVERY_MAX,
                () -> link(newApi).path("peer_capabilities"),
                capabilities -> !capabilities.path("source").asText().equals("ASSUMED"));
        assertThat(peerReads.path("source").asText()).isEqualTo("NOT_ADVERTISED");
        assertThat(peerReads.path("formats").toString()).isEqualTo("[1]");
        assertThat(peerReads.path("learned_at").isTextual()).isTrue();
        // The peer reads no format 3: messages to it have the 14 fields of its format, say no
        // channel and no seen, and a message on another channel than general is refused unsent.
        String first = new String(firstEntry(now, "hotline/new/old"), StandardCharsets.UTF_8);
        assertThat(first)
            .startsWith("{\"v\":1,\"kind\":\"message\"")
            .endsWith("\"body\":\"Do you read?\"}");
        JsonNode sentView = newApi.get("/api/v1/messages?box=outbox").body().get("items").get(0);
        assertThat(sentView.get("channel").asText()).isEqualTo("general");
        assertThat(sentView.get("seen").isNull()).isTrue();
        Api.Response onChannel =
            newApi.post(
                "/api/v1/messages",
                "{\"to\":\"old\",\"precedence\":\"ROUTINE\",\"subject\":\"visit\","
                    + "\"body\":\"\",\"channel\":\"consular\"}");
        assertThat(onChannel.status()).as(onChannel.raw().body()).isEqualTo(400);
        assertThat(onChannel.body().get("field").asText()).isEqualTo("channel");
        // Nor does it read format 4: a formatted notification to it is refused unsent, naming
        // its template, before any adoption is asked about.
        Api.Response formatted =
            newApi.post(
                "/api/v1/messages",
                "{\"to\":\"old\",\"precedence\":\"ROUTINE\",\"template\":\"sighting\","
                    + "\"fields\":{\"heading\":85}}");
        assertThat(formatted.status()).as(formatted.raw().body()).isEqualTo(400);
        assertThat(formatted.body().get("field").asText()).isEqualTo("template");
        assertThat(newApi.get("/api/v1/messages?box=outbox").body().get("items")).hasSize(1);
        Await.until(
            "the old node to rate its link to the new one UP",
            DELIVERY_MAX,
            () -> link(oldApi).path("state").asText().equals("UP"));

        Cli.Run newVerify = Cli.run(dir, "verify", "--dir", fresh.dir().toString());
        assertThat(newVerify.exitCode()).as(newVerify.output()).isZero();
        assertThat(newVerify.output()).contains("OK: 2 logs, 4 entries");
        assertThat(old("verify", "--dir", oldDir.toString()).output())
            .contains("OK: 2 logs, 4 entries");
      } catch (AssertionError | RuntimeException e) {
        System.err.println("===== " + oldLog + "\n" + NodeProcess.tail(oldLog));
        throw e;
      }
    }
  }

  /**
   * new sends a FLASH to old through its API, old sends a message to new with its own {@code
   * hotline send}; each side acknowledges the other's (new through its API, old with {@code hotline
   * ack}), and each sender sees the acknowledgement.
   */
  private static void exchangeMessagesAndAcks(Api oldApi, Api newApi) {
    Api.Response sent =
        newApi.post(
            "/api/v1/messages",
            "{\"to\":\"old\",\"precedence\":\"FLASH\",\"subject\":\"from this build\","
                + "\"body\":\"Do you read?\"}");
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    String fromNew = sent.body().get("id").asText();
    Api.Response oldSent =
        oldApi.post(
            "/api/v1/messages",
            "{\"to\":\"new\",\"precedence\":\"PRIORITY\",\"subject\":\"from the previous"
                + " release\",\"body\":\"Loud and clear.\"}");
    assertThat(oldSent.status()).as(oldSent.raw().body()).isEqualTo(201);
    String fromOld = oldSent.body().get("id").asText();

    awaitState(oldApi, fromNew, "RECEIVED");
    awaitState(newApi, fromNew, "DELIVERED");
    awaitState(newApi, fromOld, "RECEIVED");
    awaitState(oldApi, fromOld, "DELIVERED");

    Api.Response acked =
        newApi.post("/api/v1/messages/" + fromOld + "/ack", "{\"note\":\"seen by new\"}");
    assertThat(acked.status()).as(acked.raw().body()).isEqualTo(200);
    Api.Response oldAcked =
        oldApi.post("/api/v1/messages/" + fromNew + "/ack", "{\"note\":\"seen by old\"}");
    assertThat(oldAcked.status()).as(oldAcked.raw().body()).isEqualTo(200);

    awaitAnswer(oldApi, fromOld);
    awaitAnswer(newApi, fromNew);
  }

  private static void awaitState(Api api, String id, String state) {
    Await.until(
        "message " + id + " to be " + state + " at " + api.base(),
        DELIVERY_MAX,
        () -> api.get("/api/v1/messages/" + id),
        response ->
            response.status() == 200 && state.equals(response.body().path("state").asText()));
  }

  private static void awaitAnswer(Api api, String id) {
    Await.until(
        "the acknowledgement of " + id + " to reach its sender at " + api.base(),
        DELIVERY_MAX,
        () -> api.get("/api/v1/messages/" + id),
        response ->
            response.status() == 200
                && "ACKNOWLEDGED".equals(response.body().path("answer").asText()));
  }

  private static byte[] firstEntry(Node node, String log) {
    try (org.hotline.store.sqlite.SqliteStore store =
        org.hotline.store.sqlite.SqliteStore.open(
            node.home().database(), org.hotline.Json.mapper())) {
      return store.entries(org.hotline.identity.LogOrigin.parse(log), 1, 1).get(0).bytes();
    }
  }

  private static JsonNode link(Api api) {
    JsonNode links = api.get("/api/v1/links").body().path("links");
    assertThat(links.size()).isEqualTo(1);
    return links.get(0);
  }

  private PreviousRelease.Run old(String... arguments) {
    PreviousRelease.Run run = PreviousRelease.hotline(dir, arguments);
    assertThat(run.exitCode())
        .as("old hotline " + String.join(" ", arguments) + ":\n" + run.output())
        .isZero();
    return run;
  }
}
