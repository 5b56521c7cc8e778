package org.hotline.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotline.app.Node;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.FaultProxy;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel suspended by the receiving party, on two real nodes over HTTPS, through the node's own
 * gate (the channels' shared state), not a stand-in: a message on it is refused by the sending node
 * with a 409 naming the channel and the peer's reason while the rest of the link works; a message
 * sent before the sender could know of the suspension crosses it, and is delivered and shown as
 * such on the receiving node. The crossing is made real by holding cn's traffic to us in a proxy:
 * cn's suspension cannot reach us while us's message reaches cn.
 */
@Tag("slow")
@Timeout(180)
class ChannelSuspensionTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void a_suspended_channel_refuses_sending_and_a_message_that_crossed_the_suspension_is_flagged()
      throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        FaultProxy toUs = FaultProxy.start(us.federationPort());
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      us.addPeer(new Peer(cn.home().card(), List.of(Nodes.endpoint(cn.home()))));
      cn.addPeer(new Peer(us.home().card(), List.of(toUs.endpoint())));
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      Await.until(
          "both nodes know the other reads format 3 and changes",
          WAIT,
          () ->
              us.links().capabilities().of(cn.home().party()).formats().contains(3)
                  && us.links().capabilities().of(cn.home().party()).kinds().contains("change")
                  && cn.links().capabilities().of(us.home().party()).formats().contains(3)
                  && cn.links().capabilities().of(us.home().party()).kinds().contains("change"));

      // cn suspends military; its change cannot reach us.
      toUs.set(new FaultProxy.Blackhole());
      Api.Response suspended =
          cnApi.post(
              "/api/v1/channels/military/suspend",
              "{\"peer\":\"us\",\"reason\":\"Talks suspended pending review\"}");
      assertThat(suspended.status()).as(suspended.raw().body()).isEqualTo(201);

      String crossed = send(usApi, "military", "Proposal to resume the talks");
      Await.until("cn holds us's message", WAIT, () -> cnApi.get(message(crossed)).status() == 200);
      JsonNode atCn = cnApi.get(message(crossed)).body();
      assertThat(atCn.path("channel").asText()).isEqualTo("military");
      assertThat(atCn.path("arrival").asText()).isEqualTo("CROSSED_SUSPENSION");
      assertThat(usApi.get(message(crossed)).body().path("arrival").isNull())
          .as("the sender's own view says nothing of how it arrived")
          .isTrue();

      // Once us holds the suspension, its node refuses the channel and only the channel.
      toUs.set(new FaultProxy.Pass());
      Await.until(
          "us holds cn's suspension of military",
          WAIT,
          () -> military(usApi).path("suspended_by").has("cn"));
      Api.Response refused = usApi.post("/api/v1/messages", body("military", "Second try"));
      assertThat(refused.status()).as(refused.raw().body()).isEqualTo(409);
      assertThat(refused.body().path("type").asText()).endsWith("channel-refused");
      assertThat(refused.body().path("channel").asText()).isEqualTo("military");
      assertThat(refused.body().path("why").asText()).isEqualTo("SUSPENDED");
      assertThat(refused.body().path("reason").asText())
          .isEqualTo("Talks suspended pending review");
      assertThat(usApi.get("/api/v1/messages?channel=military").body().toString())
          .doesNotContain("Second try");

      String general = send(usApi, "general", "On the general channel");
      Await.until(
          "cn holds the general message", WAIT, () -> cnApi.get(message(general)).status() == 200);
      assertThat(cnApi.get(message(general)).body().path("arrival").asText()).isEqualTo("CLEAR");

      // cn resumes: us may send on military again, and it arrives clear.
      Api.Response resumed = cnApi.post("/api/v1/channels/military/resume", "{\"peer\":\"us\"}");
      assertThat(resumed.status()).as(resumed.raw().body()).isEqualTo(201);
      Await.until(
          "us holds cn's resumption of military",
          WAIT,
          () -> !military(usApi).path("suspended_by").has("cn"));
      String after = send(usApi, "military", "Talks resume");
      Await.until(
          "cn holds the message after resumption",
          WAIT,
          () -> cnApi.get(message(after)).status() == 200);
      assertThat(cnApi.get(message(after)).body().path("arrival").asText()).isEqualTo("CLEAR");
      assertThat(cnApi.get(message(crossed)).body().path("arrival").asText())
          .as("a crossing stays a crossing after the channel is resumed")
          .isEqualTo("CROSSED_SUSPENSION");
    }
  }

  private static String message(String id) {
    return "/api/v1/messages/" + id;
  }

  private static String body(String channel, String subject) {
    return "{\"to\":\"cn\",\"precedence\":\"IMMEDIATE\",\"status\":\"EXERCISE\",\"subject\":\""
        + subject
        + "\",\"body\":\"\",\"channel\":\""
        + channel
        + "\"}";
  }

  private static String send(Api api, String channel, String subject) {
    Api.Response sent = api.post("/api/v1/messages", body(channel, subject));
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
    return sent.body().path("id").asText();
  }

  private static JsonNode military(Api api) {
    for (JsonNode channel : api.get("/api/v1/channels?peer=cn").body().path("channels")) {
      if (channel.path("name").asText().equals("military")) {
        return channel;
      }
    }
    throw new AssertionError("no channel military");
  }
}
