package org.hotline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Guarantees 1 and 2 as assertions over what the API shows: each accepted message is in the
 * receiver's inbox exactly once, and the receiver stored them in sequence order with no gap.
 */
public final class DeliveryAssertions {
  private DeliveryAssertions() {}

  /**
   * The inbox holds exactly the accepted messages from {@code from}, each once, unchanged, and its
   * i-th stored message (oldest first) has sequence number i. Returns each message's seq by id.
   */
  public static Map<String, Long> assertExactlyOnceInSequenceOrder(
      List<JsonNode> inbox, List<Traffic.Sent> accepted, String from, String to) {
    List<String> ids = inbox.stream().map(item -> item.get("id").asText()).toList();
    assertThat(ids).as("message ids in the inbox of %s", to).doesNotHaveDuplicates();
    assertThat(ids)
        .as("the inbox of %s holds exactly the ids %s got back", to, from)
        .containsExactlyInAnyOrderElementsOf(accepted.stream().map(Traffic.Sent::id).toList());
    return assertSequenceOrder(inbox, accepted, from, to);
  }

  /**
   * After a sender died under its clients: every accepted message is in the inbox exactly once; the
   * only others are from submissions that got no answer, each at most once; all in sequence order.
   */
  public static Map<String, Long> assertAcceptedExactlyOnceInSequenceOrder(
      List<JsonNode> inbox, Traffic.Result sent, String from, String to) {
    List<String> ids = inbox.stream().map(item -> item.get("id").asText()).toList();
    assertThat(ids).as("message ids in the inbox of %s", to).doesNotHaveDuplicates();
    assertThat(ids)
        .as("every id %s answered with 201 is in the inbox of %s", from, to)
        .containsAll(sent.ids());
    Set<String> acceptedIds = new HashSet<>(sent.ids());
    Set<String> unansweredSubjects =
        sent.unanswered().stream().flatMap(u -> u.subjects().stream()).collect(Collectors.toSet());
    List<String> extraSubjects =
        inbox.stream()
            .filter(item -> !acceptedIds.contains(item.get("id").asText()))
            .map(item -> item.get("subject").asText())
            .toList();
    assertThat(extraSubjects)
        .as(
            "messages stored but never acknowledged to a client come from unanswered submissions, once each")
        .doesNotHaveDuplicates();
    assertThat(unansweredSubjects)
        .as("subjects of unanswered submissions")
        .containsAll(extraSubjects);
    Map<String, Long> seqs = new HashMap<>();
    for (int position = 0; position < inbox.size(); position++) {
      JsonNode item = inbox.get(position);
      assertThat(item.get("seq").asLong())
          .as("seq of the message stored %d-th by %s", position + 1, to)
          .isEqualTo(position + 1L);
      seqs.put(item.get("id").asText(), item.get("seq").asLong());
    }
    assertSameContent(inbox, sent.accepted(), from, to);
    return seqs;
  }

  private static Map<String, Long> assertSequenceOrder(
      List<JsonNode> inbox, List<Traffic.Sent> accepted, String from, String to) {
    Map<String, Long> seqs = new HashMap<>();
    for (int position = 0; position < inbox.size(); position++) {
      JsonNode item = inbox.get(position);
      assertThat(item.get("seq").asLong())
          .as("seq of the message stored %d-th by %s", position + 1, to)
          .isEqualTo(position + 1L);
      seqs.put(item.get("id").asText(), item.get("seq").asLong());
    }
    assertSameContent(inbox, accepted, from, to);
    return seqs;
  }

  private static void assertSameContent(
      List<JsonNode> inbox, List<Traffic.Sent> accepted, String from, String to) {
    Map<String, Traffic.Sent> byId =
        accepted.stream().collect(Collectors.toMap(Traffic.Sent::id, Function.identity()));
    for (JsonNode item : inbox) {
      Traffic.Sent sent = byId.get(item.get("id").asText());
      if (sent == null) {
        continue;
      }
      assertThat(item.get("from").asText()).isEqualTo(from);
      assertThat(item.get("to").asText()).isEqualTo(to);
      assertThat(item.get("subject").asText())
          .as("subject of %s", sent.id())
          .isEqualTo(sent.subject());
      assertThat(item.get("precedence").asText())
          .as("precedence of %s", sent.id())
          .isEqualTo(sent.precedence());
      assertThat(item.get("status").asText())
          .as("status of %s", sent.id())
          .isEqualTo(sent.status());
    }
  }

  /**
   * Within one precedence the outbox is first in, first out: of two messages of equal precedence
   * from one client, the one accepted first was sequenced first.
   */
  public static void assertFirstInFirstOutWithinPrecedence(
      List<Traffic.Sent> accepted, Map<String, Long> seqs) {
    Map<String, Long> lastSeq = new HashMap<>();
    Map<String, String> lastId = new HashMap<>();
    for (Traffic.Sent sent :
        accepted.stream()
            .sorted(
                (a, b) ->
                    a.client() != b.client()
                        ? Integer.compare(a.client(), b.client())
                        : Integer.compare(a.order(), b.order()))
            .toList()) {
      String key = sent.client() + "/" + sent.precedence();
      long seq = seqs.get(sent.id());
      if (lastSeq.containsKey(key)) {
        assertThat(seq)
            .as(
                "%s %s (accepted after %s) is sequenced after it",
                sent.precedence(), sent.id(), lastId.get(key))
            .isGreaterThan(lastSeq.get(key));
      }
      lastSeq.put(key, seq);
      lastId.put(key, sent.id());
    }
  }

  /**
   * The sender's outbox shows every accepted message DELIVERED, with the seqs 1..n between them.
   */
  public static void assertAllDelivered(
      List<JsonNode> outbox, List<String> acceptedIds, String from) {
    Set<String> wanted = new HashSet<>(acceptedIds);
    List<JsonNode> ours =
        outbox.stream().filter(item -> wanted.contains(item.get("id").asText())).toList();
    assertThat(ours).as("accepted messages in the outbox of %s", from).hasSize(wanted.size());
    assertThat(ours)
        .as("states in the outbox of %s", from)
        .allSatisfy(
            item ->
                assertThat(item.get("state").asText())
                    .as(item.get("id").asText())
                    .isEqualTo("DELIVERED"));
    Set<Long> seqs =
        outbox.stream().map(item -> item.get("seq").asLong()).collect(Collectors.toSet());
    assertThat(seqs).as("sequence numbers in the outbox of %s", from).hasSize(outbox.size());
    assertThat(seqs)
        .as("sequence numbers in the outbox of %s", from)
        .allSatisfy(seq -> assertThat(seq).isBetween(1L, (long) outbox.size()));
  }
}
