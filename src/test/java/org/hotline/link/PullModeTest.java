package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotline.app.Node;
import org.hotline.testing.Api;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A receiver that can reach the sender but not the other way round fetches the sender's log. */
@Tag("slow")
class PullModeTest {
  @TempDir Path dir;

  @Test
  void pull_mode_delivers_with_the_push_direction_blocked() throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      // us cannot reach cn: its only endpoint for cn is a closed port; cn pulls from us.
      int closed = Nodes.freePort();
      us.addPeer(
          new Peer(
              cn.home().card(),
              List.of(URI.create("https://127.0.0.1:" + closed)),
              Peer.Mode.PULLED));
      cn.addPeer(
          new Peer(
              us.home().card(),
              List.of(URI.create("https://127.0.0.1:" + us.federationPort())),
              Peer.Mode.PULL));
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      String[] ids = new String[20];
      for (int i = 0; i < ids.length; i++) {
        Api.Response sent =
            usApi.post(
                "/api/v1/messages",
                "{\"to\":\"cn\",\"precedence\":\"ROUTINE\",\"subject\":\"pulled "
                    + i
                    + "\",\"body\":\"b\"}");
        assertThat(sent.status()).isEqualTo(201);
        ids[i] = sent.body().get("id").asText();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline
          && !usApi
              .get("/api/v1/messages/" + ids[ids.length - 1])
              .body()
              .get("state")
              .asText()
              .equals("DELIVERED")) {
        Thread.sleep(50);
      }
      for (String id : ids) {
        assertThat(usApi.get("/api/v1/messages/" + id).body().get("state").asText())
            .as(id)
            .isEqualTo("DELIVERED");
        assertThat(cnApi.get("/api/v1/messages/" + id).status()).isEqualTo(200);
      }
      assertThat(cnApi.get("/api/v1/messages?box=inbox&limit=100").body().get("items"))
          .hasSize(ids.length);
      // The other direction still pushes: cn can reach us.
      Api.Response reply =
          cnApi.post(
              "/api/v1/messages",
              "{\"to\":\"us\",\"precedence\":\"FLASH\",\"subject\":\"pushed\",\"body\":\"b\"}");
      String replyId = reply.body().get("id").asText();
      deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline
          && usApi.get("/api/v1/messages/" + replyId).status() != 200) {
        Thread.sleep(50);
      }
      assertThat(usApi.get("/api/v1/messages/" + replyId).status()).isEqualTo(200);
    }
  }
}
