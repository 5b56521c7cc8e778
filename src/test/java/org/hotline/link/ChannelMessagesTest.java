package org.hotline.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hotline.ChannelRefusedException;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.testing.RewritingPeer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message names its channel and says what its sender had seen (docs/protocol.md §3.1, entry
 * format 3): between two real nodes (real SQLite files, mutual TLS on loopback) that both read
 * format 3, the entry carries both and the receiver stores and shows them; and a channel the
 * sender's gate refuses stores nothing and answers a problem. To a peer that reads only formats 1
 * and 2 (cn behind a {@link RewritingPeer} that says so, as no such build of this version exists) a
 * message has the 14 fields of format 2.
 */
@Tag("slow")
class ChannelMessagesTest {
  private static final PartyId US = PartyId.of("us");
  private static final PartyId CN = PartyId.of("cn");
  private static final LogOrigin US_TO_CN = new LogOrigin(US, CN);

  /** The link is up and its first exchange of capabilities done well within this. */
  private static final Duration CAPABILITIES_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void two_nodes_reading_format_3_carry_a_messages_channel_and_seen_and_the_receiver_stores_both()
      throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      awaitFormat3(us, cn);
      // cn's log to us holds two messages before us sends: us's message says it had seen them.
      Messaging.send(api(cn), "us", List.of("one", "two"));
      Messaging.awaitDelivered(api(cn), "us", 2);
      Await.until(
          "us to hold cn's two messages",
          Messaging.DELIVERY_TIMEOUT,
          () -> api(us).get("/api/v1/messages?box=inbox").body().get("items").size() == 2);

      String id = send(api(us), "consular").body().get("id").asText();
      Messaging.awaitDelivered(api(us), "cn", 1);

      JsonNode received = api(cn).get("/api/v1/messages/" + id).body();
      assertThat(received.get("channel").asText()).isEqualTo("consular");
      assertThat(received.get("seen").asLong()).isEqualTo(2);
      JsonNode sent = api(us).get("/api/v1/messages/" + id).body();
      assertThat(sent.get("channel").asText()).isEqualTo("consular");
      assertThat(sent.get("seen").asLong()).isEqualTo(2);
      // cn's messages named no channel: general; cn had received nothing of us's log then.
      JsonNode earlier = api(us).get("/api/v1/messages?box=inbox").body().get("items").get(0);
      assertThat(earlier.get("channel").asText()).isEqualTo("general");
      assertThat(earlier.get("seen").asLong()).isZero();

      byte[] entry = firstEntry(cn, US_TO_CN);
      assertThat(new String(entry, UTF_8))
          // Both read format 4 as well, the newest they share: a plain message names no template.
          .startsWith("{\"v\":4,\"kind\":\"message\"")
          .endsWith(
              ",\"channel\":\"consular\",\"seen\":2,"
                  + "\"template\":\"\",\"template_version\":0,\"template_sha256\":\"\"}");
      MessageEntry read = (MessageEntry) EntryCodec.decode(entry);
      assertThat(read.draft().channel()).isEqualTo("consular");
      assertThat(read.seen()).isEqualTo(2);

      JsonNode filtered = api(cn).get("/api/v1/messages?box=inbox&channel=consular").body();
      assertThat(filtered.get("items")).hasSize(1);
      assertThat(filtered.get("items").get(0).get("id").asText()).isEqualTo(id);
      assertThat(api(cn).get("/api/v1/messages?box=inbox&channel=military").body().get("items"))
          .isEmpty();
    }
  }

  @Test
  void a_message_the_channel_gate_refuses_stores_nothing_and_answers_a_problem_naming_the_channel()
      throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      awaitFormat3(us, cn);
      // A gate written here, because the real one reads the link's shared channel state, which
      // the node wires in beside this hook; what is tested is the outbox and the API around it.
      us.links()
          .outbox()
          .useChannelGate(
              (peer, channel, precedence) -> {
                switch (channel) {
                  case "military" ->
                      throw new ChannelRefusedException(
                          channel,
                          ChannelRefusedException.Why.SUSPENDED,
                          "Talks suspended pending review",
                          "channel military is suspended by cn: Talks suspended pending review");
                  case "sports" ->
                      throw new ChannelRefusedException(
                          channel,
                          ChannelRefusedException.Why.UNKNOWN_CHANNEL,
                          "the link has no channel sports",
                          "the link with cn has no channel sports");
                  default -> {}
                }
              });

      Api.Response suspended = send(api(us), "military");
      assertThat(suspended.status()).isEqualTo(409);
      assertThat(suspended.raw().headers().firstValue("content-type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(suspended.body().get("title").asText()).isEqualTo("channel-refused");
      assertThat(suspended.body().get("channel").asText()).isEqualTo("military");
      assertThat(suspended.body().get("why").asText()).isEqualTo("SUSPENDED");
      assertThat(suspended.body().get("reason").asText())
          .isEqualTo("Talks suspended pending review");
      assertThat(suspended.body().get("detail").asText())
          .isEqualTo("channel military is suspended by cn: Talks suspended pending review");

      Api.Response unknown = send(api(us), "sports");
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.body().get("field").asText()).isEqualTo("channel");
      assertThat(unknown.body().get("why").asText()).isEqualTo("UNKNOWN_CHANNEL");

      // A batch is all or nothing: one refused message refuses the others with it.
      ObjectNode batch = Json.mapper().createObjectNode();
      batch.putArray("messages").add(message("general")).add(message("military"));
      assertThat(api(us).post("/api/v1/messages/batch", batch.toString()).status()).isEqualTo(409);

      assertThat(api(us).get("/api/v1/messages?box=outbox").body().get("items")).isEmpty();
      try (SqliteStore store = SqliteStore.open(us.home().database(), Json.mapper())) {
        List<LinkStore.QueuedEntry> queued = store.write(writes -> writes.nextQueued(US_TO_CN, 10));
        assertThat(queued).isEmpty();
        assertThat(store.logHead(US_TO_CN).map(LinkStore.LogHead::size).orElse(0L)).isZero();
      }

      // The rest of the link keeps working.
      assertThat(send(api(us), "general").status()).isEqualTo(201);
      Messaging.awaitDelivered(api(us), "cn", 1);
    }
  }

  @Test
  void a_node_whose_peer_reads_only_formats_1_and_2_sends_messages_of_14_fields() throws Exception {
    try (Node cn = Nodes.start(Nodes.init(dir, "cn"));
        Node us = Nodes.start(Nodes.init(dir, "us"));
        RewritingPeer formatTwo =
            new RewritingPeer(
                cn,
                us,
                (path, answer) -> {
                  if (path.equals("/federation/v1/capabilities")) {
                    answer.putArray("formats").add(1).add(2);
                  }
                })) {
      us.addPeer(new Peer(cn.home().card(), List.of(formatTwo.endpoint())));
      cn.addPeer(
          new Peer(
              us.home().card(),
              List.of(java.net.URI.create("https://127.0.0.1:" + us.federationPort()))));
      Await.until(
          "us to learn that cn reads formats 1 and 2",
          CAPABILITIES_TIMEOUT,
          () -> us.links().capabilities().known(CN),
          known ->
              known.source() == org.hotline.link.health.Capabilities.Source.ADVERTISED
                  && known.capabilities().formats().equals(java.util.Set.of(1, 2)));

      Api.Response onChannel = send(api(us), "consular");
      assertThat(onChannel.status()).as(onChannel.raw().body()).isEqualTo(400);
      assertThat(onChannel.body().get("field").asText()).isEqualTo("channel");
      Api.Response sent = send(api(us), "general");
      assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
      Messaging.awaitDelivered(api(us), "cn", 1);

      String entry = new String(firstEntry(cn, US_TO_CN), UTF_8);
      assertThat(entry).startsWith("{\"v\":2,\"kind\":\"message\"").endsWith("\"body\":\"\"}");
      JsonNode received = api(cn).get("/api/v1/messages/" + sent.body().get("id").asText()).body();
      assertThat(received.get("channel").asText()).isEqualTo("general");
      assertThat(received.get("seen").isNull()).isTrue();
    }
  }

  private static void awaitFormat3(Node a, Node b) {
    Await.until(
        "both nodes know the other reads format 3",
        CAPABILITIES_TIMEOUT,
        () ->
            a.links().capabilities().of(b.home().party()).reads(EntryCodec.FORMAT_3)
                && b.links().capabilities().of(a.home().party()).reads(EntryCodec.FORMAT_3));
  }

  private static ObjectNode message(String channel) {
    return Json.mapper()
        .createObjectNode()
        .put("to", "cn")
        .put("precedence", "IMMEDIATE")
        .put("subject", "On " + channel)
        .put("body", "")
        .put("channel", channel);
  }

  private static Api.Response send(Api api, String channel) {
    return api.post("/api/v1/messages", message(channel).toString());
  }

  private static byte[] firstEntry(Node node, LogOrigin log) {
    try (SqliteStore store = SqliteStore.open(node.home().database(), Json.mapper())) {
      return store.entries(log, 1, 1).get(0).bytes();
    }
  }

  private static Api api(Node node) {
    return new Api(node.home(), node.apiPort());
  }
}
