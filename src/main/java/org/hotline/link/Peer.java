package org.hotline.link;

import java.net.URI;
import java.util.List;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.PartyId;

/**
 * A paired party: its identity card as read aloud at pairing, and the federation endpoints to
 * reach it, primary first.
 */
public record Peer(IdentityCard card, List<URI> endpoints) {
  public Peer {
    endpoints = List.copyOf(endpoints);
  }

  public PartyId id() {
    return card.party();
  }
}
