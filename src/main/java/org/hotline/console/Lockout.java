package org.hotline.console;

import java.time.Duration;
import java.time.Instant;

/**
 * The sign-in lockout, as pure arithmetic: after {@link #FAILURES_MAX} failures in a row the
 * account is locked for {@link #LOCK_DURATION}; each failure before that is answered after a delay
 * that doubles ({@link #delay}). A success, or the end of a lock, starts the count again. The state
 * is bounded: 0 to {@link #FAILURES_MAX} failures and at most one lock.
 */
public final class Lockout {
  /** Five tries forgive a few typos and leave a guesser 480 tries a day per account. */
  public static final int FAILURES_MAX = 5;

  public static final Duration LOCK_DURATION = Duration.ofMinutes(15);

  /** The first failure's delay; the n-th waits FIRST_DELAY * 2^(n-1), up to {@link #DELAY_MAX}. */
  static final Duration FIRST_DELAY = Duration.ofMillis(250);

  static final Duration DELAY_MAX = Duration.ofSeconds(2);

  private Lockout() {}

  /** The state after one failed sign-in. */
  public record State(int failures, Instant lockedUntil) {}

  /** The state after a failure at {@code now}, given the stored state. */
  public static State afterFailure(int failures, Instant lockedUntil, Instant now) {
    boolean lockOver = lockedUntil != null && !now.isBefore(lockedUntil);
    int counted = lockOver ? 1 : Math.min(failures + 1, FAILURES_MAX);
    Instant until = lockOver ? null : lockedUntil;
    if (counted >= FAILURES_MAX && until == null) {
      until = now.plus(LOCK_DURATION);
    }
    return new State(counted, until);
  }

  /** How long to wait before answering the {@code failures}-th failure in a row. */
  public static Duration delay(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    long millis = FIRST_DELAY.toMillis() << Math.min(failures - 1, 10);
    return Duration.ofMillis(Math.min(millis, DELAY_MAX.toMillis()));
  }
}
