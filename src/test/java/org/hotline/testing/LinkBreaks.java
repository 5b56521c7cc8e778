package org.hotline.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.hotline.app.Node;
import org.hotline.event.EventBus;
import org.hotline.identity.PartyId;
import org.hotline.link.health.LinkHealth;
import org.hotline.web.EventJson;

/**
 * Guarantee 7 (a broken link is seen within 3 heartbeat intervals) asserted in clock time, on real
 * nodes that share a {@link MutableClock}. Heartbeats go out on each node's own schedule in real
 * time, over real HTTPS; what they conclude is judged by the clock, which stands still until the
 * test moves it. A loaded machine only makes the heartbeats arrive later in real time, which
 * changes nothing in clock time; and nothing passes because a fast machine happened to be fast.
 *
 * <p>The figures are the documented ones (docs/protocol.md §13), written here rather than read from
 * {@code LinkHealth}, so that a change of the threshold fails the test instead of moving it.
 */
public final class LinkBreaks {
  /**
   * A link is DOWN once no heartbeat has been answered for 2.5 intervals, and not before: the state
   * is asserted 1 ms before and exactly at it. That leaves half an interval for the phase of the
   * heartbeat and the quarter-interval evaluation, so a break shows within 3 intervals.
   */
  static final double DOWN_AFTER_INTERVALS = 2.5;

  /**
   * Heartbeats each side must have missed after the break before the clock moves: from then on no
   * answer sent before the break can still be on its way, to be recorded at a later clock time.
   */
  static final int MISSES_BEFORE_THE_CLOCK_MOVES = 2;

  /** Real time for a few heartbeats at a test's interval, however loaded the machine. */
  static final Duration REAL_TIME_WAIT = Duration.ofSeconds(30);

  private LinkBreaks() {}

  /** One node's view of its link to {@code peer}, and the events it publishes from now on. */
  public static final class Side implements AutoCloseable {
    final String name;
    final Node node;
    final PartyId peer;
    final Api api;
    final EventBus.Subscription events;

    public Side(Node node, String peer) {
      this.node = node;
      this.peer = PartyId.of(peer);
      this.name = node.home().party() + "'s link to " + peer;
      this.api = new Api(node.home(), node.apiPort());
      this.events = node.links().events().subscribe();
    }

    /** The link as {@code GET /api/v1/links} shows it. */
    public JsonNode link() {
      for (JsonNode link : api.get("/api/v1/links").body().get("links")) {
        if (link.get("peer").asText().equals(peer.value())) {
          return link;
        }
      }
      throw new AssertionError("no link to " + peer + " on " + node.home().party());
    }

    public String state() {
      return link().get("state").asText();
    }

    /** Waits (in real time) until the link shows {@code state}; returns the link. */
    public JsonNode awaitState(String state) {
      return Await.until(
          name + " " + state, REAL_TIME_WAIT, this::link, link -> hasState(link, state));
    }

    private static boolean hasState(JsonNode link, String state) {
      return link.get("state").asText().equals(state);
    }

    private LinkHealth health() {
      return node.links().heartbeats().health(peer);
    }

    private long misses() {
      return health().history().stream().filter(sample -> !sample.answered()).count();
    }

    @Override
    public void close() {
      events.close();
    }
  }

  /**
   * Runs {@code breakLink} (which must stop every heartbeat between the sides) with {@code clock}
   * standing still since the links were UP, and asserts on every side: not DOWN while the clock is
   * 1 ms short of 2.5 intervals after the break; DOWN at 2.5 intervals, in the API and as a
   * published {@code link.down} event, while the clock stands there, within 3 intervals.
   */
  public static void assertSeenWithinThreeIntervals(
      MutableClock clock, Duration interval, Runnable breakLink, List<Side> sides) {
    for (Side side : sides) {
      assertThat(side.state()).as(side.name + " before the break").isIn("UP", "DEGRADED");
    }
    Instant brokenAt = clock.instant();
    long[] missesBefore = sides.stream().mapToLong(Side::misses).toArray();
    breakLink.run();
    for (int i = 0; i < sides.size(); i++) {
      Side side = sides.get(i);
      long before = missesBefore[i];
      Await.until(
          side.name + " to miss " + MISSES_BEFORE_THE_CLOCK_MOVES + " heartbeats",
          REAL_TIME_WAIT,
          () -> side.misses() >= before + MISSES_BEFORE_THE_CLOCK_MOVES);
    }
    assertThat(clock.instant()).as("the clock stood still until now").isEqualTo(brokenAt);

    Duration downAfter = Duration.ofMillis(Math.round(interval.toMillis() * DOWN_AFTER_INTERVALS));
    clock.advance(downAfter.minusMillis(1));
    for (Side side : sides) {
      assertThat(side.state())
          .as(side.name + " 1 ms before 2.5 intervals without an answer")
          .isNotEqualTo("DOWN");
    }
    clock.advance(Duration.ofMillis(1));
    for (Side side : sides) {
      assertThat(side.state())
          .as(side.name + " at 2.5 intervals after the break")
          .isEqualTo("DOWN");
      EventJson down = awaitEvent(side, "link.down");
      assertThat(down.data()).containsEntry("peer", side.peer.value());
      assertThat(side.health().lastAnswered().at())
          .as(side.name + ": no answer recorded after the break (the premise of the figures)")
          .isEqualTo(brokenAt);
    }
    assertThat(clock.instant()).isEqualTo(brokenAt.plus(downAfter));
  }

  private static EventJson awaitEvent(Side side, String type) {
    return Await.event(side.name + " " + type, REAL_TIME_WAIT, side.events, type);
  }
}
