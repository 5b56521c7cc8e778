package org.hotline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.identity.IdentityCard;
import org.hotline.link.Peer;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.DeliveryAssertions;
import org.hotline.testing.Mailbox;
import org.hotline.testing.Nodes;
import org.hotline.testing.Receipts;
import org.hotline.testing.Traffic;
import org.hotline.transcript.Checkpoint;
import org.hotline.transcript.SignedNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantees 1, 2 and 4 on a healthy link: two real nodes (real SQLite files, mutual TLS on
 * loopback) driven only through their APIs.
 */
@Timeout(120)
class DeliveryTest {
  static final int MESSAGES_EACH_WAY = 1_000;
  static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

  /** Inclusion proofs are checked for every n-th message: each is a tree walk on the node. */
  static final int INCLUSION_PROOF_EVERY = 20;

  @TempDir Path dir;

  @Test
  void
      a_thousand_messages_each_way_sent_concurrently_arrive_once_in_sequence_order_with_receipts_that_verify() {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      Api usApi = new Api(us.home(), us.apiPort());
      Api cnApi = new Api(cn.home(), cn.apiPort());

      Traffic fromUs =
          Traffic.start(usApi, "cn", "us-to-cn", MESSAGES_EACH_WAY, Traffic.Options.concurrent(1));
      Traffic fromCn =
          Traffic.start(cnApi, "us", "cn-to-us", MESSAGES_EACH_WAY, Traffic.Options.concurrent(2));
      Traffic.Result sentByUs = fromUs.await(DELIVERY_TIMEOUT);
      Traffic.Result sentByCn = fromCn.await(DELIVERY_TIMEOUT);
      assertThat(sentByUs.accepted()).hasSize(MESSAGES_EACH_WAY);
      assertThat(sentByCn.accepted()).hasSize(MESSAGES_EACH_WAY);

      awaitDrained(usApi, "cn", MESSAGES_EACH_WAY);
      awaitDrained(cnApi, "us", MESSAGES_EACH_WAY);

      assertDirection(usApi, us.home().card(), cnApi, cn.home().card(), sentByUs);
      assertDirection(cnApi, cn.home().card(), usApi, us.home().card(), sentByCn);
      assertThat(Mailbox.peerMaterialEvents(usApi)).as("security events on us").isEmpty();
      assertThat(Mailbox.peerMaterialEvents(cnApi)).as("security events on cn").isEmpty();
    }
  }

  /**
   * Queued at the same moment (the peer is down, so nothing is sequenced yet), messages go out most
   * urgent first, and first in, first out within a precedence: the FLASH submitted last takes
   * sequence number 1, ahead of 300 ROUTINE messages submitted before it.
   */
  @Test
  void messages_queued_while_the_peer_is_down_are_sequenced_most_urgent_first() {
    NodeHome cnHome = Nodes.init(dir, "cn");
    try (Node us = Nodes.start(Nodes.init(dir, "us"))) {
      us.addPeer(new Peer(cnHome.card(), List.of(Nodes.endpoint(cnHome))));
      Nodes.pinWhileStopped(
          cnHome, us.home(), URI.create("https://127.0.0.1:" + us.federationPort()));
      Api usApi = new Api(us.home(), us.apiPort());

      List<String> submitted = new ArrayList<>();
      List<String> precedences = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        String precedence = i % 30 == 7 ? "IMMEDIATE" : i % 15 == 3 ? "PRIORITY" : "ROUTINE";
        submitted.add(send(usApi, precedence, "backlog " + i));
        precedences.add(precedence);
      }
      Await.until(
          "us to try cn and fail",
          DELIVERY_TIMEOUT,
          () -> Mailbox.link(usApi, "cn"),
          link -> !link.reachable() && !link.lastError().isEmpty());
      assertThat(Mailbox.link(usApi, "cn").sent())
          .as("entries sequenced while cn is down")
          .isZero();
      submitted.add(send(usApi, "FLASH", "flash"));
      precedences.add("FLASH");

      try (Node cn = Nodes.start(cnHome)) {
        Api cnApi = new Api(cn.home(), cn.apiPort());
        awaitDrained(usApi, "cn", submitted.size());
        List<String> expected = new ArrayList<>();
        for (String precedence : List.of("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE")) {
          for (int i = 0; i < submitted.size(); i++) {
            if (precedences.get(i).equals(precedence)) {
              expected.add(submitted.get(i));
            }
          }
        }
        List<JsonNode> inbox = Mailbox.inbox(cnApi);
        List<String> bySeq =
            inbox.stream()
                .sorted(Comparator.comparingLong(item -> item.get("seq").asLong()))
                .map(item -> item.get("id").asText())
                .toList();
        assertThat(bySeq)
            .as(
                "cn's inbox in sequence order: FLASH, then IMMEDIATE, PRIORITY, ROUTINE, each in submission order")
            .containsExactlyElementsOf(expected);
        assertThat(inbox.stream().map(item -> item.get("seq").asLong()).toList())
            .as("seqs in the order cn stored them")
            .isSorted();
        assertThat(Mailbox.link(cnApi, "us").received()).isEqualTo(submitted.size());
      }
    }
  }

  private static String send(Api api, String precedence, String subject) {
    Api.Response response =
        api.post(
            "/api/v1/messages",
            "{\"to\":\"cn\",\"precedence\":\""
                + precedence
                + "\",\"subject\":\""
                + subject
                + "\",\"body\":\"\"}");
    assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
    return response.body().get("id").asText();
  }

  static void awaitDrained(Api sender, String peer, long messages) {
    awaitDrained(sender, peer, messages, DELIVERY_TIMEOUT);
  }

  static void awaitDrained(Api sender, String peer, long messages, Duration timeout) {
    Await.until(
        "all " + messages + " messages to " + peer + " receipted",
        timeout,
        () -> Mailbox.link(sender, peer),
        link -> link.drained() && link.deliveredUpTo() >= messages);
  }

  /**
   * Exactly once, in sequence order, first in first out per precedence, every receipt verifies, and
   * a sample of messages is proved to be in the cosigned tree.
   */
  private static void assertDirection(
      Api senderApi,
      IdentityCard sender,
      Api receiverApi,
      IdentityCard receiver,
      Traffic.Result sent) {
    String from = sender.party().value();
    String to = receiver.party().value();
    Map<String, Long> seqs =
        DeliveryAssertions.assertExactlyOnceInSequenceOrder(
            Mailbox.inbox(receiverApi), sent.accepted(), from, to);
    DeliveryAssertions.assertFirstInFirstOutWithinPrecedence(sent.accepted(), seqs);
    DeliveryAssertions.assertAllDelivered(Mailbox.outbox(senderApi), sent.ids(), from);
    Set<Long> receiptSizes =
        Receipts.assertAllVerify(senderApi, sent.ids(), seqs, sender, receiver);
    assertThat(receiptSizes).as("receipts for %s→%s", from, to).contains((long) sent.ids().size());
    seqs.forEach(
        (id, seq) -> {
          if (seq % INCLUSION_PROOF_EVERY == 1 || seq == sent.ids().size()) {
            Receipts.assertInclusionProofVerifies(senderApi, id, seq, sender, receiver);
          }
        });
    assertReceiptCheckCanFail(senderApi, sent.ids().get(0), sender, receiver);
  }

  /**
   * The same receipt must not verify as the wrong party's, nor for a checkpoint it does not cover.
   */
  private static void assertReceiptCheckCanFail(
      Api senderApi, String id, IdentityCard sender, IdentityCard receiver) {
    SignedNote note =
        SignedNote.parse(
            senderApi
                .get("/api/v1/messages/" + id)
                .body()
                .get("receipt")
                .get("cosigned_checkpoint")
                .asText());
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    Checkpoint larger =
        new Checkpoint(checkpoint.origin(), checkpoint.size() + 1, checkpoint.root());
    assertThat(Receipts.cosignedBy(note, checkpoint, receiver)).isTrue();
    assertThat(Receipts.cosignedBy(note, checkpoint, sender))
        .as("cosigned by the sender itself")
        .isFalse();
    assertThat(Receipts.cosignedBy(note, larger, receiver))
        .as("cosignature over a checkpoint one entry larger")
        .isFalse();
  }
}
