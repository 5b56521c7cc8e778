package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.console.Role;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.ConsoleClient;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's security at the HTTP level, against a real node: sessions, cookies, CSRF, roles,
 * and the API unchanged beside it. (The browser tests drive the same paths through Chromium.)
 */
class ConsoleHttpTest {
  @TempDir static Path dir;
  static Node us;
  static Node cn;

  @BeforeAll
  static void start() {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    Users.add(usHome, "officer", Role.DUTY_OFFICER);
    Users.add(usHome, "watcher", Role.VIEWER);
    Users.add(usHome, "admin", Role.ADMINISTRATOR);
    us = Nodes.start(usHome);
    cn = Nodes.start(cnHome);
    Nodes.pair(us, cn);
  }

  @AfterAll
  static void stop() {
    cn.close();
    us.close();
  }

  private static ConsoleClient signedIn(String username) {
    ConsoleClient client = new ConsoleClient(us.apiPort());
    assertThat(client.signIn(username, Users.PASSWORD).statusCode()).isEqualTo(303);
    assertThat(client.get("/inbox").statusCode()).isEqualTo(200);
    return client;
  }

  @Test
  void pages_need_a_session_and_send_people_to_the_sign_in_form() {
    HttpResponse<String> inbox = new ConsoleClient(us.apiPort()).get("/inbox");
    assertThat(inbox.statusCode()).isEqualTo(303);
    assertThat(inbox.headers().firstValue("Location")).hasValue("/signin?next=%2Finbox");
  }

  @Test
  void the_session_cookie_is_http_only_and_same_site_strict() {
    ConsoleClient client = new ConsoleClient(us.apiPort());
    HttpResponse<String> signedIn = client.signIn("officer", Users.PASSWORD);
    String cookie =
        signedIn.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("hotline_session="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie)
        .contains("HttpOnly")
        .containsIgnoringCase("SameSite=Strict")
        .doesNotContain("Secure");
  }

  @Test
  void pages_carry_a_content_security_policy_that_allows_only_the_nodes_own_scripts() {
    HttpResponse<String> inbox = signedIn("officer").get("/inbox");
    assertThat(inbox.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
    assertThat(inbox.body()).contains("/assets/htmx.min.js").doesNotContain("https://");
  }

  @Test
  void a_post_without_the_csrf_token_is_refused_and_nothing_is_sent() {
    ConsoleClient client = signedIn("officer");
    long before =
        new Api(us.home(), us.apiPort())
            .get("/api/v1/messages?box=outbox")
            .body()
            .get("items")
            .size();
    HttpResponse<String> refused =
        client.postRaw(
            "/compose",
            Map.of(
                "to",
                "cn",
                "precedence",
                "ROUTINE",
                "status",
                "ACTUAL",
                "subject",
                "forged",
                "body",
                "x"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("CSRF");
    HttpResponse<String> wrong =
        client.postRaw(
            "/compose",
            Map.of(
                "_csrf",
                "not-the-token",
                "to",
                "cn",
                "precedence",
                "ROUTINE",
                "subject",
                "forged",
                "body",
                "x"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(
            new Api(us.home(), us.apiPort())
                .get("/api/v1/messages?box=outbox")
                .body()
                .get("items")
                .size())
        .isEqualTo(before);
  }

  @Test
  void a_duty_officer_sends_from_the_compose_form() {
    ConsoleClient client = signedIn("officer");
    client.get("/compose");
    HttpResponse<String> sent =
        client.post(
            "/compose",
            Map.of(
                "to",
                "cn",
                "precedence",
                "ROUTINE",
                "status",
                "EXERCISE",
                "language",
                "en",
                "subject",
                "Hello",
                "body",
                "Text"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
    assertThat(sent.headers().firstValue("Location").orElseThrow()).startsWith("/messages/");
    HttpResponse<String> page = client.get(sent.headers().firstValue("Location").orElseThrow());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Hello").contains("EXERCISE");
  }

  @Test
  void the_compose_form_sends_on_the_chosen_channel_and_shows_a_channel_refusal_unsent() {
    ConsoleClient client = signedIn("officer");
    // A channel other than general goes only to a peer known to read entry format 3.
    org.hotline.testing.Await.until(
        "us knows cn reads entry format 3",
        java.time.Duration.ofSeconds(30),
        () -> us.links().capabilities().of(cn.home().party()).formats().contains(3));
    assertThat(client.get("/compose").body())
        .contains("name=\"channel\"")
        .contains("<option value=\"consular\"");
    HttpResponse<String> sent = client.post("/compose", onChannel("consular"));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
    HttpResponse<String> page = client.get(sent.headers().firstValue("Location").orElseThrow());
    assertThat(page.body()).contains("<dd id=\"channel\">consular</dd>");

    // A gate written here, because the real one reads the link's shared channel state, which the
    // node wires in beside this hook; what is tested is how the form shows its refusal.
    us.links()
        .outbox()
        .useChannelGate(
            (peer, channel, precedence) -> {
              throw new org.hotline.ChannelRefusedException(
                  channel,
                  org.hotline.ChannelRefusedException.Why.SUSPENDED,
                  "Talks suspended pending review",
                  "channel " + channel + " is suspended by cn: Talks suspended pending review");
            });
    try {
      HttpResponse<String> refused = client.post("/compose", onChannel("military"));
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(refused.body())
          .contains("id=\"compose-error\"")
          .contains("channel military is suspended by cn: Talks suspended pending review")
          .contains("Refused on military");
    } finally {
      // The node's own gate again, as the node wires it.
      us.links().outbox().useChannelGate(new org.hotline.crisis.ChannelRules(us.crisis()::state));
    }
  }

  private static Map<String, String> onChannel(String channel) {
    return Map.of(
        "to",
        "cn",
        "precedence",
        "ROUTINE",
        "status",
        "ACTUAL",
        "language",
        "en",
        "subject",
        "Refused on " + channel,
        "body",
        "",
        "channel",
        channel);
  }

  @Test
  void a_viewer_can_read_but_not_send_or_answer() {
    ConsoleClient client = signedIn("watcher");
    assertThat(client.get("/compose").statusCode()).isEqualTo(403);
    HttpResponse<String> send =
        client.post(
            "/compose", Map.of("to", "cn", "precedence", "ROUTINE", "subject", "s", "body", "b"));
    assertThat(send.statusCode()).isEqualTo(403);
    HttpResponse<String> ack =
        client.post("/messages/01930000-0000-7000-8000-000000000000/ack", Map.of());
    assertThat(ack.statusCode()).isEqualTo(403);
    assertThat(client.get("/admin").statusCode()).isEqualTo(403);
  }

  @Test
  void sign_out_ends_the_session() {
    ConsoleClient client = signedIn("officer");
    assertThat(client.post("/signout", Map.of()).statusCode()).isEqualTo(303);
    assertThat(client.get("/inbox").statusCode()).isEqualTo(303);
  }

  @Test
  void the_api_keeps_its_bearer_token_and_problem_documents() {
    Api api = new Api(us.home(), us.apiPort());
    assertThat(api.get("/api/v1/links").status()).isEqualTo(200);
    Api.Response unknown = api.get("/api/v1/nothing");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("type").asText()).isEqualTo("urn:hotline:problem:not-found");
    assertThat(new ConsoleClient(us.apiPort()).get("/api/v1/links").statusCode()).isEqualTo(401);
  }

  @Test
  void a_security_alarm_is_on_every_page_of_every_user_until_an_administrator_acknowledges_it() {
    try (var database =
        org.hotline.store.sqlite.SqliteStore.open(
            us.home().database(), org.hotline.Json.mapper())) {
      database.write(
          writes -> {
            writes.putSecurityEvent(
                new org.hotline.link.SecurityEvent(
                    java.time.Instant.now(),
                    "cn",
                    org.hotline.link.SecurityEvent.Kind.CONFLICTING_CHECKPOINT,
                    "two signed roots for size 7",
                    "evidence"));
            return null;
          });
    }
    ConsoleClient officer = signedIn("officer");
    for (String page : new String[] {"/inbox", "/outbox", "/links", "/compose"}) {
      assertThat(officer.get(page).body())
          .as(page)
          .contains("SECURITY ALARM")
          .contains("conflicting-checkpoint")
          .contains("An administrator must acknowledge");
    }
    assertThat(officer.post("/alarms/acknowledge", Map.of("through", "999")).statusCode())
        .as("only an administrator acknowledges")
        .isEqualTo(403);

    ConsoleClient admin = signedIn("admin");
    String adminPage = admin.get("/inbox").body();
    String newest = adminPage.replaceAll("(?s).*name=\"through\" value=\"(\\d+)\".*", "$1");
    assertThat(admin.post("/alarms/acknowledge", Map.of("through", newest)).statusCode())
        .isEqualTo(303);
    assertThat(officer.get("/inbox").body()).doesNotContain("SECURITY ALARM");
    assertThat(officer.get("/links").body())
        .as("the event itself stays on record")
        .contains("conflicting-checkpoint");
  }

  @Test
  void the_audit_log_records_sign_ins_actions_and_refusals_with_their_address() {
    new ConsoleClient(us.apiPort()).signIn("officer", "not the password at all");
    ConsoleClient officer = signedIn("officer");
    officer.get("/compose");
    officer.post(
        "/compose",
        Map.of(
            "to",
            "cn",
            "precedence",
            "PRIORITY",
            "status",
            "TEST",
            "language",
            "en",
            "subject",
            "Audited",
            "body",
            "b"));
    ConsoleClient watcher = signedIn("watcher");
    watcher.post(
        "/compose", Map.of("to", "cn", "precedence", "PRIORITY", "subject", "s", "body", "b"));
    String audit = signedIn("admin").get("/admin").body();
    assertThat(audit)
        .contains("data-action=\"sign-in.failed\"")
        .contains("data-action=\"sign-in\"")
        .contains("data-action=\"message.send\"")
        .contains("data-action=\"refused\"")
        .contains("127.0.0.1")
        .contains("PRIORITY TEST to cn: Audited");
  }

  @Test
  void a_second_acknowledgement_changes_nothing_and_is_audited_as_unchanged() {
    String id = Messaging.send(new Api(cn.home(), cn.apiPort()), "us", List.of("twice")).get(0);
    Api usApi = new Api(us.home(), us.apiPort());
    Await.until(
        "the message to arrive on us",
        Messaging.DELIVERY_TIMEOUT,
        () -> usApi.get("/api/v1/messages/" + id).status() == 200);
    ConsoleClient officer = signedIn("officer");
    officer.get("/messages/" + id);

    assertThat(officer.post("/messages/" + id + "/ack", Map.of()).statusCode()).isEqualTo(303);
    assertThat(officer.post("/messages/" + id + "/ack", Map.of()).statusCode()).isEqualTo(303);

    assertThat(usApi.get("/api/v1/messages/" + id).body().get("responses").findValuesAsText("kind"))
        .as("one acknowledgement on the record")
        .containsExactly("READ", "ACK");
    java.util.regex.Matcher rows =
        java.util.regex.Pattern.compile("(?s)<tr data-action=\"([^\"]+)\">(?:(?!</tr>).)*" + id)
            .matcher(signedIn("admin").get("/admin").body());
    List<String> actions = new java.util.ArrayList<>();
    while (rows.find()) {
      actions.add(rows.group(1));
    }
    assertThat(actions)
        .as("newest first")
        .containsExactly("message.answer-unchanged", "message.ack", "message.read");
  }

  @Test
  void the_assets_come_from_the_node() {
    ConsoleClient client = new ConsoleClient(us.apiPort());
    assertThat(client.get("/assets/htmx.min.js").body()).contains("htmx");
    assertThat(client.get("/assets/sse.js").body()).contains("sse");
    HttpResponse<String> wav = client.get("/assets/alarm.wav");
    assertThat(wav.statusCode()).isEqualTo(200);
    assertThat(wav.headers().firstValue("Content-Type").orElseThrow()).startsWith("audio/wav");
  }
}
