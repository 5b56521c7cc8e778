package org.hotline.architecture.violations.link;

import java.time.Instant;
import java.util.Random;

/** Wrong: domain code that reads the wall clock and makes its own randomness. */
public final class LinkThatReadsTheWallClock {
  private LinkThatReadsTheWallClock() {}

  public static Instant deadline() {
    return Instant.now().plusSeconds(60);
  }

  public static long millis() {
    return System.currentTimeMillis();
  }

  public static int jitter() {
    return new Random().nextInt(100);
  }
}
