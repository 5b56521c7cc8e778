package org.hotline.crisis;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.hotline.identity.PartyId;
import org.hotline.link.AckDeadlines;
import org.hotline.link.entry.Precedence;

/**
 * The acknowledgement deadlines of the link, with each channel's own where its agreed settings have
 * one for the precedence (docs/crisis.md, channels). The outbox and the receiver ask for a deadline
 * inside the transaction that stores a message, for every message: so this reads no store, only a
 * table of the channels that have deadlines of their own, which {@link Crisis#follow} refreshes
 * whenever a link's shared state changes. Until the first refresh, and for a channel without its
 * own table, the link's deadlines apply. Thread-safe.
 */
public final class ChannelDeadlines implements AckDeadlines {
  private final AckDeadlines link;

  /** Per peer, per channel, the channel's own deadlines; only channels that have some. */
  private volatile Map<PartyId, Map<String, Map<Precedence, Duration>>> tables = Map.of();

  public ChannelDeadlines(AckDeadlines link) {
    this.link = link;
  }

  /** Takes the channels' deadlines on the link with {@code peer} from {@code state}. */
  public synchronized void refresh(PartyId peer, SharedState state) {
    Map<String, Map<Precedence, Duration>> own = new HashMap<>();
    for (Channel channel : state.channels()) {
      channel
          .settings()
          .filter(settings -> !settings.deadlines().isEmpty())
          .ifPresent(settings -> own.put(channel.channel(), new EnumMap<>(settings.deadlines())));
    }
    Map<PartyId, Map<String, Map<Precedence, Duration>>> next = new HashMap<>(tables);
    if (own.isEmpty()) {
      next.remove(peer);
    } else {
      next.put(peer, Map.copyOf(own));
    }
    tables = Map.copyOf(next);
  }

  @Override
  public Duration ackDeadline(PartyId peer, Precedence precedence) {
    return link.ackDeadline(peer, precedence);
  }

  @Override
  public Duration ackDeadline(PartyId peer, String channel, Precedence precedence) {
    Map<String, Map<Precedence, Duration>> link = tables.get(peer);
    Duration own =
        link == null || channel == null
            ? null
            : link.getOrDefault(channel, Map.of()).get(precedence);
    return own != null ? own : this.link.ackDeadline(peer, precedence);
  }
}
