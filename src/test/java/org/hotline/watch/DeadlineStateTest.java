package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.testing.Watching.awaitMessage;
import static org.hotline.testing.Watching.drain;
import static org.hotline.testing.Watching.level;
import static org.hotline.testing.Watching.sendAndDeliver;
import static org.hotline.testing.Watching.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.event.EventBus;
import org.hotline.testing.Api;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.hotline.testing.WebhookReceiver;
import org.hotline.web.EventJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch's state outlives a restart and shows in the API; notifiers that fail are retried within
 * their bounds and their failure is visible. Each test has its own nodes and test clock.
 */
@Tag("slow")
class DeadlineStateTest {
  static final String SECRET = "shared-secret-for-tests";

  @TempDir Path dir;
  MutableClock clock;
  WebhookReceiver hooks;
  final List<Node> running = new ArrayList<>();

  @BeforeEach
  void setUp() {
    clock = MutableClock.atNow();
    hooks = new WebhookReceiver(SECRET);
  }

  @AfterEach
  void tearDown() {
    running.forEach(Node::close);
    hooks.close();
  }

  /**
   * A data directory whose chain reminds {@code /reminder} and escalates to {@code levelOne} at the
   * deadline.
   */
  NodeHome init(String party, WebhookReceiver levelOne) {
    NodeHome home = Nodes.init(dir, party);
    Nodes.configure(
        home,
        config -> {
          var chain = config.putObject("escalation");
          chain.putArray("reminder").add(webhook(hooks, "/reminder", SECRET));
          chain.putArray("levels").add(level("PT0S", webhook(levelOne, "/level-1", SECRET)));
        });
    return home;
  }

  Node start(NodeHome home) {
    Node node = Nodes.start(home, clock);
    running.add(node);
    return node;
  }

  void stop(Node node) {
    node.close();
    running.remove(node);
  }

  static Api api(Node node) {
    return new Api(node.home(), node.apiPort());
  }

  void advance(Duration by) {
    clock.advance(by);
    running.forEach(node -> node.watch().tick());
  }

  static JsonNode link(Api api, String peer) {
    for (JsonNode link : api.get("/api/v1/links").body().get("links")) {
      if (link.get("peer").asText().equals(peer)) {
        return link;
      }
    }
    throw new AssertionError("no link to " + peer);
  }

  static List<JsonNode> notifications(Api api, String messageId) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode notification : api.get("/api/v1/notifications").body().get("notifications")) {
      if (notification.get("message").asText().equals(messageId)) {
        out.add(notification);
      }
    }
    return out;
  }

  @Test
  void links_count_unacknowledged_messages_by_precedence_and_those_overdue() {
    Node us = start(init("us", hooks));
    Node cn = start(init("cn", hooks));
    Nodes.pair(us, cn);
    Api usApi = api(us);
    Api cnApi = api(cn);
    sendAndDeliver(usApi, cnApi, "cn", "FLASH");
    sendAndDeliver(usApi, cnApi, "cn", "ROUTINE");
    String acknowledged = sendAndDeliver(usApi, cnApi, "cn", "IMMEDIATE");
    cnApi.post("/api/v1/messages/" + acknowledged + "/ack", "{}");
    awaitMessage(usApi, acknowledged, message -> !message.get("answer").isNull());

    JsonNode received = link(cnApi, "us");
    assertThat(received.get("unacknowledged").get("received").toString())
        .isEqualTo("{\"FLASH\":1,\"IMMEDIATE\":0,\"PRIORITY\":0,\"ROUTINE\":1}");
    assertThat(received.get("unacknowledged").get("sent").toString())
        .isEqualTo("{\"FLASH\":0,\"IMMEDIATE\":0,\"PRIORITY\":0,\"ROUTINE\":0}");
    assertThat(received.get("overdue").get("received").asLong()).isZero();
    assertThat(link(usApi, "cn").get("unacknowledged").get("sent").toString())
        .isEqualTo("{\"FLASH\":1,\"IMMEDIATE\":0,\"PRIORITY\":0,\"ROUTINE\":1}");

    clock.advance(Duration.ofMinutes(10));
    assertThat(link(cnApi, "us").get("overdue").get("received").asLong())
        .as("the FLASH message, not the ROUTINE one")
        .isEqualTo(1);
    assertThat(link(usApi, "cn").get("overdue").get("sent").asLong()).isEqualTo(1);
    clock.advance(Duration.ofHours(6));
    assertThat(link(usApi, "cn").get("overdue").get("sent").asLong()).isEqualTo(2);
  }

  @Test
  void nodes_stopped_across_a_deadline_escalate_right_after_restart() {
    NodeHome usHome = init("us", hooks);
    NodeHome cnHome = init("cn", hooks);
    Node us = start(usHome);
    Node cn = start(cnHome);
    Nodes.pair(us, cn);
    String id = sendAndDeliver(api(us), api(cn), "cn", "FLASH");
    us.watch().tick();
    cn.watch().tick();
    stop(us);
    stop(cn);

    clock.advance(Duration.ofMinutes(20));
    us = start(usHome);
    cn = start(cnHome);
    us.watch().tick();
    cn.watch().tick();

    List<String> fromCn =
        hooks.about(id).stream()
            .filter(r -> r.body().get("node").asText().equals("cn"))
            .map(WebhookReceiver.Request::path)
            .toList();
    List<String> fromUs =
        hooks.about(id).stream()
            .filter(r -> r.body().get("node").asText().equals("us"))
            .map(WebhookReceiver.Request::path)
            .toList();
    assertThat(fromCn)
        .as("escalated at once; the reminder, moot after the deadline, is skipped")
        .containsExactly("/level-1");
    assertThat(fromUs).containsExactly("/level-1");
    assertThat(api(us).get("/api/v1/messages/" + id).body().get("deadline_missed_at").isNull())
        .isFalse();
    awaitMessage(api(cn), id, message -> !message.get("deadline_missed_at").isNull());
  }

  @Test
  void a_failing_webhook_is_retried_within_its_bounds_and_its_failure_is_visible() {
    WebhookReceiver broken = new WebhookReceiver(SECRET);
    WebhookReceiver flaky = new WebhookReceiver(SECRET);
    try (broken;
        flaky) {
      broken.failNext(Integer.MAX_VALUE, 503);
      flaky.failNext(2, 500);
      NodeHome usHome = Nodes.init(dir, "us");
      Nodes.configure(
          usHome,
          config ->
              config
                  .putObject("escalation")
                  .putArray("levels")
                  .add(
                      level(
                          "PT0S",
                          webhook(broken, "/hook", SECRET),
                          webhook(flaky, "/hook", SECRET))));
      Node us = start(usHome);
      Node cn = Nodes.start(Nodes.init(dir, "cn"), clock);
      Nodes.pair(us, cn);
      cn.close();
      Api usApi = api(us);
      String id =
          usApi
              .post(
                  "/api/v1/messages",
                  "{\"to\":\"cn\",\"precedence\":\"FLASH\",\"subject\":\"s\",\"body\":\"b\"}")
              .body()
              .get("id")
              .asText();

      try (EventBus.Subscription events = us.links().events().subscribe()) {
        advance(Duration.ofMinutes(10));
        assertThat(broken.about(id)).hasSize(1);
        JsonNode pending =
            notifications(usApi, id).stream()
                .filter(n -> n.get("target").asText().contains(":" + port(broken)))
                .findFirst()
                .orElseThrow();
        assertThat(pending.get("status").asText()).isEqualTo("PENDING");
        assertThat(pending.get("attempts").asInt()).isEqualTo(1);
        assertThat(pending.get("last_error").asText()).contains("HTTP 503");

        for (Duration wait :
            List.of(
                Duration.ofSeconds(15),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofMinutes(2))) {
          advance(wait.minusSeconds(1));
          int before = broken.about(id).size();
          advance(Duration.ofSeconds(1));
          assertThat(broken.about(id))
              .as("retried after " + wait + ", not before")
              .hasSize(before + 1);
        }
        advance(Duration.ofMinutes(10));
        advance(Duration.ofHours(1));
        assertThat(broken.about(id))
            .as("at most " + Retry.ATTEMPTS_MAX + " attempts")
            .hasSize(Retry.ATTEMPTS_MAX);
        assertThat(flaky.about(id)).as("delivered on its third attempt").hasSize(3);
        assertThat(broken.about(id))
            .allMatch(request -> request.delivery().equals(broken.about(id).get(0).delivery()));

        List<JsonNode> settled = notifications(usApi, id);
        JsonNode failed =
            settled.stream()
                .filter(n -> n.get("target").asText().contains(":" + port(broken)))
                .findFirst()
                .orElseThrow();
        JsonNode delivered =
            settled.stream()
                .filter(n -> n.get("target").asText().contains(":" + port(flaky)))
                .findFirst()
                .orElseThrow();
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("attempts").asInt()).isEqualTo(Retry.ATTEMPTS_MAX);
        assertThat(failed.get("next_attempt_at").isNull()).isTrue();
        assertThat(delivered.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(3);

        List<EventJson> alarms = drain(events, event -> event.type().equals("notify.failed"));
        assertThat(alarms).hasSize(1);
        assertThat(alarms.get(0).data().get("target")).isEqualTo(failed.get("target").asText());
        assertThat(alarms.get(0).data().get("error").toString()).contains("HTTP 503");
      }
    }
  }

  @Test
  void an_acknowledgement_cancels_a_notification_still_being_retried() {
    WebhookReceiver broken = new WebhookReceiver(SECRET);
    try (broken) {
      broken.failNext(Integer.MAX_VALUE, 503);
      Node us = start(init("us", hooks));
      Node cn = start(init("cn", broken));
      Nodes.pair(us, cn);
      Api cnApi = api(cn);
      String id = sendAndDeliver(api(us), cnApi, "cn", "FLASH");
      advance(Duration.ofMinutes(5));
      advance(Duration.ofMinutes(5));
      assertThat(broken.about(id)).hasSize(1);
      assertThat(cnApi.post("/api/v1/messages/" + id + "/ack", "{}").status()).isEqualTo(200);
      advance(Duration.ofMinutes(30));
      assertThat(broken.about(id)).as("no attempt after the acknowledgement").hasSize(1);
      assertThat(
              notifications(cnApi, id).stream()
                  .filter(n -> n.get("kind").asText().equals("deadline.escalation"))
                  .map(n -> n.get("status").asText()))
          .containsExactly("CANCELLED");
    }
  }

  private static int port(WebhookReceiver receiver) {
    return java.net.URI.create(receiver.url("/")).getPort();
  }
}
