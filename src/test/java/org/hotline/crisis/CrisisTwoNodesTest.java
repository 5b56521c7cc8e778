package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.app.Node;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared objects between two real nodes over HTTPS: what one party opens or changes appears on the
 * other, both compute the same state hash at the same log sizes, and a change the state does not
 * allow is refused with a problem and stores nothing.
 */
class CrisisTwoNodesTest {
  @TempDir static Path dir;
  static Node us;
  static Node cn;
  static Api usApi;
  static Api cnApi;

  @BeforeAll
  static void start() {
    us = Nodes.start(Nodes.init(dir, "us"));
    cn = Nodes.start(Nodes.init(dir, "cn"));
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

  @AfterAll
  static void stop() {
    us.close();
    cn.close();
  }

  private static JsonNode awaitObject(Api api, String path, String field, String value) {
    return Await.until(
        path + " shows " + field + " = " + value,
        Duration.ofSeconds(30),
        () -> {
          Api.Response response = api.get(path);
          return response.status() == 200 && response.body().path(field).asText().equals(value)
              ? response.body()
              : null;
        },
        body -> body != null);
  }

  @Test
  void an_incident_opened_on_one_node_appears_on_the_other_with_the_same_state_hash() {
    Api.Response opened =
        usApi.post(
            "/api/v1/incidents",
            "{\"peer\":\"cn\",\"title\":\"Unidentified object at 18 km\",\"summary\":\"Seen at"
                + " 0412Z\",\"severity\":3,\"by\":\"duty officer\"}");
    assertThat(opened.status()).as(opened.raw().body()).isEqualTo(201);
    String id = opened.body().path("change").path("id").asText();
    String path = "/api/v1/incidents/" + id;

    JsonNode onCn = awaitObject(cnApi, path, "state", "TRIAGE");
    assertThat(onCn.path("title").asText()).isEqualTo("Unidentified object at 18 km");
    assertThat(onCn.path("created_by").asText()).isEqualTo("us");

    Api.Response severity =
        cnApi.post(path + "/changes", "{\"severity\":5,\"by\":\"watch officer\"}");
    assertThat(severity.status()).as(severity.raw().body()).isEqualTo(201);
    JsonNode onUs = awaitObject(usApi, path, "severity", "5");
    assertThat(onUs.path("severity_by_party").path("us").asInt()).isEqualTo(3);
    assertThat(onUs.path("severity_differs").asBoolean()).isTrue();

    JsonNode ours =
        Await.until(
            "both nodes at the same log sizes",
            Duration.ofSeconds(30),
            () -> {
              JsonNode a = usApi.get(path).body();
              JsonNode b = cnApi.get(path).body();
              return a.path("as_of").equals(b.path("as_of")) ? a : null;
            },
            body -> body != null);
    assertThat(ours.path("state_hash").asText())
        .isEqualTo(cnApi.get(path).body().path("state_hash").asText())
        .hasSize(64);
  }

  private static JsonNode channel(Api api, String peer, String name) {
    for (JsonNode channel : api.get("/api/v1/channels?peer=" + peer).body().path("channels")) {
      if (channel.path("name").asText().equals(name)) {
        return channel;
      }
    }
    return null;
  }

  @Test
  void a_channel_cn_suspends_shows_on_us_and_us_may_no_longer_send_on_it() {
    Api.Response suspended =
        cnApi.post(
            "/api/v1/channels/military/suspend",
            "{\"peer\":\"us\",\"reason\":\"Talks suspended pending review\",\"by\":\"releasing"
                + " officer\"}");
    assertThat(suspended.status()).as(suspended.raw().body()).isEqualTo(201);
    assertThat(suspended.body().path("change").path("object").asText())
        .isEqualTo("channel/military");

    JsonNode onUs =
        Await.until(
            "us shows military suspended by cn",
            Duration.ofSeconds(30),
            () -> channel(usApi, "cn", "military"),
            channel -> channel != null && channel.path("suspended_by").has("cn"));
    assertThat(onUs.path("suspended_by").path("cn").path("reason").asText())
        .isEqualTo("Talks suspended pending review");
    ChannelRules rules = new ChannelRules(us.crisis()::state);
    assertThatThrownBy(
            () ->
                rules.admit(cn.home().party(), "military", org.hotline.link.entry.Precedence.FLASH))
        .isInstanceOf(org.hotline.ChannelRefusedException.class)
        .hasMessage("channel military is suspended by cn: Talks suspended pending review");
    new ChannelRules(cn.crisis()::state)
        .admit(us.home().party(), "military", org.hotline.link.entry.Precedence.FLASH);

    Api.Response proposed =
        usApi.post(
            "/api/v1/channels",
            "{\"peer\":\"cn\",\"name\":\"leaders\",\"description\":\"Heads of government\","
                + "\"precedences\":[\"FLASH\",\"IMMEDIATE\"],\"deadlines\":{\"FLASH\":300},"
                + "\"suspendable\":false}");
    assertThat(proposed.status()).as(proposed.raw().body()).isEqualTo(201);
    String proposal = proposed.body().path("change").path("id").asText();
    Await.until(
        "cn shows the proposal",
        Duration.ofSeconds(30),
        () -> channel(cnApi, "us", "leaders").path("proposals").size() == 1);
    Api.Response accepted =
        cnApi.post(
            "/api/v1/channels/leaders/accept",
            "{\"peer\":\"us\",\"proposal\":\"" + proposal + "\"}");
    assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(201);
    JsonNode leaders =
        Await.until(
            "us shows leaders agreed",
            Duration.ofSeconds(30),
            () -> channel(usApi, "cn", "leaders"),
            channel -> channel != null && !channel.path("suspendable").asBoolean(true));
    assertThat(leaders.path("deadlines").path("FLASH").asLong()).isEqualTo(300);
    assertThat(us.crisis().state(cn.home().party()).channel("leaders").orElseThrow().settings())
        .hasValueSatisfying(settings -> assertThat(settings.precedences()).hasSize(2));
    Api.Response refused =
        cnApi.post(
            "/api/v1/channels/leaders/suspend", "{\"peer\":\"us\",\"reason\":\"Not allowed\"}");
    assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);

    Await.until(
        "both nodes compute the same channels",
        Duration.ofSeconds(30),
        () ->
            channel(usApi, "cn", "leaders")
                    .path("state_hash")
                    .equals(channel(cnApi, "us", "leaders").path("state_hash"))
                && channel(usApi, "cn", "military")
                    .path("state_hash")
                    .equals(channel(cnApi, "us", "military").path("state_hash")));
  }

  @Test
  void a_change_the_state_does_not_allow_is_refused_and_nothing_is_stored() {
    Api.Response opened =
        usApi.post(
            "/api/v1/incidents",
            "{\"peer\":\"cn\",\"title\":\"Detained national\",\"severity\":2}");
    String path = "/api/v1/incidents/" + opened.body().path("change").path("id").asText();
    int pending = us.crisis().pending(cn.home().party()).size();

    Api.Response close = usApi.post(path + "/changes", "{\"accept_close\":true}");
    assertThat(close.status()).isEqualTo(409);
    assertThat(close.body().path("type").asText()).endsWith("conflict");

    Api.Response tooSevere = usApi.post(path + "/changes", "{\"severity\":6}");
    assertThat(tooSevere.status()).isEqualTo(400);
    assertThat(tooSevere.body().path("field").asText()).isEqualTo("severity");

    Api.Response two = usApi.post(path + "/changes", "{\"severity\":2,\"state\":\"ACTIVE\"}");
    assertThat(two.status()).isEqualTo(400);

    assertThat(us.crisis().pending(cn.home().party())).hasSize(pending);
    assertThat(usApi.get(path).body().path("timeline").size()).isEqualTo(1);
  }

  @Test
  void verify_recomputes_the_shared_objects_from_the_signed_entries_alike_on_both_nodes() {
    Api.Response opened =
        usApi.post(
            "/api/v1/concerns",
            "{\"peer\":\"cn\",\"title\":\"Precursor chemicals\",\"by\":\"analyst\"}");
    assertThat(opened.status()).as(opened.raw().body()).isEqualTo(201);
    String path = "/api/v1/concerns/" + opened.body().path("change").path("id").asText();
    awaitObject(cnApi, path, "status", "OPEN");
    Await.until(
        "both nodes at the same log sizes",
        Duration.ofSeconds(30),
        () -> usApi.get(path).body().path("as_of").equals(cnApi.get(path).body().path("as_of")));

    org.hotline.testing.Cli.Run onUs =
        org.hotline.testing.Cli.run(dir, "verify", "--dir", us.home().dir().toString());
    org.hotline.testing.Cli.Run onCn =
        org.hotline.testing.Cli.run(dir, "verify", "--dir", cn.home().dir().toString());

    assertThat(onUs.exitCode()).as(onUs.output()).isZero();
    assertThat(onCn.exitCode()).as(onCn.output()).isZero();
    java.util.regex.Pattern line =
        java.util.regex.Pattern.compile(
            "shared objects \\S+: .*concerns.*state hash ([0-9a-f]{64})");
    java.util.regex.Matcher ours = line.matcher(onUs.output());
    java.util.regex.Matcher theirs = line.matcher(onCn.output());
    assertThat(ours.find()).as(onUs.output()).isTrue();
    assertThat(theirs.find()).as(onCn.output()).isTrue();
    assertThat(ours.group(1))
        .isEqualTo(theirs.group(1))
        .isEqualTo(us.crisis().state(cn.home().party()).stateHash());
  }

  @Test
  void the_checkpoint_exchange_finds_a_changed_record_of_shared_objects_on_either_side() {
    Api.Response opened =
        usApi.post(
            "/api/v1/incidents", "{\"peer\":\"cn\",\"title\":\"Vessel adrift\",\"severity\":2}");
    String id = opened.body().path("change").path("id").asText();
    awaitObject(cnApi, "/api/v1/incidents/" + id, "state", "TRIAGE");
    Await.until(
        "both nodes agree at an exchange",
        Duration.ofSeconds(30),
        () -> us.links().exchangeCheckpoints(cn.home().party()).isEmpty());

    // Someone with access to cn's database file changes what cn holds of the incident: the log's
    // bytes and checkpoints still agree, the shared state computed from the record does not.
    try (var file = org.hotline.testing.SqliteFile.open(cn.home().dir())) {
      assertThat(
              file.update(
                  "UPDATE changes SET data = replace(data, 'Vessel adrift', 'Vessel sunk')"
                      + " WHERE entry_id = ?",
                  id))
          .isEqualTo(1);
    }

    java.util.List<String> found = us.links().exchangeCheckpoints(cn.home().party());
    assertThat(found)
        .anySatisfy(
            divergence ->
                assertThat(divergence)
                    .startsWith("shared objects: ")
                    .contains("compute different states"));
    assertThat(
            org.hotline.testing.Messaging.securityEvents(usApi).stream()
                .map(event -> event.get("kind").asText()))
        .contains("divergence");
    assertThat(
            org.hotline.testing.Messaging.securityEvents(cnApi).stream()
                .map(event -> event.get("kind").asText()))
        .contains("divergence");
    org.hotline.testing.Cli.Run verify =
        org.hotline.testing.Cli.run(dir, "verify", "--dir", cn.home().dir().toString());
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.output())
        .contains("change " + id + " is stored otherwise than its signed entry says");

    try (var file = org.hotline.testing.SqliteFile.open(cn.home().dir())) {
      file.update(
          "UPDATE changes SET data = replace(data, 'Vessel sunk', 'Vessel adrift') WHERE entry_id = ?",
          id);
    }
  }
}
