package org.hotline.link;

import java.util.List;
import java.util.Optional;
import org.hotline.identity.PartyId;

/** The pinned peers of this node. Implementations are thread-safe. */
public interface PeerDirectory {
  List<Peer> peers();

  Optional<Peer> peer(PartyId id);

  /** The pinned peer whose TLS certificate has this SHA-256 fingerprint (lowercase hex). */
  default Optional<Peer> byTlsFingerprint(String fingerprint) {
    return peers().stream()
        .filter(p -> p.card().tlsCertificateSha256().equals(fingerprint))
        .findFirst();
  }

  /** Pins a new peer; throws {@code ConflictException} if the party is already paired. */
  void add(Peer peer);

  /** Unpins a peer; its history stays. Throws {@code NotFoundException} if unknown. */
  void remove(PartyId id);
}
