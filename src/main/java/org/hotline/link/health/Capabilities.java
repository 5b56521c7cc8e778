package org.hotline.link.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hotline.InvalidInputException;
import org.hotline.identity.PartyId;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.Peer;
import org.hotline.link.PeerCapabilities;
import org.hotline.link.PeerTransport;
import org.hotline.link.PeerUnreachableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each peer reads, as last learned from its federation port (docs/protocol.md §11.6). Until a
 * peer has answered, and for a peer that answers 404, it is {@link PeerCapabilities#FORMAT_1_ONLY}:
 * format 1 is what every node reads. A failed request leaves the last known value. A peer is asked
 * when this node first sees it, again when its link recovers from DOWN, and otherwise every {@link
 * #REFRESH_INTERVAL}. Thread-safe.
 */
public final class Capabilities {
  private static final Logger LOG = LoggerFactory.getLogger(Capabilities.class);

  /**
   * How long a peer's answer stands before it is asked again, as often as the checkpoint exchange:
   * a peer upgraded in place without its link going DOWN is seen within this time, for one small
   * request.
   */
  public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(30);

  /** How this node came to know what a peer reads. */
  public enum Source {
    /** Not learned yet: format 1 only is assumed. */
    ASSUMED,
    /** The peer advertised it. */
    ADVERTISED,
    /** The peer's federation port has no capabilities (404): it predates them, format 1 only. */
    NOT_ADVERTISED
  }

  /**
   * What a peer reads, how this node knows it, and when it learned it (null while {@link
   * Source#ASSUMED}). On the API its capabilities' fields stand beside the other two.
   */
  public record Known(
      @com.fasterxml.jackson.annotation.JsonUnwrapped PeerCapabilities capabilities,
      Source source,
      Instant learnedAt) {
    static final Known ASSUMED = new Known(PeerCapabilities.FORMAT_1_ONLY, Source.ASSUMED, null);
  }

  private final Clock clock;
  private final Map<PartyId, Known> known = new ConcurrentHashMap<>();

  /** When each peer was last asked, answered or not; absent when it is due at once. */
  private final Map<PartyId, Instant> asked = new ConcurrentHashMap<>();

  public Capabilities(Clock clock) {
    this.clock = clock;
  }

  /** What {@code peer} reads: format 1 only until it has said more. */
  public PeerCapabilities of(PartyId peer) {
    return known(peer).capabilities();
  }

  public Known known(PartyId peer) {
    return known.getOrDefault(peer, Known.ASSUMED);
  }

  /**
   * Asks {@code peer} what it reads and records the answer; a 404 records format 1 only. When no
   * valid answer comes, logs why and keeps what was known. Returns what is known afterwards.
   */
  public Known learn(Peer peer, PeerTransport transport) {
    asked.put(peer.id(), clock.instant());
    try {
      Optional<PeerCapabilities> advertised = transport.capabilities(peer);
      Known learned =
          advertised
              .map(capabilities -> new Known(capabilities, Source.ADVERTISED, clock.instant()))
              .orElseGet(
                  () ->
                      new Known(
                          PeerCapabilities.FORMAT_1_ONLY, Source.NOT_ADVERTISED, clock.instant()));
      Known before = known.put(peer.id(), learned);
      if (before == null || !before.capabilities().equals(learned.capabilities())) {
        LOG.info(
            "{} reads formats {}, kinds {}, optional fields {} ({})",
            peer.id(),
            learned.capabilities().formats(),
            learned.capabilities().kinds(),
            learned.capabilities().optionalFields(),
            learned.source());
      }
      return learned;
    } catch (PeerUnreachableException | BatchRefusedException | InvalidInputException e) {
      LOG.debug("capabilities of {} not learned: {}", peer.id(), e.getMessage());
      return known(peer.id());
    }
  }

  /**
   * Whether {@code peer} should be asked now: never asked, asked before its link last recovered, or
   * asked {@link #REFRESH_INTERVAL} ago or more.
   */
  public boolean due(PartyId peer) {
    Instant last = asked.get(peer);
    return last == null || !clock.instant().isBefore(last.plus(REFRESH_INTERVAL));
  }

  /** The link to {@code peer} recovered: the peer may have been upgraded while it was down. */
  public void linkRecovered(PartyId peer) {
    asked.remove(peer);
  }
}
