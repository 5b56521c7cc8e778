package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hotline.testing.Watching.awaitMessage;
import static org.hotline.testing.Watching.drain;
import static org.hotline.testing.Watching.email;
import static org.hotline.testing.Watching.level;
import static org.hotline.testing.Watching.sendAndDeliver;
import static org.hotline.testing.Watching.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.event.EventBus;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.record.RecordVerifier;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.testing.Api;
import org.hotline.testing.MutableClock;
import org.hotline.testing.Nodes;
import org.hotline.testing.WebhookReceiver;
import org.hotline.web.EventJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee 6 with two real nodes on one test clock: a message of precedence P is acknowledged
 * within deadline(P), or escalated at deadline(P) on the receiving side and flagged overdue, on the
 * record, on the sending side. Both nodes have the same chain: a reminder webhook; level 1 a
 * webhook at once; level 2 a webhook and an e-mail 5 minutes later; level 3 a webhook 10 minutes
 * after that; climbed twice, 15 minutes apart. Each test follows its own messages.
 */
@Tag("slow")
class DeadlineTest {
  static final String SECRET = "shared-secret-for-tests";
  static final Duration FLASH = Duration.ofMinutes(10);

  @TempDir static Path dir;
  static MutableClock clock;
  static WebhookReceiver hooks;
  static GreenMail mail;
  static Node us;
  static Node cn;
  static Api usApi;
  static Api cnApi;

  @BeforeAll
  static void start() {
    clock = MutableClock.atNow();
    hooks = new WebhookReceiver(SECRET);
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    us = Nodes.start(configured(Nodes.init(dir, "us")), clock);
    cn = Nodes.start(configured(Nodes.init(dir, "cn")), clock);
    Nodes.pair(us, cn);
    usApi = new Api(us.home(), us.apiPort());
    cnApi = new Api(cn.home(), cn.apiPort());
  }

  static NodeHome configured(NodeHome home) {
    String party = home.party().value();
    Nodes.configure(
        home,
        config -> {
          var chain = config.putObject("escalation");
          chain.putArray("reminder").add(webhook(hooks, "/reminder", SECRET));
          chain
              .putArray("levels")
              .add(level("PT0S", webhook(hooks, "/level-1", SECRET)))
              .add(
                  level(
                      "PT5M",
                      webhook(hooks, "/level-2", SECRET),
                      email("duty@" + party + ".example")))
              .add(level("PT10M", webhook(hooks, "/level-3", SECRET)));
          chain.put("loops", 2).put("loop_after", "PT15M");
          config
              .putObject("smtp")
              .put("host", "127.0.0.1")
              .put("port", mail.getSmtp().getPort())
              .put("from", "hotline@" + party + ".example")
              .put("starttls", false);
        });
    return home;
  }

  @AfterAll
  static void stop() {
    cn.close();
    us.close();
    mail.stop();
    hooks.close();
  }

  /**
   * Moves the shared clock and lets both nodes evaluate their timers, as their schedulers would.
   */
  static void advance(Duration by) {
    clock.advance(by);
    us.watch().tick();
    cn.watch().tick();
  }

  /** Lets a FLASH message sent now reach its deadline, ticking at half of it on the way. */
  static void toFlashDeadline() {
    advance(FLASH.dividedBy(2));
    advance(FLASH.dividedBy(2));
  }

  /** The webhook paths notified about {@code id} by {@code party}'s node, in order. */
  static List<String> notified(String id, String party) {
    return hooks.about(id).stream()
        .filter(request -> request.body().get("node").asText().equals(party))
        .map(WebhookReceiver.Request::path)
        .toList();
  }

  @Test
  void
      an_unanswered_flash_message_is_reminded_at_half_its_deadline_and_escalated_at_the_deadline_on_both_sides() {
    try (EventBus.Subscription usEvents = us.links().events().subscribe();
        EventBus.Subscription cnEvents = cn.links().events().subscribe()) {
      String id = sendAndDeliver(usApi, cnApi, "cn", "FLASH");
      JsonNode received = cnApi.get("/api/v1/messages/" + id).body();
      Instant created = Instant.parse(received.get("created").asText());
      assertThat(Instant.parse(received.get("deadline").asText())).isEqualTo(created.plus(FLASH));
      assertThat(received.get("overdue").asBoolean()).isFalse();

      advance(FLASH.dividedBy(2).minusSeconds(1));
      assertThat(hooks.about(id)).isEmpty();

      advance(Duration.ofSeconds(1));
      assertThat(notified(id, "cn")).containsExactly("/reminder");
      assertThat(notified(id, "us")).as("the sending side is not reminded").isEmpty();
      WebhookReceiver.Request reminder = hooks.about(id).get(0);
      assertThat(reminder.signatureValid()).isTrue();
      assertThat(reminder.event()).isEqualTo("deadline.reminder");
      assertThat(reminder.body().get("side").asText()).isEqualTo("receiving");
      assertThat(reminder.body().get("status").asText()).isEqualTo("EXERCISE");
      assertThat(reminder.body().has("subject"))
          .as("alerts never carry the message text")
          .isFalse();

      advance(FLASH.dividedBy(2));
      assertThat(notified(id, "cn")).containsExactly("/reminder", "/level-1");
      assertThat(notified(id, "us")).containsExactly("/level-1");
      JsonNode senderSide =
          hooks.about(id).stream()
              .filter(r -> r.body().get("node").asText().equals("us"))
              .findFirst()
              .orElseThrow()
              .body();
      assertThat(senderSide.get("side").asText()).isEqualTo("sending");
      assertThat(senderSide.get("level").asInt()).isEqualTo(1);
      assertThat(senderSide.get("deadline").asText())
          .isEqualTo(EntryCodec.timestamp(created.plus(FLASH)));

      JsonNode onSender = usApi.get("/api/v1/messages/" + id).body();
      assertThat(onSender.get("overdue").asBoolean())
          .as("ACK OVERDUE on the sending side")
          .isTrue();
      assertThat(onSender.get("deadline_missed_at").isNull()).isFalse();
      assertThat(cnApi.get("/api/v1/messages/" + id).body().get("overdue").asBoolean()).isTrue();
      JsonNode listed = usApi.get("/api/v1/messages?box=outbox&limit=5").body().get("items");
      assertThat(listed.findValues("id").stream().map(JsonNode::asText)).contains(id);
      for (JsonNode item : listed) {
        if (item.get("id").asText().equals(id)) {
          assertThat(item.get("overdue").asBoolean()).isTrue();
          assertThat(item.get("deadline").asText()).isEqualTo(onSender.get("deadline").asText());
        }
      }

      awaitMessage(cnApi, id, message -> !message.get("deadline_missed_at").isNull());
      assertThat(types(drain(cnEvents, event -> id.equals(event.data().get("message")))))
          .as("the receiving side is alarmed, and told when the sender records its silence")
          .containsExactlyInAnyOrder("deadline.reminder", "deadline.escalation", "deadline.missed")
          .startsWith("deadline.reminder");
      assertThat(types(drain(usEvents, event -> id.equals(event.data().get("message")))))
          .containsExactly("deadline.missed", "deadline.escalation");
    }
  }

  @Test
  void each_level_of_the_chain_is_notified_in_turn_and_the_chain_stops_after_its_loops()
      throws MessagingException {
    String id = sendAndDeliver(usApi, cnApi, "cn", "FLASH");
    toFlashDeadline();
    assertThat(notified(id, "cn")).containsExactly("/reminder", "/level-1");
    advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(notified(id, "cn")).hasSize(2);
    advance(Duration.ofSeconds(1));
    assertThat(notified(id, "cn")).endsWith("/level-2");
    assertThat(mailsAbout(id, "duty@cn.example")).hasSize(1);
    assertThat(mailsAbout(id, "duty@cn.example").get(0).getSubject())
        .contains("EXERCISE", "FLASH", "escalation level 2");
    advance(Duration.ofMinutes(10));
    assertThat(notified(id, "cn")).endsWith("/level-3");
    advance(Duration.ofMinutes(15));
    assertThat(notified(id, "cn")).endsWith("/level-1");
    advance(Duration.ofMinutes(5));
    advance(Duration.ofMinutes(10));
    advance(Duration.ofDays(1));
    advance(Duration.ofDays(1));

    List<String> chain =
        List.of("/level-1", "/level-2", "/level-3", "/level-1", "/level-2", "/level-3");
    assertThat(notified(id, "cn"))
        .as("receiving side: reminder, then two loops")
        .containsExactly(concat("/reminder", chain));
    assertThat(notified(id, "us")).as("sending side: two loops").containsExactlyElementsOf(chain);
    assertThat(
            hooks.about(id).stream()
                .filter(r -> r.body().get("node").asText().equals("cn") && r.body().has("loop"))
                .map(r -> r.body().get("loop").asInt()))
        .containsExactly(1, 1, 1, 2, 2, 2);
    assertThat(mailsAbout(id, "duty@cn.example")).hasSize(2);
    assertThat(mailsAbout(id, "duty@us.example")).hasSize(2);
  }

  @Test
  void the_missed_deadline_is_a_signed_entry_in_the_senders_log_that_the_receiver_holds() {
    String id = sendAndDeliver(usApi, cnApi, "cn", "IMMEDIATE");
    advance(Duration.ofMinutes(30));
    JsonNode onReceiver =
        awaitMessage(cnApi, id, message -> !message.get("deadline_missed_at").isNull());
    JsonNode onSender = usApi.get("/api/v1/messages/" + id).body();
    assertThat(onReceiver.get("deadline_missed_at").asText())
        .isEqualTo(onSender.get("deadline_missed_at").asText());

    LogOrigin log = new LogOrigin(PartyId.of("us"), PartyId.of("cn"));
    DeadlineMissedEntry written = deadlineMissed(us, log, id);
    DeadlineMissedEntry held = deadlineMissed(cn, log, id);
    assertThat(held).isEqualTo(written);
    assertThat(written.precedence().name()).isEqualTo("IMMEDIATE");
    assertThat(EntryCodec.timestamp(written.deadline()))
        .isEqualTo(onSender.get("deadline").asText());
    awaitMessage(usApi, id, message -> true);
    for (Node node : List.of(us, cn)) {
      try (SqliteStore store = SqliteStore.open(node.home().database(), Json.mapper())) {
        java.util.Map<PartyId, org.hotline.transcript.NoteVerifier> keys =
            java.util.Map.of(
                PartyId.of("us"),
                us.home().signer().verifier(),
                PartyId.of("cn"),
                cn.home().signer().verifier());
        RecordVerifier.Report report = new RecordVerifier(store, keys::get).verify();
        assertThat(report.findings()).as("hotline verify on " + node.home().party()).isEmpty();
      }
    }
  }

  @Test
  void an_acknowledgement_during_escalation_stops_it_on_both_sides() {
    String id = sendAndDeliver(usApi, cnApi, "cn", "FLASH");
    toFlashDeadline();
    assertThat(notified(id, "cn")).containsExactly("/reminder", "/level-1");
    assertThat(notified(id, "us")).containsExactly("/level-1");

    assertThat(
            cnApi.post("/api/v1/messages/" + id + "/ack", "{\"by\":\"duty-officer-li\"}").status())
        .isEqualTo(200);
    awaitMessage(usApi, id, message -> message.get("answer").asText().equals("ACKNOWLEDGED"));
    int before = hooks.about(id).size();
    advance(Duration.ofMinutes(5));
    advance(Duration.ofMinutes(10));
    advance(Duration.ofHours(2));
    assertThat(hooks.about(id)).as("no notification after the acknowledgement").hasSize(before);
    assertThat(usApi.get("/api/v1/messages/" + id).body().get("overdue").asBoolean()).isFalse();
    for (Api api : List.of(usApi, cnApi)) {
      for (JsonNode notification :
          api.get("/api/v1/notifications?limit=1000").body().get("notifications")) {
        if (notification.get("message").asText().equals(id)) {
          assertThat(notification.get("status").asText()).isNotEqualTo("PENDING");
        }
      }
    }
  }

  @Test
  void reading_a_message_does_not_stop_its_escalation() {
    String id = sendAndDeliver(usApi, cnApi, "cn", "FLASH");
    assertThat(cnApi.post("/api/v1/messages/" + id + "/read", "").status()).isEqualTo(200);
    awaitMessage(usApi, id, message -> !message.get("read_at").isNull());
    toFlashDeadline();
    assertThat(notified(id, "cn")).containsExactly("/reminder", "/level-1");
    assertThat(notified(id, "us")).containsExactly("/level-1");
  }

  private static DeadlineMissedEntry deadlineMissed(Node node, LogOrigin log, String messageId) {
    try (SqliteStore store = SqliteStore.open(node.home().database(), Json.mapper())) {
      LinkStore.LogHead head = store.logHead(log).orElseThrow();
      return store.entries(log, 1, head.size()).stream()
          .map(entry -> EntryCodec.decode(entry.bytes()))
          .filter(DeadlineMissedEntry.class::isInstance)
          .map(DeadlineMissedEntry.class::cast)
          .filter(entry -> entry.message().toString().equals(messageId))
          .reduce(
              (first, second) -> {
                throw new AssertionError("two deadline-missed entries for " + messageId);
              })
          .orElseThrow(
              () ->
                  new AssertionError(
                      node.home().party()
                          + " holds no deadline-missed entry for "
                          + messageId
                          + " in "
                          + log));
    }
  }

  private static List<MimeMessage> mailsAbout(String id, String recipient)
      throws MessagingException {
    List<MimeMessage> out = new java.util.ArrayList<>();
    for (MimeMessage message : mail.getReceivedMessages()) {
      boolean toRecipient =
          Arrays.stream(message.getRecipients(Message.RecipientType.TO))
              .anyMatch(address -> address.toString().equals(recipient));
      if (toRecipient && GreenMailUtil.getBody(message).contains(id)) {
        out.add(message);
      }
    }
    return out;
  }

  private static List<String> types(List<EventJson> events) {
    return events.stream()
        .map(EventJson::type)
        .filter(type -> type.startsWith("deadline."))
        .toList();
  }

  private static String[] concat(String first, List<String> rest) {
    List<String> all = new java.util.ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all.toArray(String[]::new);
  }
}
