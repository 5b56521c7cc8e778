package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.testing.Watching.drain;
import static org.hotline.testing.Watching.level;
import static org.hotline.testing.Watching.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.event.EventBus;
import org.hotline.link.entry.EntryCodec;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.hotline.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overdue commitments go through the watch's escalation chain on both nodes, with two real nodes on
 * one test clock: once the clock is past an open commitment's due time, each node tells level 1 of
 * its chain (a webhook at once), then level 2 (a webhook 5 minutes later), then the chain again 15
 * minutes after; the commitment being settled (confirmed done, declared missed) stops it on both.
 * Each test follows its own commitment.
 */
@Tag("slow")
class CommitmentOverdueTest {
  static final String SECRET = "shared-secret-for-tests";
  static final Duration DUE_IN = Duration.ofHours(1);
  static final Duration LEVEL_2_AFTER = Duration.ofMinutes(5);
  static final Duration LOOP_AFTER = Duration.ofMinutes(15);
  static final String WHAT = "Share the radar tracks of the object";

  @TempDir static Path dir;
  static MutableClock clock;
  static WebhookReceiver hooks;
  static Node us;
  static Node cn;
  static Api usApi;
  static Api cnApi;

  @BeforeAll
  static void start() {
    clock = MutableClock.atNow();
    hooks = new WebhookReceiver(SECRET);
    us = Nodes.start(configured(Nodes.init(dir, "us")), clock);
    cn = Nodes.start(configured(Nodes.init(dir, "cn")), clock);
    Nodes.pair(us, cn);
    usApi = new Api(us.home(), us.apiPort());
    cnApi = new Api(cn.home(), cn.apiPort());
    // Changes are signed only into the log of a peer that has said it reads them.
    Await.until(
        "both nodes know the other reads changes",
        Duration.ofSeconds(30),
        () ->
            us.links().capabilities().of(cn.home().party()).kinds().contains("change")
                && cn.links().capabilities().of(us.home().party()).kinds().contains("change"));
  }

  static NodeHome configured(NodeHome home) {
    Nodes.configure(
        home,
        config -> {
          var chain = config.putObject("escalation");
          chain.putArray("reminder").add(webhook(hooks, "/reminder", SECRET));
          chain
              .putArray("levels")
              .add(level("PT0S", webhook(hooks, "/level-1", SECRET)))
              .add(level("PT5M", webhook(hooks, "/level-2", SECRET)));
          chain.put("loops", 2).put("loop_after", "PT15M");
        });
    return home;
  }

  @AfterAll
  static void stop() {
    cn.close();
    us.close();
    hooks.close();
  }

  /** Moves the shared clock and lets both nodes tick, as their schedulers would. */
  static void advance(Duration by) {
    clock.advance(by);
    us.watch().tick();
    cn.watch().tick();
  }

  /** The webhook paths notified about commitment {@code id} by {@code party}'s node, in order. */
  static List<String> notified(String id, String party) {
    return hooks
        .matching(
            request ->
                request.body() != null
                    && id.equals(request.body().path("commitment").asText())
                    && party.equals(request.body().path("node").asText()))
        .stream()
        .map(WebhookReceiver.Request::path)
        .toList();
  }

  static String agreedCommitment() {
    return agreedCommitment(usApi, cnApi);
  }

  /** Proposes on us that cn shares tracks within {@link #DUE_IN}, agreed by cn; returns its id. */
  static String agreedCommitment(Api usApi, Api cnApi) {
    Instant due = clock.instant().plus(DUE_IN);
    Api.Response proposed =
        usApi.post(
            "/api/v1/commitments",
            "{\"peer\":\"cn\",\"owed_by\":\"cn\",\"what\":\""
                + WHAT
                + "\",\"due\":\""
                + EntryCodec.timestamp(due)
                + "\",\"by\":\"duty officer\"}");
    assertThat(proposed.status()).as(proposed.raw().body()).isEqualTo(201);
    String id = proposed.body().path("change").path("id").asText();
    awaitState(cnApi, id, "PROPOSED");
    change(cnApi, id, "{\"agree\":true}");
    awaitState(usApi, id, "AGREED");
    awaitState(cnApi, id, "AGREED");
    return id;
  }

  static void change(Api api, String id, String change) {
    Api.Response response = api.post("/api/v1/commitments/" + id + "/changes", change);
    assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
  }

  static JsonNode awaitState(Api api, String id, String state) {
    return Await.until(
        "commitment " + id + " is " + state,
        Duration.ofSeconds(30),
        () -> {
          Api.Response response = api.get("/api/v1/commitments/" + id);
          return response.status() == 200 && response.body().path("state").asText().equals(state)
              ? response.body()
              : null;
        },
        body -> body != null);
  }

  @Test
  void
      an_agreed_commitment_escalates_on_both_nodes_once_overdue_climbs_the_chain_and_stops_on_both_when_confirmed_done() {
    try (EventBus.Subscription usEvents = us.links().events().subscribe();
        EventBus.Subscription cnEvents = cn.links().events().subscribe()) {
      String id = agreedCommitment();

      advance(DUE_IN);
      assertThat(usApi.get("/api/v1/commitments/" + id).body().path("overdue").asBoolean())
          .as("at its due time, not yet past it")
          .isFalse();
      assertThat(notified(id, "us")).isEmpty();
      assertThat(notified(id, "cn")).isEmpty();

      advance(Duration.ofSeconds(1));
      assertThat(notified(id, "us")).as("the party owed").containsExactly("/level-1");
      assertThat(notified(id, "cn")).as("the party committed").containsExactly("/level-1");
      WebhookReceiver.Request first =
          hooks.matching(request -> id.equals(request.body().path("commitment").asText())).get(0);
      assertThat(first.signatureValid()).isTrue();
      assertThat(first.event()).isEqualTo("commitment.overdue");
      assertThat(first.body().path("level").asInt()).isEqualTo(1);
      assertThat(first.body().path("owed_by").asText()).isEqualTo("cn");
      assertThat(first.body().path("owed_to").asText()).isEqualTo("us");
      assertThat(first.body().toString())
          .as("a notification says that something is owed, never what")
          .doesNotContain(WHAT);

      advance(LEVEL_2_AFTER.minusSeconds(1));
      assertThat(notified(id, "us")).containsExactly("/level-1");
      advance(Duration.ofSeconds(1));
      assertThat(notified(id, "us")).containsExactly("/level-1", "/level-2");
      assertThat(notified(id, "cn")).containsExactly("/level-1", "/level-2");

      change(cnApi, id, "{\"claim_done\":true}");
      Await.until(
          "us sees the claim",
          Duration.ofSeconds(30),
          () -> usApi.get("/api/v1/commitments/" + id).body().path("done_claimed").asBoolean());
      advance(Duration.ofSeconds(1));
      assertThat(notified(id, "us"))
          .as("claimed is not done: still open, still escalating")
          .hasSize(2);
      change(usApi, id, "{\"confirm_done\":true}");
      awaitState(usApi, id, "DONE");
      awaitState(cnApi, id, "DONE");
      advance(LOOP_AFTER);
      advance(LEVEL_2_AFTER);
      assertThat(notified(id, "us")).as("no second loop once done").hasSize(2);
      assertThat(notified(id, "cn")).as("no second loop once done").hasSize(2);

      for (EventBus.Subscription events : List.of(usEvents, cnEvents)) {
        assertThat(
                drain(events, event -> id.equals(event.data().get("commitment"))).stream()
                    .map(event -> event.type() + " " + event.data().get("level"))
                    .toList())
            .containsExactly("commitment.overdue 1", "commitment.overdue 2");
      }
    }
  }

  @Test
  void an_overdue_commitment_declared_missed_stops_escalating_on_both_nodes() {
    String id = agreedCommitment();
    advance(DUE_IN.plusSeconds(1));
    assertThat(notified(id, "us")).containsExactly("/level-1");
    assertThat(notified(id, "cn")).containsExactly("/level-1");

    change(usApi, id, "{\"missed\":true}");
    awaitState(usApi, id, "MISSED");
    awaitState(cnApi, id, "MISSED");
    advance(LEVEL_2_AFTER);
    advance(LOOP_AFTER);
    assertThat(notified(id, "us")).containsExactly("/level-1");
    assertThat(notified(id, "cn")).containsExactly("/level-1");
  }

  @Test
  void a_commitment_not_yet_due_does_not_escalate() {
    String id = agreedCommitment();
    advance(DUE_IN.minusSeconds(1));
    JsonNode commitment = usApi.get("/api/v1/commitments/" + id).body();
    assertThat(Instant.parse(commitment.path("due").asText()))
        .as("the clock is still before the due time")
        .isAfter(clock.instant());
    assertThat(commitment.path("overdue").asBoolean()).isFalse();
    assertThat(notified(id, "us")).isEmpty();
    assertThat(notified(id, "cn")).isEmpty();
    change(usApi, id, "{\"withdraw\":true}");
    awaitState(cnApi, id, "WITHDRAWN");
  }

  @Test
  void a_restarted_node_goes_on_with_the_escalation_where_it_was(@TempDir Path own) {
    Node usNode = Nodes.start(configured(Nodes.init(own, "us")), clock);
    NodeHome cnHome = configured(Nodes.init(own, "cn"));
    Node cnNode = Nodes.start(cnHome, clock);
    try {
      Nodes.pair(usNode, cnNode);
      Node owed = usNode;
      Node committed = cnNode;
      Await.until(
          "both nodes know the other reads changes",
          Duration.ofSeconds(30),
          () ->
              owed.links().capabilities().of(committed.home().party()).kinds().contains("change")
                  && committed
                      .links()
                      .capabilities()
                      .of(owed.home().party())
                      .kinds()
                      .contains("change"));
      String id =
          agreedCommitment(
              new Api(usNode.home(), usNode.apiPort()), new Api(cnNode.home(), cnNode.apiPort()));
      clock.advance(DUE_IN.plusSeconds(1));
      cnNode.watch().tick();
      assertThat(notified(id, "cn")).containsExactly("/level-1");

      cnNode.close();
      cnNode = Nodes.start(cnHome, clock);
      cnNode.watch().tick();
      assertThat(notified(id, "cn"))
          .as("level 1 is not paged again after the restart")
          .containsExactly("/level-1");
      clock.advance(LEVEL_2_AFTER);
      cnNode.watch().tick();
      assertThat(notified(id, "cn")).containsExactly("/level-1", "/level-2");
    } finally {
      cnNode.close();
      usNode.close();
    }
  }
}
