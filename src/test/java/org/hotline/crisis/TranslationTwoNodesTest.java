package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.app.Node;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A translation shown back to the sender, between two real nodes over HTTPS: us sends, cn
 * translates, us sees how cn read it and disputes, cn sees the dispute, and both compute the same
 * state hash; bad requests are refused with a problem and store nothing.
 */
@Tag("slow")
class TranslationTwoNodesTest {
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
    // Changes to translations are signed only into the log of a peer that reads format 4.
    Nodes.awaitReads(us, cn, 4);
  }

  @AfterAll
  static void stop() {
    us.close();
    cn.close();
  }

  private static String send(String subject, String body) {
    Api.Response sent =
        usApi.post(
            "/api/v1/messages",
            "{\"to\":\"cn\",\"precedence\":\"IMMEDIATE\",\"subject\":\""
                + subject
                + "\",\"body\":\""
                + body
                + "\"}");
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    String id = sent.body().path("id").asText();
    Await.until(
        "cn holds message " + id,
        Duration.ofSeconds(30),
        () -> cnApi.get("/api/v1/messages/" + id).status() == 200);
    return id;
  }

  private static JsonNode translations(Api api, String message) {
    return api.get("/api/v1/messages/" + message).body().path("translations");
  }

  @Test
  void cn_translates_us_sees_it_as_read_by_cn_disputes_it_and_cn_sees_the_dispute() {
    String message = send("Unidentified object", "Object at 18 km, heading 270.");

    Api.Response translated =
        cnApi.post(
            "/api/v1/messages/" + message + "/translations",
            "{\"language\":\"zh\",\"text\":\"不明物体，高度十八公里，航向270。\",\"by\":\"duty officer cn\"}");
    assertThat(translated.status()).as(translated.raw().body()).isEqualTo(201);
    assertThat(translated.body().path("change").path("object").asText())
        .isEqualTo("translation/" + message);
    String change = translated.body().path("change").path("id").asText();

    JsonNode onUs =
        Await.until(
            "us shows how cn read the message",
            Duration.ofSeconds(30),
            () -> translations(usApi, message),
            shown -> shown.size() == 1);
    assertThat(onUs.get(0).path("id").asText()).isEqualTo(change);
    assertThat(onUs.get(0).path("party").asText()).isEqualTo("cn");
    assertThat(onUs.get(0).path("language").asText()).isEqualTo("zh");
    assertThat(onUs.get(0).path("text").asText()).isEqualTo("不明物体，高度十八公里，航向270。");
    assertThat(onUs.get(0).path("by").asText()).isEqualTo("duty officer cn");
    assertThat(onUs.get(0).path("field").isNull()).isTrue();
    JsonNode listed = null;
    for (JsonNode item : usApi.get("/api/v1/messages?box=outbox").body().path("items")) {
      if (item.path("id").asText().equals(message)) {
        listed = item;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.path("translations")).isEqualTo(onUs);

    Api.Response disputed =
        usApi.post(
            "/api/v1/messages/" + message + "/translations/" + change + "/dispute",
            "{\"note\":\"18 km is the distance, not the altitude\",\"by\":\"duty officer us\"}");
    assertThat(disputed.status()).as(disputed.raw().body()).isEqualTo(201);

    JsonNode onCn =
        Await.until(
            "cn shows the dispute",
            Duration.ofSeconds(30),
            () -> translations(cnApi, message),
            shown -> shown.size() == 1 && shown.get(0).path("disputes").size() == 1);
    JsonNode dispute = onCn.get(0).path("disputes").get(0);
    assertThat(dispute.path("note").asText()).isEqualTo("18 km is the distance, not the altitude");
    assertThat(dispute.path("by").asText()).isEqualTo("duty officer us");

    SharedState[] states =
        Await.until(
            "both nodes at the same log sizes",
            Duration.ofSeconds(30),
            () ->
                new SharedState[] {
                  us.crisis().state(cn.home().party()), cn.crisis().state(us.home().party())
                },
            both ->
                both[0].asOfShown().entrySet().stream()
                    .allMatch(
                        size -> size.getValue().equals(both[1].asOfShown().get(size.getKey()))));
    assertThat(states[0].stateHash()).isEqualTo(states[1].stateHash());
    assertThat(states[0].translations(org.hotline.link.entry.MessageId.parse(message))).isPresent();
  }

  @Test
  void bad_translation_requests_are_refused_with_a_problem_and_store_nothing() {
    String message = send("Consular access", "Requesting access to the detained national.");
    String path = "/api/v1/messages/" + message + "/translations";

    Api.Response byAuthor = usApi.post(path, "{\"language\":\"zh\",\"text\":\"自己的译文\"}");
    assertThat(byAuthor.status()).as(byAuthor.raw().body()).isEqualTo(409);
    assertThat(byAuthor.body().path("detail").asText()).contains("only cn, who received message");

    Api.Response unknown =
        cnApi.post(
            "/api/v1/messages/01a24fbb-3a80-7001-8000-000000000099/translations",
            "{\"language\":\"zh\",\"text\":\"译文\"}");
    assertThat(unknown.status()).as(unknown.raw().body()).isEqualTo(404);
    assertThat(cnApi.post("/api/v1/messages/not-an-id/translations", "{}").status()).isEqualTo(404);

    Api.Response noLanguage = cnApi.post(path, "{\"text\":\"译文\"}");
    assertThat(noLanguage.status()).isEqualTo(400);
    assertThat(noLanguage.body().path("field").asText()).isEqualTo("language");

    Api.Response control = cnApi.post(path, "{\"language\":\"zh\",\"text\":\"译\\u0007文\"}");
    assertThat(control.status()).as(control.raw().body()).isEqualTo(400);
    assertThat(control.body().path("field").asText()).isEqualTo("text");

    Api.Response tooLong =
        cnApi.post(
            path,
            "{\"language\":\"zh\",\"text\":\""
                + "字".repeat(Translation.TEXT_CHARS_MAX + 1)
                + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body().path("field").asText()).isEqualTo("text");

    Api.Response badField =
        cnApi.post(path, "{\"language\":\"zh\",\"text\":\"译文\",\"field\":\"description\"}");
    assertThat(badField.status()).isEqualTo(400);
    assertThat(badField.body().path("field").asText()).isEqualTo("field");

    Api.Response noSuchTranslation =
        usApi.post(
            path + "/01a24fbb-3a80-7001-8000-000000000098/dispute", "{\"note\":\"misread\"}");
    assertThat(noSuchTranslation.status()).as(noSuchTranslation.raw().body()).isEqualTo(400);
    assertThat(noSuchTranslation.body().path("field").asText()).isEqualTo("of");

    assertThat(cn.crisis().pending(us.home().party())).isEmpty();
    assertThat(translations(cnApi, message)).isEmpty();
  }
}
