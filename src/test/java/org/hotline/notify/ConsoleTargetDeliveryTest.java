package org.hotline.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.hotline.console.Audit;
import org.hotline.console.PersonalAlerts;
import org.hotline.console.Role;
import org.hotline.console.Sessions;
import org.hotline.console.User;
import org.hotline.event.EventBus;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.testing.ConsoleStores;
import org.hotline.testing.MutableClock;
import org.hotline.watch.Alert;
import org.hotline.watch.NotificationFailedException;
import org.hotline.watch.Notifier;
import org.hotline.watch.Notifiers;
import org.hotline.watch.Side;
import org.hotline.watch.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User and role targets go to the console, as personal alerts; the others to their notifiers. */
class ConsoleTargetDeliveryTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:10:00Z");

  @TempDir Path dir;

  private static Alert alert(long notification) {
    return new Alert(
        notification,
        Alert.Kind.ESCALATION,
        Side.RECEIVING,
        PartyId.of("us"),
        PartyId.of("cn"),
        MessageId.parse("01930000-0000-7000-8000-000000000001"),
        Precedence.FLASH,
        StatusFlag.ACTUAL,
        NOW.minusSeconds(600),
        NOW,
        2,
        1,
        NOW);
  }

  @Test
  void each_target_kind_goes_to_its_own_notifier() {
    List<String> seen = new ArrayList<>();
    Notifier webhooks = (alert, target) -> seen.add("webhooks: " + target.key());
    Notifier email = (alert, target) -> seen.add("email: " + target.key());
    Notifier commands = (alert, target) -> seen.add("commands: " + target.key());
    Notifier console = (alert, target) -> seen.add("console: " + target.key());
    Notifiers notifiers = new Notifiers(webhooks, email, commands, console);
    for (Target target :
        List.of(
            new Target.User("officer"),
            new Target.Role(Role.DUTY_OFFICER),
            new Target.Email("duty@us.example"),
            new Target.Command(List.of("/bin/true")))) {
      notifiers.deliver(alert(1), target);
    }
    assertThat(seen)
        .containsExactly(
            "console: user officer",
            "console: role duty-officer",
            "email: email duty@us.example",
            "commands: command /bin/true");
    assertThatThrownBy(
            () ->
                new Notifiers(webhooks, email, commands)
                    .deliver(alert(1), new Target.User("officer")))
        .isInstanceOf(NotificationFailedException.class)
        .hasMessageContaining("no console");
  }

  @Test
  void a_console_target_is_posted_as_a_personal_alert_or_fails_when_nobody_could_see_it() {
    try (ConsoleStores.Opened stores = ConsoleStores.open(dir)) {
      MutableClock clock = new MutableClock(NOW);
      stores
          .console()
          .addUser(
              new User("officer", Role.DUTY_OFFICER, false, NOW, 0, null, null, null),
              "$argon2id$x");
      PersonalAlerts alerts =
          new PersonalAlerts(
              stores.console(),
              stores.console(),
              new Sessions(clock, RandomGenerator.of("L64X128MixRandom")),
              new Audit(stores.console(), clock),
              new EventBus(clock),
              clock);
      ConsoleNotifier notifier = new ConsoleNotifier(alerts);

      notifier.deliver(alert(7), new Target.Role(Role.DUTY_OFFICER));
      notifier.deliver(alert(7), new Target.Role(Role.DUTY_OFFICER));
      var posted = alerts.page(Long.MAX_VALUE, 10);
      assertThat(posted).as("a retried delivery posts once").hasSize(1);
      var alert = posted.get(0).alert();
      assertThat(alert.notification()).isEqualTo(7);
      assertThat(alert.addressee()).isEqualTo("role duty-officer");
      assertThat(alert.type()).isEqualTo("deadline.escalation");
      assertThat(alert.level()).isEqualTo(2);
      assertThat(alert.precedence()).isEqualTo(Precedence.FLASH);

      assertThatThrownBy(() -> notifier.deliver(alert(8), new Target.Role(Role.VIEWER)))
          .isInstanceOf(NotificationFailedException.class)
          .hasMessage("no active console user has the role viewer");
      assertThatThrownBy(() -> notifier.deliver(alert(9), new Target.User("someone")))
          .isInstanceOf(NotificationFailedException.class)
          .hasMessage("no console user someone");
    }
  }
}
