package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.testing.Api;
import org.hotline.testing.Cli;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.hotline.testing.Watching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two-person release on every path that sends, on two real nodes with release switched on: us holds
 * every FLASH, whether it comes from the console, the API token or {@code hotline send}, until a
 * releasing officer approves it; cn names its API token an automated sender, so its FLASH goes out
 * at once, audited and marked as sent without release.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseOnEveryPathTest {
  @TempDir static Path dir;
  private Node us;
  private Node cn;
  private Api usApi;
  private Api cnApi;

  @BeforeAll
  void start() {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Users.twoPersonRelease(usHome);
    Nodes.configure(
        cnHome,
        config ->
            Nodes.console(config)
                .put("two_person_release", true)
                .putArray("release_bypass_tokens")
                .add("api"));
    Users.add(usHome, "releaser", Role.RELEASING_OFFICER);
    Users.add(cnHome, "officer", Role.DUTY_OFFICER);
    us = Nodes.start(usHome, java.time.Clock.systemUTC());
    cn = Nodes.start(cnHome, java.time.Clock.systemUTC());
    Nodes.pair(us, cn);
    usApi = new Api(us.home(), us.apiPort());
    cnApi = new Api(cn.home(), cn.apiPort());
  }

  @AfterAll
  void stop() {
    if (cn != null) {
      cn.close();
    }
    if (us != null) {
      us.close();
    }
  }

  private static String message(String precedence, String subject) {
    return "{\"to\":\"cn\",\"precedence\":\""
        + precedence
        + "\",\"status\":\"EXERCISE\",\"subject\":\""
        + subject
        + "\",\"body\":\"b\"}";
  }

  private int outboxSize(Api api) {
    return api.get("/api/v1/messages?box=outbox&limit=1000").body().get("items").size();
  }

  @Test
  void a_flash_submitted_with_the_api_token_waits_for_a_second_person_and_goes_out_once_released() {
    int outboxBefore = outboxSize(usApi);

    Api.Response held = usApi.post("/api/v1/messages", message("FLASH", "API flash"));

    assertThat(held.status()).as(held.raw().body()).isEqualTo(202);
    assertThat(held.raw().headers().firstValue("Location")).hasValue("/releases");
    long release = held.body().get("release").asLong();
    assertThat(held.body().get("state").asText()).isEqualTo("PENDING");
    assertThat(held.body().get("drafted_by").asText()).isEqualTo("token:api");
    assertThat(held.body().get("detail").asText()).contains("release " + release);
    assertThat(held.body().has("id")).as("no message exists yet").isFalse();
    assertThat(outboxSize(usApi)).as("nothing was queued").isEqualTo(outboxBefore);

    ConsoleClient releaser = new ConsoleClient(us.apiPort());
    assertThat(releaser.signIn("releaser", Users.PASSWORD).statusCode()).isEqualTo(303);
    assertThat(releaser.get("/releases").body()).contains("API flash").contains("token:api");
    assertThat(releaser.post("/releases/" + release + "/approve", Map.of()).statusCode())
        .isEqualTo(303);

    JsonNode sent = usApi.get("/api/v1/messages?box=outbox&limit=1").body().get("items").get(0);
    assertThat(sent.get("subject").asText()).isEqualTo("API flash");
    JsonNode shown = usApi.get("/api/v1/messages/" + sent.get("id").asText()).body();
    assertThat(shown.at("/release/drafted_by").asText()).isEqualTo("token:api");
    assertThat(shown.at("/release/decided_by").asText()).isEqualTo("releaser");
    assertThat(shown.at("/release/bypassed").asBoolean()).isFalse();
    Watching.awaitMessage(cnApi, sent.get("id").asText(), message -> true);
  }

  @Test
  void a_flash_that_breaks_the_text_policy_is_refused_before_it_is_held() {
    int outboxBefore = outboxSize(usApi);

    Api.Response lone = usApi.post("/api/v1/messages", message("FLASH", "lone \\ud800 half"));
    Api.Response escape = usApi.post("/api/v1/messages", message("FLASH", "clear \\u001b[2J"));

    assertThat(lone.status()).as(lone.raw().body()).isEqualTo(400);
    assertThat(lone.body().get("detail").asText()).contains("unpaired surrogate (U+D800)");
    assertThat(escape.status()).as(escape.raw().body()).isEqualTo(400);
    assertThat(escape.body().get("field").asText()).isEqualTo("subject");
    ConsoleClient releaser = new ConsoleClient(us.apiPort());
    assertThat(releaser.signIn("releaser", Users.PASSWORD).statusCode()).isEqualTo(303);
    assertThat(releaser.get("/releases").body()).doesNotContain("half").doesNotContain("clear");
    assertThat(outboxSize(usApi)).isEqualTo(outboxBefore);
  }

  @Test
  void hotline_send_of_a_flash_prints_the_release_it_waits_for_and_queues_nothing() {
    int outboxBefore = outboxSize(usApi);

    Cli.Run run =
        Cli.run(
            dir,
            "send",
            "--dir",
            us.home().dir().toString(),
            "--to",
            "cn",
            "--precedence",
            "FLASH",
            "--subject",
            "CLI flash",
            "--body",
            "b");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).containsPattern("release \\d+ PENDING: two-person release is on");
    assertThat(outboxSize(usApi)).as("nothing was queued").isEqualTo(outboxBefore);
  }

  @Test
  void messages_that_are_not_flash_go_out_at_once_and_a_batch_cannot_carry_a_held_flash() {
    Api.Response routine = usApi.post("/api/v1/messages", message("ROUTINE", "routine"));
    assertThat(routine.status()).as(routine.raw().body()).isEqualTo(201);
    assertThat(routine.body().get("state").asText()).isEqualTo("QUEUED");
    int outboxBefore = outboxSize(usApi);

    Api.Response batch =
        usApi.post(
            "/api/v1/messages/batch",
            "{\"messages\":[" + message("ROUTINE", "r") + "," + message("FLASH", "f") + "]}");

    assertThat(batch.status()).isEqualTo(400);
    assertThat(batch.body().get("detail").asText()).contains("message 1: two-person release is on");
    assertThat(outboxSize(usApi)).as("nothing of the batch was queued").isEqualTo(outboxBefore);
  }

  @Test
  void a_token_named_an_automated_sender_sends_a_flash_at_once_audited_and_marked() {
    String flash = message("FLASH", "automated flash").replace("\"cn\"", "\"us\"");

    Api.Response sent = cnApi.post("/api/v1/messages", flash);

    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    String id = sent.body().get("id").asText();
    JsonNode shown = cnApi.get("/api/v1/messages/" + id).body();
    assertThat(shown.at("/release/bypassed").asBoolean()).isTrue();
    assertThat(shown.at("/release/drafted_by").asText()).isEqualTo("token:api");
    assertThat(shown.at("/release/reason").asText()).contains("release_bypass_tokens");
    Watching.awaitMessage(usApi, id, message -> true);

    ConsoleClient officer = new ConsoleClient(cn.apiPort());
    assertThat(officer.signIn("officer", Users.PASSWORD).statusCode()).isEqualTo(303);
    assertThat(officer.get("/messages/" + id).body())
        .contains("sent by token:api without a second person")
        .contains("Sent without release (automated sender)");
    assertThat(auditActions(cn)).contains("release.bypass");
  }

  private static List<String> auditActions(Node node) {
    try (org.hotline.testing.ConsoleStores.Opened stores =
        org.hotline.testing.ConsoleStores.open(node.home().dir())) {
      return stores.console().auditLog(Long.MAX_VALUE, 100).stream()
          .map(org.hotline.console.AuditEntry::action)
          .toList();
    }
  }
}
