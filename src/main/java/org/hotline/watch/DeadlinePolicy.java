package org.hotline.watch;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.hotline.InvalidInputException;
import org.hotline.identity.PartyId;
import org.hotline.link.AckDeadlines;
import org.hotline.link.entry.Precedence;

/**
 * The acknowledgement deadlines a node applies: the defaults of the product brief (FLASH 10 min,
 * IMMEDIATE 30 min, PRIORITY 3 h, ROUTINE 6 h), replaced per precedence for every link, and again
 * per peer for the links whose agreement says otherwise. Both ends of a link should configure the
 * same values; each computes a message's deadline from the message's signed creation time.
 *
 * <p>Immutable and thread-safe.
 */
public final class DeadlinePolicy implements AckDeadlines {
  /** Shorter than this, no person could read and answer even a FLASH message. */
  public static final Duration DEADLINE_MIN = Duration.ofMinutes(1);

  /** Longer than this, a deadline no longer says anything about urgency. */
  public static final Duration DEADLINE_MAX = Duration.ofDays(7);

  private final Map<Precedence, Duration> node;
  private final Map<PartyId, Map<Precedence, Duration>> links;

  private DeadlinePolicy(
      Map<Precedence, Duration> node, Map<PartyId, Map<Precedence, Duration>> links) {
    this.node = node;
    this.links = links;
  }

  public static DeadlinePolicy defaults() {
    return of(Map.of(), Map.of());
  }

  /**
   * The node's deadlines: the defaults of {@link Precedence}, replaced where configured.
   *
   * @param overrides deadlines for every link, replacing the defaults precedence by precedence
   * @param perPeer deadlines for one link, replacing both
   * @throws InvalidInputException naming the first deadline outside {@link #DEADLINE_MIN}..{@link
   *     #DEADLINE_MAX}
   */
  public static DeadlinePolicy of(
      Map<Precedence, Duration> overrides, Map<PartyId, Map<Precedence, Duration>> perPeer) {
    Map<Precedence, Duration> node = new EnumMap<>(Precedence.class);
    for (Precedence precedence : Precedence.values()) {
      node.put(precedence, precedence.defaultAckDeadline());
    }
    node.putAll(checked(overrides, "deadlines"));
    Map<PartyId, Map<Precedence, Duration>> links = new HashMap<>();
    perPeer.forEach(
        (peer, deadlines) -> links.put(peer, checked(deadlines, "link_deadlines." + peer)));
    return new DeadlinePolicy(Map.copyOf(node), Map.copyOf(links));
  }

  private static Map<Precedence, Duration> checked(
      Map<Precedence, Duration> deadlines, String field) {
    Map<Precedence, Duration> out = new EnumMap<>(Precedence.class);
    deadlines.forEach(
        (precedence, deadline) -> {
          if (deadline == null
              || deadline.compareTo(DEADLINE_MIN) < 0
              || deadline.compareTo(DEADLINE_MAX) > 0) {
            throw new InvalidInputException(
                field + "." + precedence,
                "the "
                    + precedence
                    + " deadline must be "
                    + DEADLINE_MIN
                    + " to "
                    + DEADLINE_MAX
                    + ", got "
                    + deadline);
          }
          out.put(precedence, deadline);
        });
    return Map.copyOf(out);
  }

  @Override
  public Duration ackDeadline(PartyId peer, Precedence precedence) {
    Map<Precedence, Duration> link = links.get(peer);
    if (link != null && link.containsKey(precedence)) {
      return link.get(precedence);
    }
    return node.get(precedence);
  }
}
