package org.hotline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.hotline.Json;
import org.hotline.identity.IdentityCard;
import org.hotline.link.Peer;
import org.hotline.testing.Nodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store reads a peer's identity card once per stored text, not once per batch, and still sees a
 * peer that another process (the CLI) changed in the same file.
 */
class PeerRowsTest {
  @TempDir Path dir;

  @Test
  void a_peer_unchanged_is_read_once_and_a_peer_changed_elsewhere_is_read_again() {
    IdentityCard card = Nodes.init(dir, "cn").card();
    URI first = URI.create("https://127.0.0.1:9001");
    URI second = URI.create("https://127.0.0.1:9002");
    try (SqliteStore store = SqliteStore.open(dir.resolve("hotline.db"), Json.mapper())) {
      store.add(new Peer(card, List.of(first)));
      Peer once = store.peer(card.party()).orElseThrow();

      assertThat(store.peer(card.party()).orElseThrow()).isSameAs(once);
      assertThat(store.peers()).singleElement().isSameAs(once);
      assertThat(store.byTlsFingerprint(card.tlsCertificateSha256())).containsSame(once);

      store.transaction(
          handle ->
              handle
                  .createUpdate("UPDATE peers SET endpoints = ? WHERE party = ?")
                  .bind(0, "[\"" + second + "\"]")
                  .bind(1, card.party().value())
                  .execute());

      assertThat(store.peer(card.party()).orElseThrow().endpoints()).containsExactly(second);
      assertThat(store.peers())
          .singleElement()
          .extracting(Peer::endpoints)
          .isEqualTo(List.of(second));
    }
  }
}
