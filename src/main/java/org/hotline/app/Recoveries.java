package org.hotline.app;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.hotline.ConflictException;
import org.hotline.Json;
import org.hotline.federation.FederationClient;
import org.hotline.identity.PartyId;
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

  static Recovery.Result recover(Path dir, PartyId peer, Clock clock) {
    NodeHome home = NodeHome.open(dir);
    refuseIfRunning(home);
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper());
        FederationClient transport = new FederationClient(home.tls())) {
      return new Recovery(
              home.party(),
              home.signer(),
              store,
              store,
              transport,
              MarkFile.open(home.dir()),
              WatchSettings.deadlines(home.config()),
              clock,
              new SecureRandom())
          .recover(peer);
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
