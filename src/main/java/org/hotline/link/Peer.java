package org.hotline.link;

import java.net.URI;
import java.util.List;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.PartyId;

/**
 * A paired party: its identity card as read aloud at pairing, and the federation endpoints to reach
 * it, primary first.
 */
public record Peer(IdentityCard card, List<URI> endpoints, Mode mode) {
  /**
   * Which way entries travel when a firewall lets connections go only one way.
   *
   * <ul>
   *   <li>PUSH: each side sends its own log to the other (the default);
   *   <li>PULL: we fetch the peer's log from its federation port, because it cannot reach us; we
   *       still push ours;
   *   <li>PULLED: the peer fetches our log, because we cannot reach it; we do not push.
   * </ul>
   */
  public enum Mode {
    PUSH,
    PULL,
    PULLED
  }

  public Peer {
    endpoints = List.copyOf(endpoints);
    mode = mode == null ? Mode.PUSH : mode;
  }

  public Peer(IdentityCard card, List<URI> endpoints) {
    this(card, endpoints, Mode.PUSH);
  }

  public PartyId id() {
    return card.party();
  }
}
