package org.hotline.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import org.hotline.ConflictException;
import org.hotline.NotFoundException;
import org.hotline.event.Event;
import org.hotline.event.EventBus;

/**
 * Reminders and escalations addressed to console people (chain targets {@code user NAME} and {@code
 * role ROLE}). An alert is posted once per notification; it then stands, for each person it
 * addresses, until that person acknowledges it or the message is answered, whether or not they are
 * signed in when it comes. Everything is in the audit log: the posting (with who was addressed and
 * who was signed in), the first time each person was shown it, and each acknowledgement.
 *
 * <p>Who is addressed is decided when the alert is shown: a role alert reaches a user who takes the
 * role, or is enabled, while it stands; one who leaves the role or is disabled no longer sees it.
 * Thread-safe.
 */
public final class PersonalAlerts {
  /**
   * Alerts shown in one person's banner: the newest; an operations centre handles fewer at once.
   */
  public static final int SHOWN_MAX = 20;

  /** The longest list the API returns at once. */
  public static final int LIST_MAX = 1_000;

  private final PersonalAlertStore store;
  private final UserStore users;
  private final Sessions sessions;
  private final Audit audit;
  private final EventBus events;
  private final Clock clock;

  public PersonalAlerts(
      PersonalAlertStore store,
      UserStore users,
      Sessions sessions,
      Audit audit,
      EventBus events,
      Clock clock) {
    this.store = store;
    this.users = users;
    this.sessions = sessions;
    this.audit = audit;
    this.events = events;
    this.clock = clock;
  }

  /** The stored alert, the users it addresses now, and which of them were signed in. */
  public record Posted(PersonalAlert alert, List<String> addressed, List<String> signedIn) {}

  /**
   * Posts {@code alert} (a retried delivery of the same notification finds it posted already and
   * changes nothing). Throws {@link NobodyAddressedException} if its user does not exist or is
   * disabled, or no active user has its role: nobody could see it, so the delivery failed.
   */
  public Posted post(PersonalAlert alert) {
    List<String> addressed = addressed(alert);
    if (addressed.isEmpty()) {
      throw new NobodyAddressedException(nobody(alert));
    }
    NavigableSet<String> online = sessions.signedIn();
    List<String> signedIn = addressed.stream().filter(online::contains).toList();
    PersonalAlertStore.Posted posted = store.postAlert(alert, clock.instant());
    PersonalAlert stored = posted.alert();
    if (posted.created()) {
      audit.record(
          Actor.WATCH,
          Audit.ALERT_POST,
          "alert " + stored.id(),
          describe(stored)
              + "; addressed: "
              + String.join(", ", addressed)
              + "; signed in: "
              + (signedIn.isEmpty() ? "nobody" : String.join(", ", signedIn)));
      events.publish(new Event.PersonalAlertPosted(stored));
    }
    return new Posted(stored, addressed, signedIn);
  }

  /**
   * The alerts standing for {@code user}, newest first; those shown to them for the first time are
   * noted, with the audit entry {@code alert.seen}.
   */
  public List<PersonalAlert> standingFor(User user, Actor actor) {
    if (user.disabled()) {
      return List.of();
    }
    List<PersonalAlert> standing = new ArrayList<>();
    Instant now = clock.instant();
    for (PersonalAlert.Standing item :
        store.standingAlerts(user.username(), user.role(), SHOWN_MAX)) {
      if (item.seenAt() == null && store.alertSeen(item.alert().id(), user.username(), now)) {
        audit.record(actor, Audit.ALERT_SEEN, "alert " + item.alert().id(), describe(item.alert()));
      }
      standing.add(item.alert());
    }
    return standing;
  }

  /**
   * {@code username} acknowledges alert {@code id}: it no longer stands for them (it still does for
   * the others it addresses). Throws {@link NotFoundException} for an unknown alert or user, and
   * {@link ConflictException} if the alert is not addressed to the user or they acknowledged it
   * already; nothing is stored then.
   */
  public PersonalAlert acknowledge(long id, String username, Actor actor) {
    User user =
        users
            .credentials(User.checkUsername(username))
            .map(UserStore.Credentials::user)
            .orElseThrow(() -> new NotFoundException("no console user " + username));
    PersonalAlert alert =
        store.personalAlert(id).orElseThrow(() -> new NotFoundException("no personal alert " + id));
    if (!alert.addressedTo(user)) {
      throw new ConflictException(
          "alert "
              + id
              + " is addressed to "
              + alert.addressee()
              + ", not to "
              + user.username()
              + (user.disabled() ? " (disabled)" : " (" + user.role().label() + ")"));
    }
    if (!store.alertAcknowledged(id, user.username(), clock.instant())) {
      throw new ConflictException(user.username() + " acknowledged alert " + id + " already");
    }
    audit.record(actor, Audit.ALERT_ACKNOWLEDGE, "alert " + id, describe(alert));
    events.publish(new Event.PersonalAlertAcknowledged(alert, user.username()));
    return alert;
  }

  /**
   * Alerts with id below {@code beforeId} ({@link Long#MAX_VALUE} for the newest), with their
   * receipts, newest first, at most {@code limit}.
   */
  public List<PersonalAlertStore.Listed> page(long beforeId, int limit) {
    return store.personalAlerts(beforeId, Math.min(Math.max(limit, 1), LIST_MAX));
  }

  /** One alert with its receipts; throws {@link NotFoundException} if there is none. */
  public PersonalAlertStore.Listed find(long id) {
    return store.personalAlerts(id + 1, 1).stream()
        .filter(listed -> listed.alert().id() == id)
        .findFirst()
        .orElseThrow(() -> new NotFoundException("no personal alert " + id));
  }

  /** The active users {@code alert} addresses now, by username. */
  public List<String> addressed(PersonalAlert alert) {
    return users.users().stream().filter(alert::addressedTo).map(User::username).sorted().toList();
  }

  private String nobody(PersonalAlert alert) {
    if (alert.username() == null) {
      return "no active console user has the role " + alert.role().label();
    }
    return users
        .credentials(alert.username())
        .map(found -> "console user " + alert.username() + " is disabled")
        .orElse("no console user " + alert.username());
  }

  /** One line for the audit log: for whom, which step, which message. */
  static String describe(PersonalAlert alert) {
    return alert.addressee()
        + ": "
        + alert.type()
        + (alert.level() != null ? " level " + alert.level() + " loop " + alert.loop() : "")
        + ", "
        + alert.precedence()
        + " "
        + alert.status()
        + " message "
        + alert.message()
        + (alert.side().equals("receiving") ? " from " : " to ")
        + alert.peer();
  }
}
