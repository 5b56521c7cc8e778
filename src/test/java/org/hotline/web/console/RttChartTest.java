package org.hotline.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hotline.link.health.LinkHealth;
import org.junit.jupiter.api.Test;

class RttChartTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private static LinkHealth.Sample answered(Duration ago, long rtt) {
    return new LinkHealth.Sample(NOW.minus(ago), true, rtt, 0, "https://peer:7443");
  }

  private static LinkHealth.Sample missed(Duration ago) {
    return new LinkHealth.Sample(NOW.minus(ago), false, -1, 0, "https://peer:7443");
  }

  @Test
  void an_empty_history_draws_nothing() {
    RttChart.Chart chart = RttChart.of(List.of(), NOW);
    assertThat(chart.empty()).isTrue();
    assertThat(chart.points()).isEmpty();
    assertThat(chart.lastMillis()).isNull();
  }

  @Test
  void an_hour_of_history_spans_the_width_oldest_left_newest_right() {
    RttChart.Chart chart =
        RttChart.of(List.of(answered(Duration.ofHours(1), 40), answered(Duration.ZERO, 40)), NOW);
    assertThat(chart.points())
        .startsWith("0,")
        .endsWith(RttChart.WIDTH + "," + (RttChart.HEIGHT - 96));
    assertThat(chart.spanMinutes()).isEqualTo(60);
  }

  @Test
  void samples_older_than_an_hour_are_left_out() {
    RttChart.Chart chart =
        RttChart.of(
            List.of(
                answered(Duration.ofHours(2), 900),
                answered(Duration.ofMinutes(30), 20),
                answered(Duration.ZERO, 20)),
            NOW);
    assertThat(chart.answered()).isEqualTo(2);
    assertThat(chart.maxMillis()).isEqualTo(20);
    assertThat(chart.scaleMillis())
        .as("never below the minimum scale")
        .isEqualTo(RttChart.SCALE_MIN_MILLIS);
  }

  @Test
  void a_young_history_fills_the_width_and_missed_heartbeats_are_marks_on_the_axis() {
    List<LinkHealth.Sample> history = new ArrayList<>();
    history.add(answered(Duration.ofMinutes(2), 100));
    history.add(missed(Duration.ofMinutes(1)));
    history.add(answered(Duration.ZERO, 200));
    RttChart.Chart chart = RttChart.of(history, NOW);
    assertThat(chart.spanMinutes()).isEqualTo(2);
    assertThat(chart.missedX()).containsExactly(RttChart.WIDTH / 2);
    assertThat(chart.scaleMillis()).as("a fifth of headroom above the highest").isEqualTo(240);
    assertThat(chart.lastMillis()).isEqualTo(200);
    assertThat(chart.missed()).isEqualTo(1);
  }
}
