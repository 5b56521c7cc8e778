package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hotline.app.Node;
import org.hotline.console.Role;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.link.entry.TemplateRef;
import org.hotline.notice.Template;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formatted notifications between two real nodes over HTTPS (real SQLite files, mutual TLS on
 * loopback): cn adopts a template on military for its receiving side, us sends a notification
 * against it and cn reads it VALID; the sender's refusals store nothing; and a notification that a
 * peer signs against its own node's checks is kept, shown INVALID or UNKNOWN_TEMPLATE with its
 * problems, raised as a security event and watched at its precedence, while the link goes on.
 *
 * <p>The adoption is made through cn's {@link Crisis} rather than its API: the API adopts only a
 * template the node has (shipped or added by an operator), and this test brings its own small
 * template document instead of depending on those ({@link TemplateDocuments}).
 */
@Tag("slow")
@Timeout(180)
class FormattedNotificationsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final PartyId US = PartyId.of("us");
  private static final PartyId CN = PartyId.of("cn");

  @TempDir Path dir;

  private static void awaitFormat4(Node us, Node cn) {
    Nodes.awaitReads(us, cn, 4);
  }

  /** cn adopts the sighting template on military; returns it once us holds the adoption. */
  private static Template adoptAtCn(Node cn, Api usApi) {
    String canonical = TemplateDocuments.canonical("sighting", 1);
    cn.crisis()
        .changeChannel(
            US, "military", "adopt", Map.of("template", canonical), "admin", Role.ADMINISTRATOR);
    Await.until("us holds cn's adoption on military", WAIT, () -> adopted(usApi, "cn").size() == 1);
    return Template.parse(canonical);
  }

  /** What {@code party} adopted on military, as us's API shows its link with cn. */
  private static JsonNode adopted(Api usApi, String party) {
    for (JsonNode channel : usApi.get("/api/v1/channels?peer=cn").body().path("channels")) {
      if (channel.path("name").asText().equals("military")) {
        return channel.path("adopted").path(party);
      }
    }
    throw new AssertionError("no military channel");
  }

  private static String notification(String channel, String fields) {
    return "{\"to\":\"cn\",\"template\":\"sighting\",\"channel\":\""
        + channel
        + "\",\"precedence\":\"FLASH\",\"status\":\"EXERCISE\",\"fields\":"
        + fields
        + "}";
  }

  @Test
  void an_adopted_template_carries_a_notification_that_the_receiver_reads_valid() throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      awaitFormat4(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      Template template = adoptAtCn(cn, usApi);
      JsonNode shown = adopted(usApi, "cn").get(0);
      assertThat(shown.path("id").asText()).isEqualTo("sighting");
      assertThat(shown.path("sha256").asText()).isEqualTo(template.sha256());
      assertThat(adopted(usApi, "us")).isEmpty();

      Api.Response sent =
          usApi.post(
              "/api/v1/messages",
              notification("military", "{\"remarks\":\"气球\",\"heading\":85}")
                  .replace("{\"to\"", "{\"language\":\"zh\",\"to\""));
      assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
      String id = sent.body().path("id").asText();
      Await.until(
          "cn holds the notification",
          WAIT,
          () -> cnApi.get("/api/v1/messages/" + id).status() == 200);

      JsonNode received = cnApi.get("/api/v1/messages/" + id).body();
      assertThat(received.path("subject").asText()).isEqualTo("sighting");
      assertThat(received.path("body").asText()).isEqualTo("{\"heading\":85,\"remarks\":\"气球\"}");
      // The language is the free text's, as its sender said.
      assertThat(received.path("language").asText()).isEqualTo("zh");
      assertThat(received.path("channel").asText()).isEqualTo("military");
      JsonNode read = received.path("notification");
      assertThat(read.path("template").asText()).isEqualTo("sighting");
      assertThat(read.path("version").asInt()).isEqualTo(1);
      assertThat(read.path("sha256").asText()).isEqualTo(template.sha256());
      assertThat(read.path("validity").asText()).isEqualTo("VALID");
      assertThat(read.path("fields").path("heading").asInt()).isEqualTo(85);
      assertThat(read.path("problems")).isEmpty();
      assertThat(
              usApi
                  .get("/api/v1/messages/" + id)
                  .body()
                  .path("notification")
                  .path("validity")
                  .asText())
          .isEqualTo("VALID");
      JsonNode listed = cnApi.get("/api/v1/messages?box=inbox").body().path("items").get(0);
      assertThat(listed.path("notification").path("validity").asText()).isEqualTo("VALID");
      assertThat(cnApi.get("/api/v1/security-events").body().toString())
          .doesNotContain("invalid-notification");
      // Each node's stored rows show exactly the signed entries, the template included.
      for (Node node : List.of(us, cn)) {
        org.hotline.testing.Cli.Run verify =
            org.hotline.testing.Cli.run(dir, "verify", "--dir", node.home().dir().toString());
        assertThat(verify.exitCode()).as(verify.output()).isZero();
      }
    }
  }

  @Test
  void the_sender_refuses_a_template_not_adopted_there_and_values_that_break_it_storing_nothing()
      throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      awaitFormat4(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Template template = adoptAtCn(cn, usApi);
      int changesBefore = usApi.get("/api/v1/channels?peer=cn").body().toString().length();

      Api.Response elsewhere =
          usApi.post("/api/v1/messages", notification("consular", "{\"heading\":85}"));
      assertThat(elsewhere.status()).as(elsewhere.raw().body()).isEqualTo(409);
      assertThat(elsewhere.body().path("type").asText()).endsWith("template-not-adopted");
      assertThat(elsewhere.body().path("template").asText()).isEqualTo("sighting");
      assertThat(elsewhere.body().path("channel").asText()).isEqualTo("consular");

      Api.Response version =
          usApi.post(
              "/api/v1/messages",
              notification("military", "{\"heading\":85}")
                  .replace("\"template\"", "\"version\":2,\"template\""));
      assertThat(version.status()).as(version.raw().body()).isEqualTo(409);
      assertThat(version.body().path("version").asInt()).isEqualTo(2);

      Api.Response mixed =
          usApi.post(
              "/api/v1/messages",
              notification("military", "{\"heading\":85}")
                  .replace("{\"to\"", "{\"subject\":\"x\",\"to\""));
      assertThat(mixed.status()).as(mixed.raw().body()).isEqualTo(400);
      assertThat(mixed.body().path("field").asText()).isEqualTo("subject");

      Api.Response noFields = usApi.post("/api/v1/messages", notification("military", "[1]"));
      assertThat(noFields.status()).as(noFields.raw().body()).isEqualTo(400);
      assertThat(noFields.body().path("field").asText()).isEqualTo("fields");

      Api.Response unknown =
          usApi.post(
              "/api/v1/channels/military/adopt", "{\"to\":\"cn\",\"template\":\"no-such-form\"}");
      assertThat(unknown.status()).as(unknown.raw().body()).isEqualTo(404);

      assertThat(usApi.get("/api/v1/messages?box=outbox").body().path("items")).isEmpty();
      assertThat(usApi.get("/api/v1/channels?peer=cn").body().toString().length())
          .isEqualTo(changesBefore);

      // The schema checks of org.hotline.notice.Template are what finds the values below wrong.
      String wrong = "{\"heading\":400,\"colour\":\"red\"}";
      Api.Response invalid = usApi.post("/api/v1/messages", notification("military", wrong));
      assertThat(invalid.status()).as(invalid.raw().body()).isEqualTo(422);
      assertThat(invalid.body().path("type").asText()).endsWith("invalid-fields");
      assertThat(invalid.body().path("errors")).isNotEmpty();
      assertThat(invalid.body().path("errors").findValuesAsText("pointer")).contains("/heading");
      assertThat(invalid.body().path("errors").findValuesAsText("rule")).contains("maximum");
      assertThat(usApi.get("/api/v1/messages?box=outbox").body().path("items")).isEmpty();
    }
  }

  @Test
  void a_notification_a_peer_signs_against_its_own_checks_is_kept_flagged_raised_and_watched()
      throws Exception {
    // One clock both nodes read, moved by the test: the FLASH deadline passes without waiting.
    org.hotline.testing.MutableClock clock = org.hotline.testing.MutableClock.atNow();
    try (Node us = Nodes.start(Nodes.init(dir, "us"), clock);
        Node cn = Nodes.start(Nodes.init(dir, "cn"), clock)) {
      List<org.hotline.watch.Alert> alarms = new java.util.concurrent.CopyOnWriteArrayList<>();
      cn.links()
          .events()
          .observe(
              event -> {
                if (event instanceof org.hotline.event.Event.DeadlineAlarm alarm) {
                  alarms.add(alarm.alert());
                }
              });
      Nodes.pair(us, cn);
      awaitFormat4(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      Template template = adoptAtCn(cn, usApi);

      // A broken or hostile sender: us's outbox takes the drafts beneath the API, which is where
      // an honest node checks a notification's values and its template's adoption. The link
      // signs whatever format 4 can say; only the receiver's reading finds them wrong.
      TemplateRef adopted = new TemplateRef("sighting", 1, template.sha256());
      TemplateRef unknown = new TemplateRef("sighting", 1, "ab".repeat(32));
      List<org.hotline.link.send.Outbox.Accepted> accepted =
          us.links()
              .outbox()
              .submit(
                  List.of(
                      new Draft(
                          CN,
                          Precedence.FLASH,
                          StatusFlag.EXERCISE,
                          "sighting",
                          "",
                          null,
                          null,
                          "military",
                          adopted),
                      new Draft(
                          CN,
                          Precedence.IMMEDIATE,
                          StatusFlag.EXERCISE,
                          "sighting",
                          "{\"heading\":85}",
                          null,
                          null,
                          "military",
                          unknown)));
      String invalidId = accepted.get(0).id().toString();
      String unknownId = accepted.get(1).id().toString();
      Api.Response next =
          usApi.post(
              "/api/v1/messages",
              "{\"to\":\"cn\",\"precedence\":\"ROUTINE\",\"status\":\"EXERCISE\","
                  + "\"subject\":\"After them\",\"body\":\"\"}");
      assertThat(next.status()).as(next.raw().body()).isEqualTo(201);
      String nextId = next.body().path("id").asText();

      Await.until(
          "cn holds the message after the two notifications",
          WAIT,
          () -> cnApi.get("/api/v1/messages/" + nextId).status() == 200);
      Await.until(
          "us holds receipts for all three",
          WAIT,
          () ->
              usApi
                      .get("/api/v1/messages/" + nextId)
                      .body()
                      .path("state")
                      .asText()
                      .equals("DELIVERED")
                  && usApi
                      .get("/api/v1/messages/" + invalidId)
                      .body()
                      .path("state")
                      .asText()
                      .equals("DELIVERED"));

      JsonNode invalid = cnApi.get("/api/v1/messages/" + invalidId).body();
      assertThat(invalid.path("notification").path("validity").asText()).isEqualTo("INVALID");
      assertThat(invalid.path("notification").path("problems")).isNotEmpty();
      assertThat(invalid.path("precedence").asText()).isEqualTo("FLASH");
      Instant created = Instant.parse(invalid.path("created").asText());
      Instant due = Instant.parse(invalid.path("deadline").asText());
      assertThat(Duration.between(created, due))
          .as("watched at its precedence, as any FLASH")
          .isEqualTo(org.hotline.watch.DeadlinePolicy.defaults().ackDeadline(US, Precedence.FLASH));

      JsonNode stray = cnApi.get("/api/v1/messages/" + unknownId).body();
      assertThat(stray.path("notification").path("validity").asText())
          .isEqualTo("UNKNOWN_TEMPLATE");
      assertThat(stray.path("notification").path("problems").get(0).path("rule").asText())
          .isEqualTo("template");

      JsonNode events =
          Await.until(
              "cn raises both as security events",
              WAIT,
              () -> cnApi.get("/api/v1/security-events").body(),
              body -> body.toString().split("invalid-notification", -1).length - 1 == 2);
      String text = events.toString();
      assertThat(text).contains(invalidId).contains(unknownId).doesNotContain("heading\\\":85");
      assertThat(cnApi.get("/api/v1/messages/" + nextId).body().path("notification").isNull())
          .isTrue();

      // Unanswered, the INVALID FLASH is escalated at its deadline on the receiving side.
      clock.advance(Duration.between(clock.instant(), due).plusSeconds(1));
      cn.watch().tick();
      assertThat(alarms)
          .as("escalated at its precedence, as any FLASH")
          .anySatisfy(
              alert -> {
                assertThat(alert.message().toString()).isEqualTo(invalidId);
                assertThat(alert.kind()).isEqualTo(org.hotline.watch.Alert.Kind.ESCALATION);
                assertThat(alert.precedence()).isEqualTo(Precedence.FLASH);
              });
    }
  }
}
