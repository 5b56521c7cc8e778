package org.hotline.link.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.hotline.link.Peer;

/**
 * What the heartbeats say about the link to one peer: round-trip time, estimated clock offset,
 * loss, and from them a state. Pure: time is passed in. Thread-safe (synchronized).
 *
 * <ul>
 *   <li>DOWN: no heartbeat answered for {@link #DOWN_AFTER_INTERVALS} intervals, so a break shows
 *       within 3 intervals whatever the phase of the heartbeat;
 *   <li>DEGRADED: answered, but the last round trip took over {@link #RTT_DEGRADED}, the clocks
 *       differ by more than {@link #CLOCK_OFFSET_DEGRADED}, more than {@link
 *       #LOSS_DEGRADED_PERCENT} % of the last {@link #LOSS_WINDOW} heartbeats to the endpoint in
 *       use went unanswered, or the peer's own heartbeats stopped arriving (a one-way break);
 *   <li>UP otherwise; UNKNOWN before the first heartbeat.
 * </ul>
 */
public final class LinkHealth {
  public enum State {
    UNKNOWN,
    UP,
    DEGRADED,
    /**
     * Answering, but refusing the batches of one direction (or they are refused by us): {@link
     * LinkBlocks}. Heartbeats alone cannot see it; {@link Heartbeats#state} puts it over UP,
     * DEGRADED and UNKNOWN, and DOWN over it.
     */
    BLOCKED,
    DOWN
  }

  /** One hour of history at the default 5 s interval, for the console's chart. */
  public static final int HISTORY_MAX = 720;

  public static final double DOWN_AFTER_INTERVALS = 2.5;

  /** A hotline across continents answers in well under a second; more means trouble. */
  public static final Duration RTT_DEGRADED = Duration.ofSeconds(1);

  /** Timestamps on the record are compared across nodes; seconds of drift make them misleading. */
  public static final Duration CLOCK_OFFSET_DEGRADED = Duration.ofSeconds(2);

  public static final int LOSS_WINDOW = 20;
  public static final int LOSS_DEGRADED_PERCENT = 20;

  /**
   * One heartbeat: answered or not, its round trip and the peer's clock offset, and the endpoint
   * used.
   */
  public record Sample(
      Instant at, boolean answered, long rttMillis, long clockOffsetMillis, String endpoint) {}

  private final Instant since;
  private final Deque<Sample> history = new ArrayDeque<>();
  private Sample lastAnswered;
  private Instant lastHeard;

  public LinkHealth(Instant since) {
    this.since = since;
  }

  public synchronized void record(Sample sample) {
    if (history.size() == HISTORY_MAX) {
      history.removeFirst();
    }
    history.addLast(sample);
    if (sample.answered()) {
      lastAnswered = sample;
    }
  }

  /** The peer's own heartbeat reached us. */
  public synchronized void heard(Instant at) {
    lastHeard = at;
  }

  public synchronized State state(Instant now, Duration interval) {
    return state(now, interval, Peer.Mode.PUSH);
  }

  /**
   * The state for a peer in {@code mode}: with PULLED (we cannot reach the peer) only its
   * heartbeats to us count; with PULL (it cannot reach us) only ours to it.
   */
  public synchronized State state(Instant now, Duration interval, Peer.Mode mode) {
    long downAfter = (long) (interval.toMillis() * DOWN_AFTER_INTERVALS);
    if (mode == Peer.Mode.PULLED) {
      if (lastHeard == null) {
        return Duration.between(since, now).toMillis() >= downAfter ? State.DOWN : State.UNKNOWN;
      }
      return Duration.between(lastHeard, now).toMillis() >= downAfter ? State.DOWN : State.UP;
    }
    if (lastAnswered == null) {
      return Duration.between(since, now).toMillis() >= downAfter && !history.isEmpty()
          ? State.DOWN
          : State.UNKNOWN;
    }
    if (Duration.between(lastAnswered.at(), now).toMillis() >= downAfter) {
      return State.DOWN;
    }
    boolean slow = lastAnswered.rttMillis() > RTT_DEGRADED.toMillis();
    boolean skewed = Math.abs(lastAnswered.clockOffsetMillis()) > CLOCK_OFFSET_DEGRADED.toMillis();
    boolean oneWay =
        mode == Peer.Mode.PUSH
            && (lastHeard == null
                ? Duration.between(since, now).toMillis() >= downAfter
                : Duration.between(lastHeard, now).toMillis() >= downAfter);
    return slow || skewed || lossPercent() > LOSS_DEGRADED_PERCENT || oneWay
        ? State.DEGRADED
        : State.UP;
  }

  /**
   * Heartbeats lost among the last {@link #LOSS_WINDOW} sent to the endpoint in use (that of the
   * latest sample): after a failover the backup's heartbeats say how the link is, not the misses
   * that made us leave the primary.
   */
  synchronized int lossPercent() {
    if (history.isEmpty()) {
      return 0;
    }
    String inUse = history.getLast().endpoint();
    int seen = 0;
    int lost = 0;
    var iterator = history.descendingIterator();
    while (iterator.hasNext() && seen < LOSS_WINDOW) {
      Sample sample = iterator.next();
      if (!sample.endpoint().equals(inUse)) {
        continue;
      }
      seen++;
      if (!sample.answered()) {
        lost++;
      }
    }
    return lost * 100 / seen;
  }

  public synchronized Sample lastAnswered() {
    return lastAnswered;
  }

  public synchronized Instant lastHeard() {
    return lastHeard;
  }

  public synchronized List<Sample> history() {
    return new ArrayList<>(history);
  }
}
