package org.hotline.console;

import java.time.Clock;
import java.util.List;

/**
 * The audit log: every sign-in, failed or not, and every action a person takes at the console or
 * the command line, with who, when and from where. Append-only. Thread-safe.
 */
public final class Audit {
  /**
   * The username recorded for actions taken with the {@code hotline} command on the node's machine.
   */
  public static final String CLI = "cli";

  /** The username recorded for what the deadline watch did on its own: posting personal alerts. */
  public static final String WATCH = "watch";

  public static final String SIGN_IN = "sign-in";
  public static final String SIGN_IN_FAILED = "sign-in.failed";
  public static final String SIGN_IN_LOCKED = "sign-in.locked";

  /** The password was right; the sign-in waits for the second factor (or its enrolment). */
  public static final String SIGN_IN_PASSWORD = "sign-in.password";

  public static final String SECOND_FACTOR_ENROL = "second-factor.enrol";
  public static final String SECOND_FACTOR_RESET = "second-factor.reset";
  public static final String SECOND_FACTOR_LOCKED = "second-factor.locked";
  public static final String SECOND_FACTOR_RECOVERY_CODES = "second-factor.recovery-codes";
  public static final String SIGN_OUT = "sign-out";
  public static final String MESSAGE_SEND = "message.send";
  public static final String MESSAGE_READ = "message.read";
  public static final String MESSAGE_ACK = "message.ack";
  public static final String MESSAGE_DECLINE = "message.decline";

  /**
   * An acknowledgement or decline of a message that already had that answer: nothing was written or
   * sent.
   */
  public static final String MESSAGE_ANSWER_UNCHANGED = "message.answer-unchanged";

  public static final String RELEASE_REQUEST = "release.request";
  public static final String RELEASE_APPROVE = "release.approve";
  public static final String RELEASE_REJECT = "release.reject";
  public static final String RELEASE_BYPASS = "release.bypass";
  public static final String USER_ADD = "user.add";
  public static final String USER_DISABLE = "user.disable";
  public static final String USER_ENABLE = "user.enable";
  public static final String USER_PASSWORD = "user.password";
  public static final String USER_LANGUAGE = "user.language";
  public static final String ALARMS_ACKNOWLEDGE = "alarms.acknowledge";
  public static final String ALERT_POST = "alert.post";
  public static final String ALERT_SEEN = "alert.seen";
  public static final String ALERT_ACKNOWLEDGE = "alert.acknowledge";

  /** A change to a shared incident, commitment or concern, made at the console. */
  public static final String CRISIS_CHANGE = "crisis.change";

  /** An internal note written at the console on a shared object (its id; never its text). */
  public static final String CRISIS_INTERNAL_NOTE = "crisis.internal-note";

  public static final String REFUSED = "refused";

  /** One page of the administration view. */
  public static final int PAGE_MAX = 500;

  private final ConsoleStore store;
  private final Clock clock;

  public Audit(ConsoleStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public AuditEntry record(Actor actor, String action, String target, String detail) {
    return store.audit(
        new AuditEntry(
            0, clock.instant(), actor.username(), action, target, detail, actor.address()));
  }

  /** Newest first, below {@code beforeId} (use {@link Long#MAX_VALUE} for the newest page). */
  public List<AuditEntry> page(long beforeId, int limit) {
    return store.auditLog(beforeId, Math.min(Math.max(limit, 1), PAGE_MAX));
  }
}
