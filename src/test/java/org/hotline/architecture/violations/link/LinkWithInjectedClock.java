package org.hotline.architecture.violations.link;

import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;

/** Right: domain code that is given its clock and its random source. */
public final class LinkWithInjectedClock {
  private final Clock clock;
  private final RandomGenerator random;

  public LinkWithInjectedClock(Clock clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  public Instant deadline() {
    return clock.instant().plusSeconds(60 + random.nextInt(10));
  }
}
