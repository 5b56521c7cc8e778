package org.hotline.link;

import java.time.Duration;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.Precedence;

/**
 * How long a person on the receiving side has to acknowledge (or decline) a message, by link and
 * precedence. The deadline of a message is its signed creation time plus this duration, so both
 * nodes compute the same instant when their settings agree, as the link agreement says they should.
 * Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface AckDeadlines {
  /** The defaults of {@link Precedence#defaultAckDeadline()}, for every link. */
  AckDeadlines DEFAULTS = (peer, precedence) -> precedence.defaultAckDeadline();

  Duration ackDeadline(PartyId peer, Precedence precedence);

  /**
   * The deadline of a message on {@code channel}: the channel's own table where the parties agreed
   * one (docs/crisis.md, channels), else the link's. The link's, unless overridden.
   */
  default Duration ackDeadline(PartyId peer, String channel, Precedence precedence) {
    return ackDeadline(peer, precedence);
  }

  /**
   * When an acknowledgement of a message on the link with {@code peer} is due: its signed creation
   * time plus the deadline for its precedence. The one place both the sender and the receiver of a
   * message compute it.
   */
  default java.time.Instant dueAt(PartyId peer, Precedence precedence, java.time.Instant created) {
    return created.plus(ackDeadline(peer, precedence));
  }

  /**
   * When an acknowledgement of a message on {@code channel} of the link with {@code peer} is due:
   * its signed creation time plus the channel's deadline for its precedence. Every place that
   * computes a message's due time (the sender's outbox, the receiver, recovery) calls this one,
   * with the channel the message's entry names.
   */
  default java.time.Instant dueAt(
      PartyId peer, String channel, Precedence precedence, java.time.Instant created) {
    return created.plus(ackDeadline(peer, channel, precedence));
  }
}
