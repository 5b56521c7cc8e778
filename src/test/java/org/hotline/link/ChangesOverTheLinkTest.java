package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.event.EventBus;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore.ChangeRecord;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.send.Outbox;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Mailbox;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.hotline.web.EventJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes to shared objects travel like any entry (docs/protocol.md §3.7, §17.1): between two real
 * nodes (real SQLite files, mutual TLS on loopback), a change accepted on one is stored on both
 * with the same entry, numbered among its writer's changes, with what its writer had seen of the
 * other direction; and changes keep the order they were accepted in.
 */
@Tag("slow")
class ChangesOverTheLinkTest {
  private static final PartyId US = PartyId.of("us");
  private static final PartyId CN = PartyId.of("cn");
  private static final LogOrigin US_TO_CN = new LogOrigin(US, CN);
  private static final LogOrigin CN_TO_US = US_TO_CN.reversed();
  private static final Duration TIMEOUT = Messaging.DELIVERY_TIMEOUT;

  @TempDir Path dir;

  @Test
  void a_change_accepted_on_one_node_is_stored_on_both_numbered_and_with_what_its_writer_had_seen()
      throws Exception {
    try (Node us = Nodes.start(Nodes.init(dir, "us"));
        Node cn = Nodes.start(Nodes.init(dir, "cn"))) {
      Nodes.pair(us, cn);
      org.hotline.testing.ChangeReaders.await(us, cn);
      Messaging.send(api(cn), "us", List.of("one", "two"));
      Messaging.awaitDelivered(api(cn), "us", 2);

      try (EventBus.Subscription cnEvents = cn.links().events().subscribe()) {
        List<List<ChangeRecord>> madeAgainst = new ArrayList<>();
        ChangeEntry opened =
            us.links()
                .outbox()
                .queueChange(
                    CN,
                    (changes, seen, id, now) -> {
                      madeAgainst.add(changes);
                      return change(
                          seen,
                          id,
                          now,
                          "incident/" + id,
                          "open",
                          Map.of("title", "Object over the border", "severity", 3L));
                    });
        assertThat(opened.seen()).as("the two messages us had received from cn").isEqualTo(2);
        assertThat(opened.seq()).as("returned as accepted, before its place").isZero();

        EventJson changed =
            Await.event("crisis.changed on cn", TIMEOUT, cnEvents, "crisis.changed");
        assertThat(changed.data())
            .containsEntry("peer", "us")
            .containsEntry("objects", List.of(opened.object()))
            .containsEntry("by_peer", true);
        Messaging.awaitDelivered(api(us), "cn", 1);

        ChangeRecord sent = only(changes(us, US_TO_CN));
        ChangeRecord received = only(changes(cn, CN_TO_US));
        assertThat(sent.incoming()).isFalse();
        assertThat(sent.n()).isEqualTo(1);
        assertThat(sent.placed()).as("placed once delivered").isTrue();
        assertThat(sent.entry()).isEqualTo(opened.withSeq(sent.entry().seq()));
        assertThat(received.incoming()).isTrue();
        assertThat(received.n()).isEqualTo(1);
        assertThat(received.entry()).as("the same entry on both sides").isEqualTo(sent.entry());

        ChangeEntry severity =
            us.links()
                .outbox()
                .queueChange(
                    CN,
                    (changes, seen, id, now) -> {
                      madeAgainst.add(changes);
                      return change(
                          seen, id, now, opened.object(), "severity", Map.of("severity", 4L));
                    });
        assertThat(madeAgainst.get(0)).as("the first change was made against none").isEmpty();
        assertThat(madeAgainst.get(1))
            .as("the second against the first")
            .extracting(ChangeRecord::entry)
            .extracting(ChangeEntry::id)
            .containsExactly(opened.id());
        Await.event("the second crisis.changed on cn", TIMEOUT, cnEvents, "crisis.changed");
        Messaging.awaitDelivered(api(us), "cn", 2);

        List<ChangeRecord> sentBoth = changes(us, US_TO_CN);
        List<ChangeRecord> receivedBoth = changes(cn, CN_TO_US);
        assertThat(sentBoth).extracting(ChangeRecord::n).containsExactly(1L, 2L);
        assertThat(receivedBoth).extracting(ChangeRecord::n).containsExactly(1L, 2L);
        assertThat(receivedBoth)
            .extracting(ChangeRecord::entry)
            .containsExactlyElementsOf(sentBoth.stream().map(ChangeRecord::entry).toList());
        assertThat(receivedBoth.get(1).entry().id()).isEqualTo(severity.id());
        assertThat(receivedBoth.get(1).entry().data()).containsEntry("severity", 4L);
        assertThat(receivedBoth.get(1).entry().seq())
            .isGreaterThan(receivedBoth.get(0).entry().seq());
      }
    }
  }

  /**
   * Accepted while the peer is down, changes wait in the queue with the messages; when the link
   * comes back the FLASH message goes first, as it always does, and the changes follow in the order
   * they were accepted, each at {@link Outbox#CHANGE_PRECEDENCE}, ahead of the ROUTINE messages,
   * even the one accepted after the FLASH.
   */
  @Test
  void changes_accepted_while_the_peer_is_down_are_placed_in_the_order_they_were_accepted() {
    NodeHome cnHome = Nodes.init(dir, "cn");
    try (Node us = Nodes.start(Nodes.init(dir, "us"))) {
      us.addPeer(new Peer(cnHome.card(), List.of(Nodes.endpoint(cnHome))));
      Nodes.pinWhileStopped(
          cnHome, us.home(), URI.create("https://127.0.0.1:" + us.federationPort()));
      Api usApi = api(us);
      // A change is written only for a peer known to read it (format 2): meet cn once. Then a
      // first message, sent after cn is gone, shows us that cn is unreachable; it was placed
      // already (the link looked idle), the rest of this test is not.
      try (Node cn = Nodes.start(cnHome)) {
        org.hotline.testing.ChangeReaders.await(us, cn);
      }
      String probe = Messaging.send(usApi, "cn", "ROUTINE", "probe");
      Await.until(
          "us to try cn and fail",
          TIMEOUT,
          () -> Mailbox.link(usApi, "cn"),
          link -> !link.reachable() && !link.lastError().isEmpty());

      List<String> order = new ArrayList<>();
      ChangeEntry first = open(us);
      order.add(first.id().toString());
      order.add(Messaging.send(usApi, "cn", "ROUTINE", "routine 1"));
      ChangeEntry second = severity(us, first, 4);
      order.add(second.id().toString());
      order.add(Messaging.send(usApi, "cn", "ROUTINE", "routine 2"));
      Await.until(
          "us to try cn and fail",
          TIMEOUT,
          () -> Mailbox.link(usApi, "cn"),
          link -> !link.reachable() && !link.lastError().isEmpty());
      assertThat(Mailbox.link(usApi, "cn").sent())
          .as("entries placed while cn is known to be down: none but the probe")
          .isEqualTo(1);
      String flash = Messaging.send(usApi, "cn", "FLASH", "flash");
      ChangeEntry third = severity(us, first, 5);

      try (Node cn = Nodes.start(cnHome)) {
        Messaging.awaitDelivered(usApi, "cn", 7);
        List<ChangeRecord> sent = changes(us, US_TO_CN);
        List<ChangeRecord> received = changes(cn, CN_TO_US);
        assertThat(received)
            .extracting(record -> record.entry().id())
            .as("cn numbers the changes in their log order, which is the order us accepted them")
            .containsExactly(first.id(), second.id(), third.id());
        assertThat(received).extracting(ChangeRecord::n).containsExactly(1L, 2L, 3L);
        assertThat(sent)
            .extracting(ChangeRecord::entry)
            .containsExactlyElementsOf(received.stream().map(ChangeRecord::entry).toList());

        Map<String, Long> seqs = new TreeMap<>();
        for (JsonNode item : Mailbox.inbox(api(cn))) {
          seqs.put(item.get("id").asText(), item.get("seq").asLong());
        }
        received.forEach(record -> seqs.put(record.entry().id().toString(), record.entry().seq()));
        assertThat(seqs.get(flash)).as("the FLASH overtakes everything queued").isEqualTo(2);
        List<String> placed =
            seqs.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .toList();
        assertThat(placed)
            .as("FLASH, the changes in the order accepted, then ROUTINE in the order accepted")
            .containsExactly(
                probe,
                flash,
                first.id().toString(),
                second.id().toString(),
                third.id().toString(),
                order.get(1),
                order.get(3));
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private static ChangeEntry change(
      long seen,
      org.hotline.link.entry.MessageId id,
      java.time.Instant now,
      String object,
      String op,
      Map<String, Object> data) {
    return new ChangeEntry(
        US_TO_CN, 0, id, now, object, op, seen, "duty officer", new TreeMap<>(data));
  }

  private static ChangeEntry open(Node node) {
    return node.links()
        .outbox()
        .queueChange(
            CN,
            (changes, seen, id, now) ->
                change(seen, id, now, "incident/" + id, "open", Map.of("title", "t")));
  }

  private static ChangeEntry severity(Node node, ChangeEntry incident, long severity) {
    return node.links()
        .outbox()
        .queueChange(
            CN,
            (changes, seen, id, now) ->
                change(seen, id, now, incident.object(), "severity", Map.of("severity", severity)));
  }

  /** The changes a running node has stored, read from its database as another reader would. */
  private static List<ChangeRecord> changes(Node node, LogOrigin ours) {
    try (SqliteStore store = SqliteStore.open(node.home().database(), Json.mapper())) {
      return store.changes(ours);
    }
  }

  private static ChangeRecord only(List<ChangeRecord> records) {
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  private static Api api(Node node) {
    return new Api(node.home(), node.apiPort());
  }
}
