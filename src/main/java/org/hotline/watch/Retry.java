package org.hotline.watch;

import java.time.Duration;

/**
 * The retry bounds of a notification: at most {@link #ATTEMPTS_MAX} attempts, the n-th failure
 * followed by a wait of {@code min(DELAY_MAX, DELAY_BASE·2^(n-1))}: 15 s, 30 s, 1 min, 2 min. The
 * last attempt is made under 4 minutes after the first; a target still failing then is broken and
 * needs a person, which the FAILED notification and its {@code notify.failed} event ask for. No
 * jitter: one node retries a handful of targets, there is no herd to spread. Pure.
 */
final class Retry {
  /** Attempts per notification, the first included. */
  public static final int ATTEMPTS_MAX = 5;

  /** A receiver restarting or a mail server greylisting usually answers within this. */
  public static final Duration DELAY_BASE = Duration.ofSeconds(15);

  /** Within a FLASH deadline of 10 minutes, a wait longer than this would miss the next level. */
  public static final Duration DELAY_MAX = Duration.ofMinutes(2);

  private Retry() {}

  /** The wait after the {@code failures}-th failed attempt (failures >= 1). */
  public static Duration delay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("a retry delay follows at least one failure");
    }
    int doublings = Math.min(failures - 1, 16);
    Duration delay = DELAY_BASE.multipliedBy(1L << doublings);
    return delay.compareTo(DELAY_MAX) > 0 ? DELAY_MAX : delay;
  }
}
