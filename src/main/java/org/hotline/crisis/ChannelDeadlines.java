package org.hotline.crisis;

import java.time.Duration;
import java.util.function.Function;
import org.hotline.HotlineException;
import org.hotline.identity.PartyId;
import org.hotline.link.AckDeadlines;
import org.hotline.link.entry.Precedence;

/**
 * The acknowledgement deadlines of the link, with each channel's own where its agreed settings have
 * one for the precedence (docs/crisis.md, channels). Built before the shared state can be read (the
 * link is built first), and told where to read it with {@link #use}; until then, and for a channel
 * without its own table, the link's deadlines apply. Thread-safe.
 */
public final class ChannelDeadlines implements AckDeadlines {
  private final AckDeadlines link;
  private volatile Function<PartyId, SharedState> states;

  public ChannelDeadlines(AckDeadlines link) {
    this.link = link;
  }

  /** Reads the channels' settings from {@code states} from now on ({@link Crisis#state}). */
  public void use(Function<PartyId, SharedState> states) {
    this.states = states;
  }

  @Override
  public Duration ackDeadline(PartyId peer, Precedence precedence) {
    return link.ackDeadline(peer, precedence);
  }

  @Override
  public Duration ackDeadline(PartyId peer, String channel, Precedence precedence) {
    Function<PartyId, SharedState> read = states;
    if (read != null) {
      try {
        Duration own =
            read.apply(peer)
                .channel(channel)
                .flatMap(Channel::settings)
                .map(settings -> settings.deadlines().get(precedence))
                .orElse(null);
        if (own != null) {
          return own;
        }
      } catch (HotlineException e) {
        // a peer no longer paired: the link's table, as for any unknown channel
      }
    }
    return link.ackDeadline(peer, precedence);
  }
}
