package org.hotline.app;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.Json;
import org.hotline.federation.FederationClient;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.PartyId;
import org.hotline.link.Peer;
import org.hotline.link.Recovery;
import org.hotline.store.sqlite.SqliteStore;

/**
 * {@code hotline recover --from-peer}: a node restored from a backup older than its last batch gets
 * the entries of its own log back from the peer, over the pinned mutual-TLS link, and declares void
 * what it may have signed beyond them (docs/operations.md §10.7). The node must not run: until the
 * recovery is done, it sends nothing.
 */
final class Recoveries {
  private Recoveries() {}

  /**
   * Recovers the log of the node in {@code dir} to {@code peer}. {@code card} and {@code endpoints}
   * pin the peer again in a directory whose database was lost (only the keys and {@code
   * hotline.json} kept): the database is then created, empty, and the mark is unknown unless {@code
   * signed-mark.json} survived. They must be null and empty for a directory that has its database.
   */
  static Recovery.Result recover(
      Path dir, PartyId peer, IdentityCard card, List<URI> endpoints, Clock clock) {
    NodeHome home = NodeHome.open(dir);
    refuseIfRunning(home);
    Path database = home.dir().resolve(NodeHome.DATABASE);
    if (databaseLost(database)) {
      if (card == null || endpoints.isEmpty()) {
        throw new InvalidInputException(
            "peer-card",
            home.dir()
                + " has no database: restore the latest backup first (hotline restore), or, if there"
                + " is none, give the peer's identity card (--peer-card) and its endpoint"
                + " (--endpoint) to pin it again");
      }
      if (!card.party().equals(peer)) {
        throw new InvalidInputException(
            "peer-card", "the card is " + card.party() + "'s, not " + peer + "'s");
      }
      if (card.party().equals(home.party())) {
        throw new InvalidInputException("peer-card", "that is this node's own card");
      }
      if (!Files.exists(home.dir().resolve(MarkFile.NAME))) {
        // The disk was lost with the mark: what was signed beyond the peer's copy is unknown.
        MarkFile.markRestored(home.dir());
      }
      try {
        Files.deleteIfExists(home.dir().resolve(NodeHome.DATABASE + "-wal"));
        Files.deleteIfExists(home.dir().resolve(NodeHome.DATABASE + "-shm"));
      } catch (IOException e) {
        throw new InvalidInputException("dir", "cannot write in " + dir + ": " + e.getMessage());
      }
      try (SqliteStore store = SqliteStore.open(database, Json.mapper())) {
        store.add(new Peer(card, endpoints, Peer.Mode.PUSH));
      }
    } else if (card != null || !endpoints.isEmpty()) {
      // A keys-only recovery run again: its first run created the database and pinned this card.
      boolean samePin;
      try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
        samePin = store.peer(peer).map(pinned -> pinned.card().equals(card)).orElse(false);
      }
      if (!samePin) {
        throw new InvalidInputException(
            "peer-card",
            "--peer-card and --endpoint are for a directory whose database was lost; "
                + home.dir()
                + " has one, and the peer pinned in it is used");
      }
    }
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
      if (store.peer(peer).isEmpty()) {
        // Refused before anything is written (the mark file, the database's note of it).
        throw new InvalidInputException("from-peer", "no peer " + peer + " is paired");
      }
    }
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper());
        FederationClient transport = new FederationClient(home.tls())) {
      return new Recovery(
              home.party(),
              home.signer(),
              store,
              store,
              transport,
              MarkFile.openFor(home.dir(), home.party(), store),
              new org.hotline.link.receive.Receiver(
                      home.party(),
                      home.signer(),
                      store,
                      clock,
                      alarm -> {},
                      new org.hotline.event.EventBus(clock),
                      WatchSettings.deadlines(home.config()))
                  ::accept,
              WatchSettings.deadlines(home.config()),
              clock,
              new SecureRandom())
          .recover(peer);
    }
  }

  private static boolean databaseLost(Path database) {
    try {
      return !Files.isRegularFile(database) || Files.size(database) == 0;
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * A running node holds its federation port: if the port can be bound here, no node of this
   * directory runs (a node that is starting could still take it, which the operator must not do
   * while recovering).
   */
  private static void refuseIfRunning(NodeHome home) {
    NodeConfig config = home.config();
    try (ServerSocket probe =
        new ServerSocket(
            config.federationPort(), 1, InetAddress.getByName(config.federationBind()))) {
      probe.setReuseAddress(true);
    } catch (BindException e) {
      throw new ConflictException(
          "the node of "
              + home.dir()
              + " appears to be running (its federation port "
              + config.federationBind()
              + ":"
              + config.federationPort()
              + " is in use): stop it before recovering");
    } catch (IOException e) {
      throw new ConflictException(
          "cannot tell whether the node of " + home.dir() + " runs: " + e.getMessage());
    }
  }
}
