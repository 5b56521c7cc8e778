package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hotline.app.Node;
import org.hotline.console.Role;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A translation of a formatted notification's free-text field, between two real nodes over HTTPS:
 * cn adopts the small sighting template of {@link TemplateDocuments} (free text {@code /remarks}),
 * us sends a notification against it, cn translates {@code /remarks} and us sees the field's
 * translation; a translation that names no field, a coded field, or a field of a plain message is
 * refused at cn with a problem naming {@code field}, and nothing is stored.
 */
@Tag("slow")
@Timeout(180)
class FieldTranslationTwoNodesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final PartyId US = PartyId.of("us");
  private static final PartyId CN = PartyId.of("cn");

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
    Nodes.awaitReads(us, cn, 4);
    cn.crisis()
        .changeChannel(
            US,
            "military",
            "adopt",
            Map.of("template", TemplateDocuments.canonical("sighting", 1)),
            "admin",
            Role.ADMINISTRATOR);
    Await.until(
        "us holds cn's adoption on military",
        WAIT,
        () -> !us.crisis().state(CN).adopted(CN, "military").isEmpty());
  }

  @AfterAll
  static void stop() {
    us.close();
    cn.close();
  }

  private static String sent(String request) {
    Api.Response sent = usApi.post("/api/v1/messages", request);
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    String id = sent.body().path("id").asText();
    Await.until(
        "cn holds message " + id, WAIT, () -> cnApi.get("/api/v1/messages/" + id).status() == 200);
    return id;
  }

  private static String notification() {
    return sent(
        "{\"to\":\"cn\",\"template\":\"sighting\",\"channel\":\"military\",\"precedence\":"
            + "\"IMMEDIATE\",\"status\":\"EXERCISE\",\"fields\":"
            + "{\"remarks\":\"Balloon drifting east\",\"heading\":85}}");
  }

  private static JsonNode translations(Api api, String message) {
    return api.get("/api/v1/messages/" + message).body().path("translations");
  }

  @Test
  void cn_translates_a_notifications_free_text_field_and_us_sees_it_beside_that_field() {
    String message = notification();

    Api.Response translated =
        cnApi.post(
            "/api/v1/messages/" + message + "/translations",
            "{\"language\":\"zh\",\"text\":\"气球向东漂移\",\"field\":\"/remarks\",\"by\":\"cn officer\"}");
    assertThat(translated.status()).as(translated.raw().body()).isEqualTo(201);

    JsonNode onUs =
        Await.until(
            "us shows how cn read /remarks",
            WAIT,
            () -> translations(usApi, message),
            shown -> shown.size() == 1);
    assertThat(onUs.get(0).path("field").asText()).isEqualTo("/remarks");
    assertThat(onUs.get(0).path("text").asText()).isEqualTo("气球向东漂移");
    assertThat(onUs.get(0).path("party").asText()).isEqualTo("cn");

    SharedState[] states =
        Await.until(
            "both nodes at the same log sizes",
            WAIT,
            () -> new SharedState[] {us.crisis().state(CN), cn.crisis().state(US)},
            both ->
                both[0].asOfShown().entrySet().stream()
                    .allMatch(
                        size -> size.getValue().equals(both[1].asOfShown().get(size.getKey()))));
    assertThat(states[0].stateHash()).isEqualTo(states[1].stateHash());
    assertThat(
            states[1]
                .translations(MessageId.parse(message))
                .orElseThrow()
                .readings()
                .get(0)
                .field())
        .contains("/remarks");
  }

  @Test
  void a_translation_naming_no_field_a_coded_field_or_a_plain_messages_field_is_refused() {
    String message = notification();
    String path = "/api/v1/messages/" + message + "/translations";

    Api.Response noField = cnApi.post(path, "{\"language\":\"zh\",\"text\":\"译文\"}");
    assertThat(noField.status()).as(noField.raw().body()).isEqualTo(400);
    assertThat(noField.body().path("field").asText()).isEqualTo("field");
    assertThat(noField.body().path("detail").asText()).contains("/remarks");

    Api.Response coded =
        cnApi.post(path, "{\"language\":\"zh\",\"text\":\"八十五\",\"field\":\"/heading\"}");
    assertThat(coded.status()).as(coded.raw().body()).isEqualTo(400);
    assertThat(coded.body().path("field").asText()).isEqualTo("field");
    assertThat(coded.body().path("detail").asText()).contains("not a free-text field");

    Api.Response absent =
        cnApi.post(path, "{\"language\":\"zh\",\"text\":\"译文\",\"field\":\"/description\"}");
    assertThat(absent.status()).as(absent.raw().body()).isEqualTo(400);
    assertThat(absent.body().path("field").asText()).isEqualTo("field");

    String plain =
        sent(
            "{\"to\":\"cn\",\"precedence\":\"ROUTINE\",\"subject\":\"Weather\","
                + "\"body\":\"Clear skies.\"}");
    Api.Response onPlain =
        cnApi.post(
            "/api/v1/messages/" + plain + "/translations",
            "{\"language\":\"zh\",\"text\":\"晴朗\",\"field\":\"/body\"}");
    assertThat(onPlain.status()).as(onPlain.raw().body()).isEqualTo(400);
    assertThat(onPlain.body().path("field").asText()).isEqualTo("field");
    assertThat(onPlain.body().path("detail").asText()).contains("plain message");

    assertThat(cn.crisis().pending(US)).isEmpty();
    assertThat(translations(cnApi, message)).isEmpty();
    assertThat(translations(cnApi, plain)).isEmpty();
  }
}
