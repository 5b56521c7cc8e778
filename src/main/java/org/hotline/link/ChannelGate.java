package org.hotline.link;

import org.hotline.identity.PartyId;
import org.hotline.link.entry.Precedence;

/**
 * Whether a message may go out on a channel of a link, asked by the outbox before it accepts a
 * message. The channels, their settings and their suspensions are shared state of the link, agreed
 * by signed changes (docs/crisis.md); this interface lets the link ask without knowing them.
 * Implementations are thread-safe.
 */
@FunctionalInterface
public interface ChannelGate {
  /** Lets every message through: a node that keeps no channels. */
  ChannelGate OPEN = (peer, channel, precedence) -> {};

  /**
   * Returns if a message to {@code peer} on {@code channel} at {@code precedence} may be accepted
   * now; throws {@link org.hotline.ChannelRefusedException} naming the channel and why if not.
   */
  void admit(PartyId peer, String channel, Precedence precedence);
}
