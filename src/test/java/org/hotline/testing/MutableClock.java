package org.hotline.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, so that timers are tested by advancing time
 * rather than by sleeping. Several nodes may share one instance to live in the same test time.
 * Thread-safe: nodes read it from their own threads while the test advances it.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  public MutableClock(Instant start) {
    this(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  /** A clock standing at the current wall-clock time, to whole milliseconds (as entries carry). */
  public static MutableClock atNow() {
    return new MutableClock(Instant.ofEpochMilli(System.currentTimeMillis()));
  }

  public Instant advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("a test clock only moves forward, not by " + by);
    }
    return now.updateAndGet(instant -> instant.plus(by));
  }

  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new MutableClock(now, other);
  }
}
