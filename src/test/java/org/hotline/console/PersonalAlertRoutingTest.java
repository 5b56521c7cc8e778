package org.hotline.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.hotline.ConflictException;
import org.hotline.NotFoundException;
import org.hotline.event.EventBus;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.testing.ConsoleStores;
import org.hotline.testing.Events;
import org.hotline.testing.MutableClock;
import org.hotline.web.EventJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who a personal alert reaches, and what it leaves in the record, against a real SQLite database.
 * The alerts name a message this database does not hold, so they stand until acknowledged.
 */
class PersonalAlertRoutingTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:10:00Z");
  private static final MessageId MESSAGE = MessageId.parse("01930000-0000-7000-8000-000000000001");

  @TempDir Path dir;
  ConsoleStores.Opened stores;
  MutableClock clock;
  Sessions sessions;
  EventBus events;
  PersonalAlerts alerts;
  long notifications;

  @BeforeEach
  void open() {
    stores = ConsoleStores.open(dir);
    clock = new MutableClock(NOW);
    sessions = new Sessions(clock, RandomGenerator.of("L64X128MixRandom"));
    events = new EventBus(clock);
    alerts =
        new PersonalAlerts(
            stores.console(),
            stores.console(),
            sessions,
            new Audit(stores.console(), clock),
            events,
            clock);
    add("officer", Role.DUTY_OFFICER);
    add("li.wei", Role.DUTY_OFFICER);
    add("watcher", Role.VIEWER);
    add("releaser", Role.RELEASING_OFFICER);
    add("admin", Role.ADMINISTRATOR);
    add("gone", Role.DUTY_OFFICER);
    stores.console().setDisabled("gone", true);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private void add(String username, Role role) {
    stores
        .console()
        .addUser(new User(username, role, false, NOW, 0, null, null, null), "$argon2id$x");
  }

  private User user(String username) {
    return stores.console().credentials(username).orElseThrow().user();
  }

  private PersonalAlert escalation(String username, Role role) {
    return new PersonalAlert(
        0,
        ++notifications,
        username,
        role,
        MESSAGE,
        PersonalAlert.ESCALATION,
        "receiving",
        PartyId.of("cn"),
        Precedence.FLASH,
        StatusFlag.EXERCISE,
        1,
        1,
        NOW,
        NOW,
        null);
  }

  private List<Long> standing(String username) {
    return alerts.standingFor(user(username), new Actor(username, "127.0.0.1")).stream()
        .map(PersonalAlert::id)
        .toList();
  }

  @Test
  void a_role_alert_reaches_exactly_the_active_holders_of_that_role() {
    long id = alerts.post(escalation(null, Role.DUTY_OFFICER)).alert().id();
    assertThat(standing("officer")).containsExactly(id);
    assertThat(standing("li.wei")).containsExactly(id);
    assertThat(standing("watcher")).as("a viewer").isEmpty();
    assertThat(standing("releaser")).as("a higher role is not the role addressed").isEmpty();
    assertThat(standing("admin")).isEmpty();
    assertThat(standing("gone")).as("disabled").isEmpty();
  }

  @Test
  void a_user_alert_reaches_that_user_only() {
    long id = alerts.post(escalation("watcher", null)).alert().id();
    assertThat(standing("watcher")).containsExactly(id);
    assertThat(standing("officer")).isEmpty();
  }

  @Test
  void posting_records_who_was_addressed_and_who_was_signed_in_and_a_retry_posts_nothing_new()
      throws InterruptedException {
    sessions.start("li.wei");
    try (EventBus.Subscription subscription = events.subscribe()) {
      PersonalAlerts.Posted posted = alerts.post(escalation(null, Role.DUTY_OFFICER));
      assertThat(posted.addressed()).containsExactly("li.wei", "officer");
      assertThat(posted.signedIn()).containsExactly("li.wei");
      PersonalAlerts.Posted again = alerts.post(posted.alert());
      assertThat(again.alert()).isEqualTo(posted.alert());
      EventJson event = Events.next(subscription, 1_000);
      assertThat(event.type()).isEqualTo("alert.posted");
      assertThat(subscription.next(100)).as("one event for one alert").isNull();
    }
    List<AuditEntry> log = stores.console().auditLog(Long.MAX_VALUE, 10);
    assertThat(log).hasSize(1);
    assertThat(log.get(0).username()).isEqualTo(Audit.WATCH);
    assertThat(log.get(0).action()).isEqualTo(Audit.ALERT_POST);
    assertThat(log.get(0).detail())
        .contains("role duty-officer: deadline.escalation level 1 loop 1")
        .contains("FLASH EXERCISE message " + MESSAGE + " from cn")
        .contains("addressed: li.wei, officer; signed in: li.wei");
  }

  @Test
  void an_alert_nobody_could_see_is_refused_and_not_stored() {
    stores.console().setDisabled("watcher", true);
    assertThatThrownBy(() -> alerts.post(escalation("nobody", null)))
        .isInstanceOf(NobodyAddressedException.class)
        .hasMessage("no console user nobody");
    assertThatThrownBy(() -> alerts.post(escalation("gone", null)))
        .hasMessage("console user gone is disabled");
    assertThatThrownBy(() -> alerts.post(escalation(null, Role.VIEWER)))
        .hasMessage("no active console user has the role viewer");
    assertThat(alerts.page(Long.MAX_VALUE, 10)).isEmpty();
  }

  @Test
  void each_person_acknowledges_for_themselves_and_the_record_says_who_saw_and_acknowledged_when() {
    long id = alerts.post(escalation(null, Role.DUTY_OFFICER)).alert().id();
    clock.advance(Duration.ofSeconds(3));
    assertThat(standing("officer")).containsExactly(id);
    clock.advance(Duration.ofSeconds(30));
    alerts.acknowledge(id, "officer", new Actor("officer", "127.0.0.1"));
    assertThat(standing("officer")).isEmpty();
    assertThat(standing("li.wei")).as("still stands for the other").containsExactly(id);

    List<PersonalAlert.Receipt> receipts = alerts.find(id).receipts();
    assertThat(receipts)
        .containsExactly(
            new PersonalAlert.Receipt("li.wei", NOW.plusSeconds(33), null),
            new PersonalAlert.Receipt("officer", NOW.plusSeconds(3), NOW.plusSeconds(33)));
    assertThat(stores.console().auditLog(Long.MAX_VALUE, 10).stream().map(AuditEntry::action))
        .containsExactly(
            Audit.ALERT_SEEN, Audit.ALERT_ACKNOWLEDGE, Audit.ALERT_SEEN, Audit.ALERT_POST);
  }

  @Test
  void an_acknowledgement_that_cannot_be_is_refused_and_changes_nothing() {
    long id = alerts.post(escalation(null, Role.DUTY_OFFICER)).alert().id();
    Actor actor = new Actor("x", "");
    assertThatThrownBy(() -> alerts.acknowledge(id + 1, "officer", actor))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no personal alert " + (id + 1));
    assertThatThrownBy(() -> alerts.acknowledge(id, "nobody", actor))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no console user nobody");
    assertThatThrownBy(() -> alerts.acknowledge(id, "watcher", actor))
        .isInstanceOf(ConflictException.class)
        .hasMessage("alert " + id + " is addressed to role duty-officer, not to watcher (viewer)");
    assertThatThrownBy(() -> alerts.acknowledge(id, "gone", actor))
        .hasMessageEndingWith("not to gone (disabled)");
    alerts.acknowledge(id, "officer", actor);
    assertThatThrownBy(() -> alerts.acknowledge(id, "officer", actor))
        .isInstanceOf(ConflictException.class)
        .hasMessage("officer acknowledged alert " + id + " already");
    assertThat(alerts.find(id).receipts()).hasSize(1);
    assertThat(stores.console().auditLog(Long.MAX_VALUE, 10)).hasSize(2);
  }
}
