package org.hotline.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.junit.jupiter.api.Test;

/** Each kind of target goes to its own notifier, and only to it. */
class NotifiersTest {
  static final Instant CREATED = Instant.parse("2026-11-28T09:00:00Z");
  static final Alert ALERT =
      new Alert(
          7,
          Alert.Kind.ESCALATION,
          Side.RECEIVING,
          PartyId.of("us"),
          PartyId.of("cn"),
          MessageId.parse("01930000-0000-7000-8000-000000000001"),
          Precedence.FLASH,
          StatusFlag.ACTUAL,
          CREATED,
          CREATED.plusSeconds(600),
          1,
          1,
          CREATED.plusSeconds(600));

  @Test
  void each_target_kind_goes_to_its_own_notifier() {
    RecordingNotifier webhooks = new RecordingNotifier();
    RecordingNotifier email = new RecordingNotifier();
    RecordingNotifier commands = new RecordingNotifier();
    Notifiers notifiers = new Notifiers(webhooks, email, commands);
    Target hook = new Target.Webhook(URI.create("https://pager.example/hook"), "hook-secret-of-16");
    Target duty = new Target.Email("duty@us.example");
    Target page = new Target.Command(List.of("/usr/local/bin/page"));

    notifiers.deliver(ALERT, hook);
    notifiers.deliver(ALERT, duty);
    notifiers.deliver(ALERT, page);

    assertThat(webhooks.attempts())
        .extracting(RecordingNotifier.Attempt::target)
        .containsExactly(hook);
    assertThat(email.attempts())
        .extracting(RecordingNotifier.Attempt::target)
        .containsExactly(duty);
    assertThat(commands.attempts())
        .extracting(RecordingNotifier.Attempt::target)
        .containsExactly(page);
    assertThat(email.delivered()).containsExactly(ALERT);
  }

  @Test
  void a_failure_of_the_target_notifier_reaches_the_watch() {
    RecordingNotifier email = new RecordingNotifier();
    Target duty = new Target.Email("duty@us.example");
    email.refuse(duty);
    Notifiers notifiers = new Notifiers(new RecordingNotifier(), email, new RecordingNotifier());

    assertThatThrownBy(() -> notifiers.deliver(ALERT, duty))
        .isInstanceOf(NotificationFailedException.class);
  }

  @Test
  void without_an_smtp_server_email_fails_saying_so() {
    Notifiers notifiers =
        new Notifiers(new RecordingNotifier(), Notifiers.noEmail(), new RecordingNotifier());
    assertThatThrownBy(() -> notifiers.deliver(ALERT, new Target.Email("duty@us.example")))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessage("no SMTP server is configured (hotline.json \"smtp\")");
  }
}
