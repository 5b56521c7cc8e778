package org.hotline.testing;

import java.util.HashMap;
import java.util.Map;
import org.hotline.Json;
import org.hotline.app.NodeHome;
import org.hotline.identity.PartyId;
import org.hotline.record.RecordVerifier;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.transcript.NoteVerifier;

/** What {@code hotline verify} finds in a node's store, read while the node may be running. */
public final class Records {
  private Records() {}

  /** Verifies the whole record of the node at {@code home} with its own and its peers' keys. */
  public static RecordVerifier.Report verify(NodeHome home) {
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
      Map<PartyId, NoteVerifier> keys = new HashMap<>();
      keys.put(home.party(), home.signer().verifier());
      store.peers().forEach(peer -> keys.put(peer.id(), peer.card().verifier()));
      return new RecordVerifier(store, keys::get).verify();
    }
  }
}
