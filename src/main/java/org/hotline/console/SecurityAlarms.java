package org.hotline.console;

import java.time.Clock;
import java.util.List;

/**
 * Security alarms (a forged signature, a divergent record) stay on every console page until an
 * administrator acknowledges them; acknowledging covers every alarm up to the newest one the
 * administrator saw, so an alarm that arrives meanwhile is still shown. Thread-safe.
 */
public final class SecurityAlarms {
  /** Alarms shown at once; beyond this the banner says how many more there are not. */
  public static final int SHOWN_MAX = 50;

  private final ConsoleStore store;
  private final Audit audit;
  private final Clock clock;

  public SecurityAlarms(ConsoleStore store, Audit audit, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** Unacknowledged alarms, newest first. */
  public List<SecurityAlarm> unacknowledged() {
    return store.unacknowledgedAlarms(SHOWN_MAX);
  }

  public void acknowledge(long throughId, User user, Actor actor) {
    if (!user.role().allows(Permission.ADMINISTER)) {
      throw new NotPermittedException("only an administrator acknowledges security alarms");
    }
    store.acknowledgeAlarms(throughId, user.username(), clock.instant());
    audit.record(actor, Audit.ALARMS_ACKNOWLEDGE, "through " + throughId, "");
  }
}
