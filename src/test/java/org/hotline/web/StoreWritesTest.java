package org.hotline.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.hotline.app.Node;
import org.hotline.testing.Api;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/links} carries the store's durability counters (commits, write-ahead log
 * checkpoints), which the benchmark reads from each node to report fsyncs per message.
 */
@Timeout(120)
class StoreWritesTest {
  @TempDir Path dir;

  @Test
  void the_links_answer_counts_the_commits_each_node_made_to_carry_messages() {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());
      JsonNode usBefore = store(usApi);
      JsonNode cnBefore = store(cnApi);

      List<String> bodies = IntStream.range(0, 10).mapToObj(n -> "message " + n).toList();
      Messaging.send(usApi, "cn", bodies);
      Messaging.awaitDelivered(usApi, "cn", bodies.size());

      JsonNode usAfter = store(usApi);
      JsonNode cnAfter = store(cnApi);
      assertThat(usAfter.get("commits").asLong())
          .as("the sender accepted, sequenced and stored a receipt")
          .isGreaterThan(usBefore.get("commits").asLong());
      assertThat(cnAfter.get("commits").asLong())
          .as("the receiver stored the batch before its receipt")
          .isGreaterThan(cnBefore.get("commits").asLong());
      assertThat(usAfter.get("wal_checkpoints").asLong())
          .isGreaterThanOrEqualTo(usBefore.get("wal_checkpoints").asLong());
    }
  }

  private static JsonNode store(Api api) {
    Api.Response links = api.get("/api/v1/links");
    assertThat(links.status()).as(links.raw().body()).isEqualTo(200);
    JsonNode store = links.body().get("store");
    assertThat(store).as(links.raw().body()).isNotNull();
    assertThat(store.get("commits").isIntegralNumber()).isTrue();
    assertThat(store.get("wal_checkpoints").isIntegralNumber()).isTrue();
    return store;
  }
}
