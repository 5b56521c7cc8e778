package org.hotline.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hotline.Json;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.testing.Nodes;
import org.hotline.testing.WebhookReceiver;
import org.hotline.watch.Alert;
import org.hotline.watch.NotificationFailedException;
import org.hotline.watch.Side;
import org.hotline.watch.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each notifier against a real local receiver: an HTTP server, an SMTP server, a program. */
class NotifiersTest {
  static final String SECRET = "shared-secret-for-tests";
  static final Instant CREATED = Instant.parse("2026-11-28T09:00:00Z");
  static final Alert ALERT =
      new Alert(
          42,
          Alert.Kind.ESCALATION,
          Side.RECEIVING,
          PartyId.of("cn"),
          PartyId.of("us"),
          MessageId.parse("01930000-0000-7000-8000-000000000001"),
          Precedence.FLASH,
          StatusFlag.ACTUAL,
          CREATED,
          CREATED.plusSeconds(600),
          2,
          1,
          CREATED.plusSeconds(900));

  @TempDir Path dir;

  @Test
  void a_webhook_receives_the_alert_as_json_signed_with_hmac_sha256() {
    try (WebhookReceiver receiver = new WebhookReceiver(SECRET);
        WebhookNotifier notifier = new WebhookNotifier()) {
      notifier.deliver(ALERT, new Target.Webhook(URI.create(receiver.url("/hotline")), SECRET));
      WebhookReceiver.Request request = receiver.requests().get(0);
      assertThat(request.signatureValid()).isTrue();
      assertThat(request.event()).isEqualTo("deadline.escalation");
      assertThat(request.delivery()).isEqualTo("42");
      assertThat(request.body().toString())
          .isEqualTo(
              "{\"type\":\"deadline.escalation\",\"notification\":42,\"node\":\"cn\",\"side\":\"receiving\",\"peer\":\"us\","
                  + "\"message\":\"01930000-0000-7000-8000-000000000001\",\"precedence\":\"FLASH\",\"status\":\"ACTUAL\","
                  + "\"created\":\"2026-11-28T09:00:00Z\",\"deadline\":\"2026-11-28T09:10:00Z\",\"level\":2,\"loop\":1,"
                  + "\"raised_at\":\"2026-11-28T09:15:00Z\"}");
    }
  }

  @Test
  void the_signature_is_the_hex_hmac_of_the_exact_body() {
    byte[] body = "{\"type\":\"deadline.reminder\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookNotifier.signature("key", body))
        .isEqualTo("sha256=" + hmacByHand("key", body));
    assertThat(
            WebhookNotifier.signature(
                "key",
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
        .as("the commonly published example of HMAC-SHA256")
        .isEqualTo("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void a_webhook_that_refuses_or_cannot_be_reached_fails_saying_why() {
    try (WebhookReceiver receiver = new WebhookReceiver(SECRET);
        WebhookNotifier notifier = new WebhookNotifier()) {
      assertThatThrownBy(
              () ->
                  notifier.deliver(
                      ALERT,
                      new Target.Webhook(
                          URI.create(receiver.url("/x")), "a-different-secret-entirely")))
          .isInstanceOf(NotificationFailedException.class)
          .hasMessageContaining("answered HTTP 401");
      int closed = Nodes.freePort();
      assertThatThrownBy(
              () ->
                  notifier.deliver(
                      ALERT,
                      new Target.Webhook(URI.create("http://127.0.0.1:" + closed + "/x"), SECRET)))
          .isInstanceOf(NotificationFailedException.class)
          .hasMessageContaining("cannot post to http://127.0.0.1:" + closed);
    }
  }

  @Test
  void an_email_reaches_a_real_smtp_server() throws Exception {
    GreenMail mail =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    mail.start();
    try {
      EmailNotifier notifier =
          new EmailNotifier(
              new EmailNotifier.Settings(
                  "127.0.0.1", mail.getSmtp().getPort(), "hotline@cn.example", null, null, false));
      notifier.deliver(ALERT, new Target.Email("duty-officer@cn.example"));
      assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
      MimeMessage received = mail.getReceivedMessages()[0];
      assertThat(received.getSubject())
          .isEqualTo(
              "[Hotline ACTUAL] FLASH message from us unanswered — ACK OVERDUE, escalation level 2");
      assertThat(received.getAllRecipients()[0].toString()).isEqualTo("duty-officer@cn.example");
      assertThat(received.getFrom()[0].toString()).isEqualTo("hotline@cn.example");
      assertThat(received.getHeader("X-Hotline-Delivery")[0]).isEqualTo("42");
      assertThat(GreenMailUtil.getBody(received))
          .contains("message: 01930000-0000-7000-8000-000000000001");
    } finally {
      mail.stop();
    }
  }

  @Test
  void an_smtp_server_that_is_not_there_fails_within_the_time_bound() {
    EmailNotifier notifier =
        new EmailNotifier(
            new EmailNotifier.Settings(
                "127.0.0.1", Nodes.freePort(), "hotline@cn.example", null, null, false));
    assertThatThrownBy(() -> notifier.deliver(ALERT, new Target.Email("duty-officer@cn.example")))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("cannot mail duty-officer@cn.example");
  }

  @Test
  void a_command_gets_the_alert_as_json_on_its_standard_input() throws Exception {
    Path out = dir.resolve("alert.json");
    new CommandNotifier()
        .deliver(
            ALERT,
            new Target.Command(
                List.of(
                    "/bin/sh",
                    "-c",
                    "cat > '" + out + "'; echo \"$HOTLINE_EVENT\" >> '" + out + "'")));
    List<String> lines = Files.readAllLines(out);
    JsonNode alert = Json.mapper().readTree(lines.get(0));
    assertThat(alert.get("message").asText()).isEqualTo("01930000-0000-7000-8000-000000000001");
    assertThat(alert.get("level").asInt()).isEqualTo(2);
    assertThat(lines.get(1)).isEqualTo("deadline.escalation");
  }

  @Test
  void a_command_that_fails_reports_its_exit_status_and_output() {
    assertThatThrownBy(
            () ->
                new CommandNotifier()
                    .deliver(
                        ALERT,
                        new Target.Command(
                            List.of("/bin/sh", "-c", "echo pager gateway down >&2; exit 3"))))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessage("/bin/sh exited with status 3: pager gateway down");
    assertThatThrownBy(
            () ->
                new CommandNotifier()
                    .deliver(ALERT, new Target.Command(List.of(dir.resolve("missing").toString()))))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("cannot run");
  }

  /**
   * The child would run for 10 minutes; the test's timeout of one minute is far above the 500 ms
   * the hook is given however loaded the machine, and far below what waiting for the child takes.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void a_command_that_outlives_its_time_is_killed_with_its_children() throws Exception {
    Path pid = dir.resolve("child.pid");
    assertThatThrownBy(
            () ->
                new CommandNotifier(Duration.ofMillis(500))
                    .deliver(
                        ALERT,
                        new Target.Command(
                            List.of("/bin/sh", "-c", "sleep 600 & echo $! > '" + pid + "'; wait"))))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("was still running after 500 ms and was killed");
    long child = Long.parseLong(Files.readString(pid).strip());
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
        .as("the hook's child process is gone too")
        .isFalse();
  }

  private static String hmacByHand(String key, byte[] body) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
