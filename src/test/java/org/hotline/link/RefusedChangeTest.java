package org.hotline.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.crisis.TimelineItem;
import org.hotline.identity.LogOrigin;
import org.hotline.link.UninterpretableEntryTest.LegacyWriter;
import org.hotline.link.UninterpretableEntryTest.Written;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;
import org.hotline.testing.Api;
import org.hotline.testing.Await;
import org.hotline.testing.Messaging;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change that is well formed and well signed but not valid where its author stood (a change to an
 * incident that does not exist; the closing of an incident nobody proposed to close) is kept in the
 * record, refused by the crisis rules on the receiving node, changes no object, raises a {@code
 * refused-change} security event, and does not stop the link. A node of this version never signs
 * such a change, so the hostile writer is the sender's stopped store written with its own key (as
 * in {@link UninterpretableEntryTest}).
 */
@Tag("slow")
class RefusedChangeTest {
  @TempDir Path dir;

  @Test
  void a_semantically_invalid_change_is_refused_raised_and_the_link_carries_on() throws Exception {
    NodeHome usHome = Nodes.init(dir, "us");
    NodeHome cnHome = Nodes.init(dir, "cn");
    LogOrigin log = new LogOrigin(usHome.party(), cnHome.party());
    try (Node cn = Nodes.start(cnHome)) {
      try (Node us = Nodes.start(usHome)) {
        Nodes.pair(us, cn);
        Messaging.send(api(us), "cn", List.of("first"));
        Messaging.awaitDelivered(api(us), "cn", 1);
      }
      MessageId ghost;
      try (LegacyWriter writer = new LegacyWriter(usHome, log)) {
        Instant created = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Random random = new Random(5);
        MessageId id = MessageId.generate(created, random);
        ghost = MessageId.generate(created, random);
        ChangeEntry change =
            new ChangeEntry(
                log,
                3,
                id,
                created,
                "incident/" + ghost,
                "severity",
                0,
                "duty officer",
                new java.util.TreeMap<>(java.util.Map.of("severity", 5L)));
        writer.append(
            List.of(
                writer.message(2, "before"),
                new Written(null, EntryCodec.encode(change, EntryCodec.FORMAT_2)),
                writer.message(4, "after")));
      }
      try (Node us = Nodes.start(usHome)) {
        Messaging.awaitDelivered(api(us), "cn", 4);

        JsonNode raised =
            Await.until(
                "a refused-change security event on cn",
                Messaging.DELIVERY_TIMEOUT,
                () ->
                    Messaging.securityEvents(api(cn)).stream()
                        .filter(event -> event.get("kind").asText().equals("refused-change"))
                        .findFirst()
                        .orElse(null),
                event -> event != null);
        assertThat(raised.get("detail").asText())
            .contains("us signed a change that was not valid")
            .contains("no incident/" + ghost + " exists");
        List<TimelineItem> refused = cn.crisis().state(usHome.party()).refused();
        assertThat(refused).singleElement().satisfies(item -> assertThat(item.seq()).isEqualTo(3));
        assertThat(cn.crisis().state(usHome.party()).object("incident/" + ghost)).isEmpty();

        Messaging.send(api(us), "cn", List.of("later"));
        Messaging.awaitDelivered(api(us), "cn", 5);
      }
    }
  }

  private static Api api(Node node) {
    return new Api(node.home(), node.apiPort());
  }
}
