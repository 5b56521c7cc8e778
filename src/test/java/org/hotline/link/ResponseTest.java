package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.hotline.app.Node;
import org.hotline.testing.Api;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read, acknowledge and decline travel back to the sender as signed entries. */
@Tag("slow")
class ResponseTest {
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
  }

  @AfterAll
  static void stop() {
    cn.close();
    us.close();
  }

  private static String sendAndDeliver(String precedence) throws InterruptedException {
    return sendAndDeliver(usApi, cnApi, "cn", precedence);
  }

  private static String sendAndDeliver(Api from, Api to, String peer, String precedence)
      throws InterruptedException {
    Api.Response sent =
        from.post(
            "/api/v1/messages",
            "{\"to\":\""
                + peer
                + "\",\"precedence\":\""
                + precedence
                + "\",\"subject\":\"s\",\"body\":\"b\"}");
    assertThat(sent.status()).isEqualTo(201);
    String id = sent.body().get("id").asText();
    await(to, id, m -> m != null);
    return id;
  }

  private static JsonNode await(Api api, String id, Predicate<JsonNode> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      Api.Response response = api.get("/api/v1/messages/" + id);
      last = response.status() == 200 ? response.body() : null;
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("condition not met for " + id + "; last seen: " + last);
  }

  @Test
  void an_acknowledgement_reaches_the_sender_with_who_and_when() throws Exception {
    String id = sendAndDeliver("FLASH");
    Api.Response acked =
        cnApi.post(
            "/api/v1/messages/" + id + "/ack",
            "{\"by\":\"duty-officer-li\",\"note\":\"Received, calling back\"}");
    assertThat(acked.status()).isEqualTo(200);
    assertThat(acked.body().get("answer").asText()).isEqualTo("ACKNOWLEDGED");
    JsonNode onSender = await(usApi, id, m -> m.get("answer").asText().equals("ACKNOWLEDGED"));
    JsonNode response = onSender.get("responses").get(0);
    assertThat(response.get("kind").asText()).isEqualTo("ACK");
    assertThat(response.get("by").asText()).isEqualTo("duty-officer-li");
    assertThat(response.get("note").asText()).isEqualTo("Received, calling back");
    assertThat(response.get("direction").asText()).isEqualTo("received");
    assertThat(response.get("seq").asLong()).isPositive();
  }

  @Test
  void a_second_acknowledgement_changes_nothing() throws Exception {
    String id = sendAndDeliver("IMMEDIATE");
    assertThat(cnApi.post("/api/v1/messages/" + id + "/ack", "{}").status()).isEqualTo(200);
    assertThat(cnApi.post("/api/v1/messages/" + id + "/ack", "{}").status()).isEqualTo(200);
    assertThat(cnApi.get("/api/v1/messages/" + id).body().get("responses")).hasSize(1);
    // A later entry of cn's log, queued after both acknowledgements at the lowest precedence, so
    // sequenced after anything they queued: once it is on us, so is any second acknowledgement.
    String later = sendAndDeliver(cnApi, usApi, "us", "ROUTINE");
    assertThat(later).isNotEqualTo(id);
    assertThat(await(usApi, id, m -> true).get("responses")).hasSize(1);
  }

  @Test
  void a_decline_with_its_reason_reaches_the_sender() throws Exception {
    String id = sendAndDeliver("PRIORITY");
    Api.Response declined =
        cnApi.post(
            "/api/v1/messages/" + id + "/decline", "{\"reason\":\"We will not take this call\"}");
    assertThat(declined.status()).isEqualTo(200);
    JsonNode onSender = await(usApi, id, m -> m.get("answer").asText().equals("DECLINED"));
    assertThat(onSender.get("responses").get(0).get("note").asText())
        .isEqualTo("We will not take this call");
  }

  @Test
  void reading_travels_to_the_sender_as_its_own_state() throws Exception {
    String id = sendAndDeliver("ROUTINE");
    assertThat(cnApi.post("/api/v1/messages/" + id + "/read", "").status()).isEqualTo(200);
    JsonNode onSender = await(usApi, id, m -> !m.get("read_at").isNull());
    assertThat(onSender.get("answer").isNull()).isTrue();
    assertThat(onSender.get("responses").get(0).get("kind").asText()).isEqualTo("READ");
  }

  @Test
  void answers_that_make_no_sense_are_refused_precisely() throws Exception {
    String id = sendAndDeliver("ROUTINE");
    Api.Response ownMessage = usApi.post("/api/v1/messages/" + id + "/ack", "{}");
    assertThat(ownMessage.status()).isEqualTo(400);
    assertThat(ownMessage.body().get("detail").asText())
        .contains("only its recipient can answer it");
    Api.Response unknown =
        cnApi.post("/api/v1/messages/01930000-0000-7000-8000-000000000000/ack", "{}");
    assertThat(unknown.status()).isEqualTo(404);
    Api.Response noReason = cnApi.post("/api/v1/messages/" + id + "/decline", "{}");
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.body().get("field").asText()).isEqualTo("reason");
    assertThat(cnApi.post("/api/v1/messages/" + id + "/ack", "{}").status()).isEqualTo(200);
    Api.Response declineAfterAck =
        cnApi.post("/api/v1/messages/" + id + "/decline", "{\"reason\":\"no\"}");
    assertThat(declineAfterAck.status()).isEqualTo(409);
    assertThat(cnApi.get("/api/v1/messages/" + id).body().get("responses")).hasSize(1);
  }
}
