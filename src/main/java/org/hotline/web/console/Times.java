package org.hotline.web.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the console shows them: UTC, to the second; durations as a countdown. Pure. */
public final class Times {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  /** {@code 2026-11-29 10:15:03Z}; empty for null. */
  public static String utc(Instant instant) {
    return instant == null ? "" : UTC.format(instant);
  }

  /** {@code 10:15Z}. */
  public static String clock(Instant instant) {
    return instant == null ? "" : CLOCK.format(instant);
  }

  /** RFC 3339 for {@code <time datetime>} and scripts; empty for null. */
  public static String iso(Instant instant) {
    return instant == null ? "" : instant.toString();
  }

  /** {@code 1:05:09} or {@code 9:42}: hours only when needed; the sign is dropped. */
  public static String span(Duration duration) {
    long seconds = Math.abs(duration.toSeconds());
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest)
        : String.format(Locale.ROOT, "%d:%02d", minutes, rest);
  }
}
