package org.hotline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.event.EventBus;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Cli;
import org.hotline.testing.FaultProxy;
import org.hotline.testing.Messaging;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.hotline.testing.SqliteFile;
import org.hotline.testing.WebhookReceiver;
import org.hotline.web.EventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A link whose batches the peer refuses is BLOCKED on both nodes, escalated like an unacknowledged
 * FLASH, and UP again once a batch is accepted. Two real nodes over the real federation port.
 *
 * <p>To make cn refuse us's batches, the test changes one byte of an entry in us's SQLite file
 * after it was signed and before it was sent, as a damaged disk or a hand on the database would: cn
 * then refuses the batch for real ({@code root-mismatch}), on every retry, until the byte is put
 * back. A proxy drops the batch until us is stopped; the byte is changed while us is down, so no
 * send that read the entry before the change can reach cn afterwards. Both nodes share a clock the
 * test moves, so the escalation's levels come when the test says.
 */
@Timeout(180)
class BlockedLinkTest {
  private static final Duration INTERVAL = Duration.ofMillis(500);
  private static final String SECRET = "blocked-link-test-secret-0123456789";

  @TempDir Path dir;

  @Test
  void a_peer_refusing_every_batch_blocks_the_link_which_is_escalated_and_unblocked_by_a_receipt()
      throws Exception {
    MutableClock clock = MutableClock.atNow();
    try (WebhookReceiver hooks = new WebhookReceiver(SECRET);
        Node cn = Nodes.start(configured(Nodes.init(dir, "cn"), hooks), clock);
        FaultProxy toCn = FaultProxy.start(cn.federationPort())) {
      NodeHome usHome = configured(Nodes.init(dir, "us"), hooks);
      byte[] signed;
      String held;
      try (Node first = Nodes.start(usHome, clock)) {
        first.addPeer(new Peer(cn.home().card(), List.of(toCn.endpoint())));
        cn.addPeer(new Peer(first.home().card(), List.of(Nodes.endpoint(first.home()))));
        Api firstApi = new Api(first.home(), first.apiPort());
        Messaging.send(firstApi, "cn", List.of("before"));
        Messaging.awaitDelivered(firstApi, "cn", 1);
        awaitState(firstApi, "UP");

        toCn.set(new FaultProxy.DropAfter(0));
        held = Messaging.send(firstApi, "cn", List.of("held back")).get(0);
        try (SqliteFile db = SqliteFile.open(first.home().dir())) {
          Await.until(
              "the held message to be signed into the log",
              Duration.ofSeconds(20),
              () ->
                  !db.column(byte[].class, "SELECT entry FROM log_entries WHERE entry_id = ?", held)
                      .isEmpty());
          signed = db.one(byte[].class, "SELECT entry FROM log_entries WHERE entry_id = ?", held);
        }
      }
      // Changed while us is stopped: a send that read the entry before the change cannot reach cn
      // after the proxy lets traffic through again, so every batch cn sees carries the change.
      try (SqliteFile db = SqliteFile.open(usHome.dir())) {
        db.update(
            "UPDATE log_entries SET entry = ? WHERE entry_id = ?", changedSubject(signed), held);
      }
      try (Node us = Nodes.start(usHome, clock);
          EventBus.Subscription usEvents = us.links().events().subscribe()) {
        toCn.set(new FaultProxy.Pass());
        Api usApi = new Api(us.home(), us.apiPort());
        Api cnApi = new Api(cn.home(), cn.apiPort());
        JsonNode usLink = awaitState(usApi, "BLOCKED");
        assertThat(usLink.get("blocked").get("direction").asText()).isEqualTo("OUTGOING");
        assertThat(usLink.get("blocked").get("problem").asText()).isEqualTo("root-mismatch");
        JsonNode cnLink = awaitState(cnApi, "BLOCKED");
        assertThat(cnLink.get("blocked").get("direction").asText()).isEqualTo("INCOMING");
        assertThat(cnLink.get("blocked").get("problem").asText()).isEqualTo("root-mismatch");

        EventJson blocked = awaitEvent(usEvents, "link.blocked");
        assertThat(blocked.data())
            .containsEntry("peer", "cn")
            .containsEntry("direction", "OUTGOING")
            .containsEntry("problem", "root-mismatch");

        Cli.Run status = Cli.run(dir, "status", "--dir", us.home().dir().toString());
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.output())
            .contains("BLOCKED")
            .contains("the peer refuses our batches, root-mismatch");
        Cli.Run json = Cli.run(dir, "status", "--dir", us.home().dir().toString(), "--json");
        JsonNode statusLink = Json.mapper().readTree(json.output()).get("links").get(0);
        assertThat(statusLink.get("state").asText()).isEqualTo("BLOCKED");
        assertThat(statusLink.get("blocked").get("problem").asText()).isEqualTo("root-mismatch");

        // Level 1 of the chain at once, level 2 five minutes later: the escalation of a FLASH.
        us.watch().tick();
        assertThat(escalations(hooks, "/us/level-1")).hasSize(1);
        JsonNode alert = escalations(hooks, "/us/level-1").get(0).body();
        assertThat(alert.get("peer").asText()).isEqualTo("cn");
        assertThat(alert.get("state").asText()).isEqualTo("BLOCKED");
        assertThat(alert.get("problem").asText()).isEqualTo("root-mismatch");
        assertThat(alert.get("level").asInt()).isEqualTo(1);
        assertThat(escalations(hooks, "/us/level-1").get(0).signatureValid()).isTrue();
        assertThat(escalations(hooks, "/us/level-2")).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        us.watch().tick();
        assertThat(escalations(hooks, "/us/level-2")).hasSize(1);
        assertThat(escalations(hooks, "/cn/level-1"))
            .as("cn refuses, and escalates too")
            .isNotEmpty();

        try (SqliteFile db = SqliteFile.open(us.home().dir())) {
          db.update("UPDATE log_entries SET entry = ? WHERE entry_id = ?", signed, held);
        }
        EventJson unblocked = awaitEvent(usEvents, "link.unblocked");
        assertThat(unblocked.data()).containsEntry("peer", "cn");
        Messaging.awaitDelivered(usApi, "cn", 2);
        assertThat(awaitState(usApi, "UP").get("blocked").isNull()).isTrue();
        assertThat(awaitState(cnApi, "UP").get("blocked").isNull()).isTrue();

        // Unblocked stops the chain: its next loop never comes.
        int before = escalations(hooks, "/us/level-1").size();
        clock.advance(Duration.ofMinutes(30));
        us.watch().tick();
        assertThat(escalations(hooks, "/us/level-1")).hasSize(before);
      }
    }
  }

  /** The entry with one letter of its subject changed: same length, still well formed. */
  private static byte[] changedSubject(byte[] entry) {
    String text = new String(entry, StandardCharsets.UTF_8);
    assertThat(text).contains("held back");
    return text.replace("held back", "held BACK").getBytes(StandardCharsets.UTF_8);
  }

  private static NodeHome configured(NodeHome home, WebhookReceiver hooks) {
    Nodes.heartbeat(home, INTERVAL);
    String party = home.party().value();
    Nodes.configure(
        home,
        config -> {
          ObjectNode chain = config.putObject("escalation");
          var levels = chain.putArray("levels");
          levels.add(level("PT0S", hooks.url("/" + party + "/level-1")));
          levels.add(level("PT5M", hooks.url("/" + party + "/level-2")));
          chain.put("loops", 2).put("loop_after", "PT15M");
        });
    return home;
  }

  private static ObjectNode level(String after, String url) {
    ObjectNode level = Json.mapper().createObjectNode().put("after", after);
    level.putArray("targets").addObject().put("webhook", url).put("secret", SECRET);
    return level;
  }

  private static List<WebhookReceiver.Request> escalations(WebhookReceiver hooks, String path) {
    return hooks.matching(
        request -> request.path().equals(path) && "link.escalation".equals(request.event()));
  }

  private static JsonNode awaitState(Api api, String state) {
    return Await.until(
        "link " + state,
        Duration.ofSeconds(30),
        () -> api.get("/api/v1/links").body().get("links").get(0),
        link -> link.get("state").asText().equals(state));
  }

  private static EventJson awaitEvent(EventBus.Subscription events, String type) {
    return Await.event(type, Duration.ofSeconds(30), events, type);
  }
}
