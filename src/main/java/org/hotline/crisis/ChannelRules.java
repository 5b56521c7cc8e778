package org.hotline.crisis;

import java.util.function.Function;
import org.hotline.ChannelRefusedException;
import org.hotline.identity.PartyId;
import org.hotline.link.ChannelGate;
import org.hotline.link.entry.Precedence;

/**
 * Whether a message may go out on a channel, from the link's shared state (docs/crisis.md,
 * channels): the channel must exist, the peer must not have suspended it for its receiving side,
 * and its agreed settings must allow the message's precedence. Only the peer's suspension refuses
 * our sending: ours stops what we receive, not what we send. Thread-safe: each call reads the state
 * afresh.
 */
public final class ChannelRules implements ChannelGate {
  private final Function<PartyId, SharedState> states;

  /**
   * @param states the state of the link with a peer as this node holds it ({@link Crisis#state})
   */
  public ChannelRules(Function<PartyId, SharedState> states) {
    this.states = states;
  }

  @Override
  public void admit(PartyId peer, String channel, Precedence precedence) {
    Channel found =
        states
            .apply(peer)
            .channel(channel)
            .filter(Channel::exists)
            .orElseThrow(
                () ->
                    new ChannelRefusedException(
                        channel,
                        ChannelRefusedException.Why.UNKNOWN_CHANNEL,
                        "the link has the channels " + names(states.apply(peer)),
                        "the link with " + peer + " has no channel " + Args.clip(channel)));
    Channel.Suspension suspension = found.suspendedBy().get(peer);
    if (suspension != null) {
      throw new ChannelRefusedException(
          channel,
          ChannelRefusedException.Why.SUSPENDED,
          suspension.reason(),
          "channel " + channel + " is suspended by " + peer + ": " + suspension.reason());
    }
    Channel.Settings settings = found.settings().orElseThrow();
    if (!settings.precedences().contains(precedence)) {
      String allowed =
          String.join(", ", settings.precedences().stream().map(Precedence::name).toList());
      throw new ChannelRefusedException(
          channel,
          ChannelRefusedException.Why.PRECEDENCE_NOT_ALLOWED,
          "channel " + channel + " allows " + allowed,
          "channel " + channel + " allows " + allowed + ", not " + precedence);
    }
  }

  private static String names(SharedState state) {
    return String.join(
        ", ", state.channels().stream().filter(Channel::exists).map(Channel::channel).toList());
  }
}
