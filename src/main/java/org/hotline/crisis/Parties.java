package org.hotline.crisis;

import org.hotline.identity.PartyId;

/** The two parties of a link: this node's and its peer's. */
public record Parties(PartyId self, PartyId peer) {
  public Parties {
    if (self.equals(peer)) {
      throw new IllegalArgumentException("a link joins two parties, not " + self + " and itself");
    }
  }

  /** The party at the other end from {@code party}, one of the two. */
  public PartyId other(PartyId party) {
    return party.equals(self) ? peer : self;
  }

  public boolean contains(PartyId party) {
    return party.equals(self) || party.equals(peer);
  }
}
