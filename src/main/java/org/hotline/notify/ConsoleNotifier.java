package org.hotline.notify;

import org.hotline.console.NobodyAddressedException;
import org.hotline.console.PersonalAlert;
import org.hotline.console.PersonalAlerts;
import org.hotline.watch.Alert;
import org.hotline.watch.NotificationFailedException;
import org.hotline.watch.Notifier;
import org.hotline.watch.Target;

/**
 * Delivers an alert to a {@code user} or {@code role} target as a personal alert on the console.
 * Posting it is the delivery: it then stands for the people it addresses, shown at once to those
 * signed in and at their next sign-in to the others. It fails (and the watch retries it) only when
 * nobody could ever see it: the user does not exist or is disabled, or no active user has the role.
 * Thread-safe.
 */
public final class ConsoleNotifier implements Notifier {
  private final PersonalAlerts alerts;

  public ConsoleNotifier(PersonalAlerts alerts) {
    this.alerts = alerts;
  }

  /**
   * A BLOCKED link needs no personal alert: its alarm banner stands on every console page of every
   * user until the link is unblocked, so the delivery is done.
   */
  @Override
  public void deliver(org.hotline.watch.LinkAlert alert, Target target) {
    requireConsoleTarget(target);
  }

  /**
   * An overdue commitment needs no personal alert: the commitments board and the incident page flag
   * it overdue on every console of every user until it is settled, so the delivery is done.
   */
  @Override
  public void deliver(org.hotline.watch.CommitmentAlert alert, Target target) {
    requireConsoleTarget(target);
  }

  private static void requireConsoleTarget(Target target) {
    if (!(target instanceof Target.User) && !(target instanceof Target.Role)) {
      throw new IllegalArgumentException("not a console target: " + target.key());
    }
  }

  @Override
  public void deliver(Alert alert, Target target) {
    String username = target instanceof Target.User user ? user.username() : null;
    org.hotline.console.Role role = target instanceof Target.Role holders ? holders.role() : null;
    if (username == null && role == null) {
      throw new IllegalArgumentException("not a console target: " + target.key());
    }
    try {
      alerts.post(
          new PersonalAlert(
              0,
              alert.notification(),
              username,
              role,
              alert.message(),
              alert.kind().event(),
              alert.side().wire(),
              alert.peer(),
              alert.precedence(),
              alert.status(),
              alert.level(),
              alert.loop(),
              alert.deadline(),
              alert.raisedAt(),
              null));
    } catch (NobodyAddressedException e) {
      throw new NotificationFailedException(e.getMessage());
    }
  }
}
