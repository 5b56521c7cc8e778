package org.hotline.link.health;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hotline.event.Event;
import org.hotline.event.EventBus;
import org.hotline.identity.PartyId;
import org.hotline.link.BatchRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which links are BLOCKED: the batches of one direction refused by the other side {@link
 * Refusals#BLOCK_AFTER} times in a row (docs/protocol.md §13, docs/watch.md). The sender retries a
 * refused batch for ever, so without this a link that carries nothing would still look UP. A block
 * is an event ({@code link.blocked}, then {@code link.unblocked} once a batch in that direction is
 * accepted), a log line, the link's state (see {@link Heartbeats#state}) and, through the
 * listeners, the watch's escalation. Kept in memory: after a restart the next two refusals block
 * again. Thread-safe.
 */
public final class LinkBlocks {
  private static final Logger LOG = LoggerFactory.getLogger(LinkBlocks.class);

  /** Whose batches are refused. */
  public enum Direction {
    /** Our batches, refused by the peer. */
    OUTGOING,
    /** The peer's batches, refused by us. */
    INCOMING
  }

  /**
   * Why a link is blocked: the direction, the problem type (without its URI prefix) and detail of
   * the refusal that blocked it, and when.
   */
  public record Block(Direction direction, String problem, String detail, Instant since) {}

  /** Told of every block and its end, after the event is published. */
  public interface Listener {
    void blocked(PartyId peer, Block block);

    void unblocked(PartyId peer, Block ended);
  }

  /**
   * A refusal's detail is kept to this many characters: enough to name an entry and a reason, and a
   * peer's problem text is shown on every console page.
   */
  static final int DETAIL_CHARS_MAX = 500;

  private final EventBus events;
  private final Clock clock;
  private final Map<PartyId, Map<Direction, Refusals>> links = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();

  public LinkBlocks(EventBus events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  public void listen(Listener listener) {
    listeners.add(listener);
  }

  /** A batch in {@code direction} was refused with {@code refusal}. */
  public void refused(PartyId peer, Direction direction, BatchRefusedException refusal) {
    Optional<Block> started;
    synchronized (this) {
      String detail = refusal.getMessage() == null ? "" : refusal.getMessage();
      started =
          refusals(peer, direction)
              .refused(
                  refusal,
                  detail.length() > DETAIL_CHARS_MAX
                      ? detail.substring(0, DETAIL_CHARS_MAX) + "…"
                      : detail,
                  clock.instant());
    }
    started.ifPresent(block -> publish(peer, block));
  }

  /** A batch in {@code direction} was accepted (a receipt): the direction is no longer blocked. */
  public void accepted(PartyId peer, Direction direction) {
    Map<Direction, Refusals> link = links.get(peer);
    if (link == null) {
      return;
    }
    Optional<Block> ended;
    synchronized (this) {
      ended = link.get(direction).accepted();
    }
    ended.ifPresent(block -> publishEnd(peer, block));
  }

  /** The link's block, if either direction is blocked (ours first). */
  public synchronized Optional<Block> block(PartyId peer) {
    Map<Direction, Refusals> link = links.get(peer);
    if (link == null) {
      return Optional.empty();
    }
    return link.get(Direction.OUTGOING).block().or(() -> link.get(Direction.INCOMING).block());
  }

  /** Every blocked link and why, for a banner on every console page. */
  public synchronized Map<PartyId, Block> blocked() {
    Map<PartyId, Block> out =
        new java.util.TreeMap<>(java.util.Comparator.comparing(PartyId::value));
    for (PartyId peer : links.keySet()) {
      block(peer).ifPresent(block -> out.put(peer, block));
    }
    return out;
  }

  private Refusals refusals(PartyId peer, Direction direction) {
    return links
        .computeIfAbsent(
            peer,
            id -> {
              Map<Direction, Refusals> both = new EnumMap<>(Direction.class);
              for (Direction each : Direction.values()) {
                both.put(each, new Refusals(each));
              }
              return both;
            })
        .get(direction);
  }

  private void publish(PartyId peer, Block block) {
    org.hotline.LogFields.of(
            org.hotline.LogFields.PEER,
            peer.value(),
            org.hotline.LogFields.EVENT,
            "link.blocked",
            org.hotline.LogFields.KIND,
            block.problem())
        .log(
            () ->
                LOG.warn(
                    "link to {} is BLOCKED: {} batches refused {} times in a row: {} {}",
                    peer,
                    block.direction().name(),
                    Refusals.BLOCK_AFTER,
                    block.problem(),
                    block.detail()));
    events.publish(new Event.LinkBlocked(peer, block));
    listeners.forEach(listener -> listener.blocked(peer, block));
  }

  private void publishEnd(PartyId peer, Block block) {
    org.hotline.LogFields.of(
            org.hotline.LogFields.PEER, peer.value(), org.hotline.LogFields.EVENT, "link.unblocked")
        .log(
            () ->
                LOG.info(
                    "link to {} is no longer blocked: {} batches accepted",
                    peer,
                    block.direction().name()));
    events.publish(new Event.LinkUnblocked(peer, block));
    listeners.forEach(listener -> listener.unblocked(peer, block));
  }
}
