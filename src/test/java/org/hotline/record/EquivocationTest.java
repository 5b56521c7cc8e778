package org.hotline.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.hotline.app.Node;
import org.hotline.link.CheckpointView;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageEntry;
import org.hotline.testing.Api;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.testing.Records;
import org.hotline.testing.TestPeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guarantee 3 against a peer that signs two histories. The equivocating peer is a {@link TestPeer}:
 * a real party identity pinned on the real node {@code us}, speaking the federation protocol over
 * mutual TLS. It first delivers a batch honestly, then re-signs a different entry for a sequence
 * number {@code us} already holds, or shows at the checkpoint exchange a second checkpoint for a
 * size {@code us} already holds. Each time the node refuses or raises the alarm, keeps both signed
 * versions as evidence, keeps its record as it was, and keeps working with its honest peer {@code
 * cn}.
 */
class EquivocationTest {
  /** Entries the equivocating peer first delivers honestly, in one batch under one checkpoint. */
  private static final int HONEST_SIZE = 5;

  @TempDir static Path root;
  private static Node us;
  private static Node cn;
  private static Api usApi;
  private static Api cnApi;
  private static long cnSent;
  private static final AtomicInteger parties = new AtomicInteger();
  private TestPeer equivocator;

  @BeforeAll
  static void an_honest_node_paired_with_an_honest_peer() {
    us = Nodes.start(Nodes.init(root, "us"));
    cn = Nodes.start(Nodes.init(root, "cn"));
    Nodes.pair(us, cn);
    usApi = new Api(us.home(), us.apiPort());
    cnApi = new Api(cn.home(), cn.apiPort());
  }

  @AfterAll
  static void stop() {
    cn.close();
    us.close();
  }

  private TestPeer equivocatorWithAnAcceptedBatch() {
    equivocator = TestPeer.pinnedOn(us, "eq" + parties.incrementAndGet());
    equivocator.deliver(HONEST_SIZE);
    return equivocator;
  }

  @AfterEach
  void the_honest_node_keeps_working_and_its_record_verifies() {
    cnSent++;
    List<String> ids =
        Messaging.send(cnApi, "us", List.of("still here after the attack by " + equivocator.id()));
    Messaging.awaitDelivered(cnApi, "us", cnSent);
    Api.Response received = usApi.get("/api/v1/messages/" + ids.get(0));
    assertThat(received.status()).as(received.raw().body()).isEqualTo(200);
    assertThat(Records.verify(us.home()).findings()).isEmpty();
    equivocator.close();
  }

  /**
   * A different entry re-signed for a sequence number {@code us} holds, in a batch {@code
   * firstSeq..endSize}.
   */
  record Rewrite(String what, int firstSeq, int rewritten, int endSize) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Rewrite> rewrites() {
    return Stream.of(
        new Rewrite("an entry inside the accepted batch", 3, 3, HONEST_SIZE),
        new Rewrite("the first entry of the log", 1, 1, HONEST_SIZE),
        new Rewrite(
            "the last stored entry, in a batch that also extends the log",
            HONEST_SIZE,
            HONEST_SIZE,
            HONEST_SIZE + 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rewrites")
  void a_re_signed_entry_for_a_stored_sequence_number_is_refused_kept_as_evidence_and_raised(
      Rewrite rewrite) {
    TestPeer peer = equivocatorWithAnAcceptedBatch();
    List<byte[]> forged = new ArrayList<>(peer.accepted());
    forged.addAll(peer.nextEntries(rewrite.endSize() - HONEST_SIZE));
    byte[] original = forged.get(rewrite.rewritten() - 1);
    byte[] other = withOtherBody(original);
    forged.set(rewrite.rewritten() - 1, other);
    String checkpoint = peer.checkpoint(rewrite.endSize(), TestPeer.root(forged));

    TestPeer.Response refused =
        peer.push(
            peer.log().text(),
            rewrite.firstSeq(),
            forged.subList(rewrite.firstSeq() - 1, rewrite.endSize()),
            checkpoint);

    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.json().get("type").asText())
        .isEqualTo("urn:hotline:problem:conflicting-entry");
    assertThat(refused.json().get("detail").asText()).contains("entry " + rewrite.rewritten());
    assertThat(refused.json().get("size").asLong()).isEqualTo(HONEST_SIZE);
    assertThat(eventsFrom(peer, "conflicting-entry"))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.get("detail").asText())
                  .contains("entry " + rewrite.rewritten() + " of " + peer.log());
              assertThat(event.get("evidence").asText())
                  .contains(checkpoint)
                  .contains("entry: " + base64(other))
                  .contains("stored: " + base64(original));
            });
    MessageEntry signed = (MessageEntry) EntryCodec.decode(original);
    Api.Response stored = usApi.get("/api/v1/messages/" + signed.id());
    assertThat(stored.status()).as(stored.raw().body()).isEqualTo(200);
    assertThat(stored.body().get("body").asText()).isEqualTo(signed.draft().body());
    assertThat(peer.state().json().get("size").asLong()).isEqualTo(HONEST_SIZE);
  }

  @Test
  void
      a_second_checkpoint_for_a_stored_size_shown_at_the_exchange_raises_a_divergence_with_both_statements() {
    TestPeer peer = equivocatorWithAnAcceptedBatch();
    String first = peer.checkpoint(HONEST_SIZE, TestPeer.root(peer.accepted()));
    byte[] otherRoot = TestPeer.root(peer.accepted());
    otherRoot[0] ^= 0x01;
    String second = peer.checkpoint(HONEST_SIZE, otherRoot);

    TestPeer.Response answered =
        peer.showCheckpoints(List.of(new CheckpointView(peer.log().text(), HONEST_SIZE, second)));

    assertThat(answered.status()).as(answered.toString()).isEqualTo(200);
    String divergence = peer.log() + ": two different signed checkpoints for size " + HONEST_SIZE;
    assertThat(answered.json().get("divergences"))
        .singleElement()
        .satisfies(text -> assertThat(text.asText()).startsWith(divergence));
    assertThat(answered.json().get("views").findValuesAsText("checkpoint"))
        .as("the node shows the checkpoint it holds")
        .contains(first);
    assertThat(eventsFrom(peer, "divergence"))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.get("detail").asText()).isEqualTo(divergence);
              assertThat(event.get("evidence").asText()).contains(second).contains(first);
            });
    assertThat(peer.state().json().get("size").asLong()).isEqualTo(HONEST_SIZE);
  }

  // ------------------------------------------------------------------ helpers

  /** The same message (id, place, time) with another text, canonically encoded. */
  private static byte[] withOtherBody(byte[] entry) {
    MessageEntry message = (MessageEntry) EntryCodec.decode(entry);
    Draft draft = message.draft();
    Draft other =
        new Draft(
            draft.to(),
            draft.precedence(),
            draft.status(),
            draft.subject(),
            "a different text, re-signed",
            draft.language(),
            draft.inReplyTo());
    return EntryCodec.encode(
        new MessageEntry(message.log(), message.seq(), message.id(), message.created(), other));
  }

  private static List<JsonNode> eventsFrom(TestPeer peer, String kind) {
    return Messaging.securityEvents(usApi).stream()
        .filter(
            event ->
                event.get("peer").asText().equals(peer.id().value())
                    && event.get("kind").asText().equals(kind))
        .toList();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
