package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.hotline.app.Node;
import org.hotline.testing.Api;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class TwoNodesTest {
  @TempDir Path dir;

  @Test
  void a_message_sent_by_one_node_is_delivered_with_a_receipt() throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      Api api = new Api(us.home(), us.apiPort());
      Api.Response sent =
          api.post(
              "/api/v1/messages",
              "{\"to\":\"cn\",\"precedence\":\"FLASH\",\"subject\":\"hello\",\"body\":\"text\"}");
      assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
      String id = sent.body().get("id").asText();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      String state = "";
      while (System.nanoTime() < deadline && !state.equals("DELIVERED")) {
        Api.Response shown = api.get("/api/v1/messages/" + id);
        assertThat(shown.status()).as(shown.raw().body()).isEqualTo(200);
        state = shown.body().get("state").asText();
        Thread.sleep(20);
      }
      assertThat(state).isEqualTo("DELIVERED");
      Api.Response received = new Api(cn.home(), cn.apiPort()).get("/api/v1/messages/" + id);
      assertThat(received.body().get("subject").asText()).isEqualTo("hello");
      assertThat(received.body().get("from").asText()).isEqualTo("us");
    }
  }
}
