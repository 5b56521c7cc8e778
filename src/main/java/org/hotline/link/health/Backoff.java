package org.hotline.link.health;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with equal jitter: after the n-th consecutive failure, wait a
 * uniformly random time in [delay/2, delay] where delay = min(cap, base·2^(n-1)). Pure: the random
 * source is injected, so tests are deterministic. Thread-safe if the generator is.
 */
public final class Backoff {
  /** First retry comes quickly: most failures are a restarting peer or a dropped connection. */
  public static final Duration DELAY_BASE = Duration.ofMillis(100);

  /**
   * Retries never stop (a message accepted must reach the peer), but never wait longer than this,
   * so a recovered link carries traffic again within half a minute.
   */
  public static final Duration DELAY_MAX = Duration.ofSeconds(30);

  private static final int DOUBLINGS_MAX = 20;

  private final Duration base;
  private final Duration cap;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration cap, RandomGenerator random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < base <= cap");
    }
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  public static Backoff standard(RandomGenerator random) {
    return new Backoff(DELAY_BASE, DELAY_MAX, random);
  }

  /** The wait after {@code failures} consecutive failures (failures >= 1). */
  public Duration delay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("delay is defined after at least one failure");
    }
    int doublings = Math.min(failures - 1, DOUBLINGS_MAX);
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << doublings);
    long floor = ceiling / 2;
    return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
  }
}
