package org.hotline.web.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hotline.link.health.LinkHealth;

/**
 * The round-trip time chart of the links page as inline SVG coordinates: answered heartbeats as a
 * line, missed ones as marks on the time axis, over the last {@link #WINDOW}. Pure arithmetic on
 * the heartbeat history; the template draws it.
 */
public final class RttChart {
  public static final Duration WINDOW = Duration.ofHours(1);
  public static final int WIDTH = 600;
  public static final int HEIGHT = 120;

  /** The vertical scale never goes below this, so a quiet loopback link is not drawn as noise. */
  static final long SCALE_MIN_MILLIS = 50;

  /**
   * The shortest time axis: a few heartbeats' worth, so the first samples are not drawn on top of
   * each other.
   */
  static final Duration SPAN_MIN = Duration.ofSeconds(30);

  private RttChart() {}

  /**
   * The chart as the template draws it.
   *
   * @param points the SVG polyline {@code points} of answered heartbeats
   * @param missedX x positions of unanswered heartbeats
   * @param scaleMillis the round-trip time at the top of the chart
   */
  public record Chart(
      String points,
      List<Integer> missedX,
      long scaleMillis,
      Long lastMillis,
      long maxMillis,
      int answered,
      int missed,
      long spanMinutes,
      long spanSeconds) {
    public boolean empty() {
      return answered == 0 && missed == 0;
    }
  }

  /**
   * The chart of {@code history} up to {@code now}: the last hour, or since the first sample when
   * the history is younger (a node that just started fills the width, not a sliver of it).
   */
  public static Chart of(List<LinkHealth.Sample> history, Instant now) {
    Instant start = now.minus(WINDOW);
    if (!history.isEmpty() && history.get(0).at().isAfter(start)) {
      start = history.get(0).at();
    }
    Duration span = Duration.between(start, now);
    if (span.compareTo(SPAN_MIN) < 0) {
      span = SPAN_MIN;
      start = now.minus(SPAN_MIN);
    }
    long max = 0;
    Long last = null;
    for (LinkHealth.Sample sample : history) {
      if (sample.answered() && !sample.at().isBefore(start)) {
        max = Math.max(max, sample.rttMillis());
        last = sample.rttMillis();
      }
    }
    long scale = Math.max(SCALE_MIN_MILLIS, max + max / 5);
    StringBuilder points = new StringBuilder();
    List<Integer> missed = new ArrayList<>();
    int answered = 0;
    for (LinkHealth.Sample sample : history) {
      if (sample.at().isBefore(start)) {
        continue;
      }
      int x = x(sample.at(), start, span);
      if (sample.answered()) {
        int y = HEIGHT - (int) Math.round((double) sample.rttMillis() * HEIGHT / scale);
        points
            .append(points.isEmpty() ? "" : " ")
            .append(String.format(Locale.ROOT, "%d,%d", x, Math.max(0, y)));
        answered++;
      } else {
        missed.add(x);
      }
    }
    return new Chart(
        points.toString(),
        List.copyOf(missed),
        scale,
        last,
        max,
        answered,
        missed.size(),
        span.toMinutes(),
        span.toSeconds());
  }

  private static int x(Instant at, Instant start, Duration span) {
    long millis = Duration.between(start, at).toMillis();
    return (int) Math.min(WIDTH, Math.max(0, millis * WIDTH / span.toMillis()));
  }
}
