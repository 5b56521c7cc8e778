package org.hotline.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.hotline.Json;
import org.hotline.app.Node;
import org.hotline.app.NodeHome;
import org.hotline.identity.PartyId;
import org.hotline.link.Peer;
import org.hotline.store.sqlite.SqliteStore;

/** Real nodes for tests: real data directories, real SQLite files, real HTTPS on loopback. */
public final class Nodes {
  private Nodes() {}

  /**
   * A fresh data directory on free loopback ports. Its console asks no one for a second factor:
   * tests of other things sign in with a password alone, as an operator may configure ({@code
   * "second_factor_roles": []}); SecondFactorConsoleTest uses {@link #requireSecondFactor}.
   */
  public static NodeHome init(Path root, String party) {
    NodeHome home =
        NodeHome.init(
            root.resolve(party),
            PartyId.of(party),
            "Party " + party.toUpperCase(java.util.Locale.ROOT),
            "127.0.0.1",
            freePort(),
            freePort(),
            List.of(),
            Clock.systemUTC());
    configure(home, config -> console(config).putArray("second_factor_roles"));
    return NodeHome.open(home.dir());
  }

  /** The default again: administrators and releasing officers sign in with a second factor. */
  public static void requireSecondFactor(NodeHome home) {
    configure(home, config -> console(config).remove("second_factor_roles"));
  }

  /** The {@code console} object of a hotline.json, created if absent. */
  public static com.fasterxml.jackson.databind.node.ObjectNode console(
      com.fasterxml.jackson.databind.node.ObjectNode config) {
    return config.get("console") instanceof com.fasterxml.jackson.databind.node.ObjectNode console
        ? console
        : config.putObject("console");
  }

  /** Sets the heartbeat interval in the data directory's configuration (tests use short ones). */
  public static void heartbeat(NodeHome home, java.time.Duration interval) {
    try {
      java.nio.file.Path file = home.dir().resolve("hotline.json");
      var config =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              org.hotline.Json.mapper().readTree(file.toFile());
      config.put("heartbeat", interval.toString());
      org.hotline.Json.mapper().writeValue(file.toFile(), config);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Node start(NodeHome home) {
    return start(home, Clock.systemUTC());
  }

  /**
   * Starts (or restarts) the node of {@code home}, reading its hotline.json again, on {@code
   * clock}.
   */
  public static Node start(NodeHome home, Clock clock) {
    return Node.start(NodeHome.open(home.dir()), clock);
  }

  /** Edits a stopped node's hotline.json, as an operator would. */
  public static void configure(
      NodeHome home,
      java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit) {
    java.nio.file.Path file = home.dir().resolve("hotline.json");
    try {
      var config =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              org.hotline.Json.mapper().readTree(file.toFile());
      edit.accept(config);
      org.hotline.Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Waits until each of {@code a} and {@code b} knows the other reads entry format {@code format}
   * and change entries: a node signs a format-4 message, an adoption or a translation only for a
   * peer it knows reads them.
   */
  public static void awaitReads(Node a, Node b, int format) {
    Await.until(
        "each node knows the other reads entry format " + format + " and changes",
        java.time.Duration.ofSeconds(30),
        () -> reads(a, b, format) && reads(b, a, format));
  }

  private static boolean reads(Node node, Node peer, int format) {
    var reads = node.links().capabilities().of(peer.home().party());
    return reads.formats().contains(format) && reads.kinds().contains("change");
  }

  /**
   * Pins each node's card on the other, with the given endpoints (default: the real federation
   * port).
   */
  public static void pair(Node a, Node b) {
    a.addPeer(
        new Peer(b.home().card(), List.of(URI.create("https://127.0.0.1:" + b.federationPort()))));
    b.addPeer(
        new Peer(a.home().card(), List.of(URI.create("https://127.0.0.1:" + a.federationPort()))));
  }

  /**
   * Where the node of {@code home} listens for peers: its configured federation port on loopback.
   */
  public static URI endpoint(NodeHome home) {
    return URI.create("https://127.0.0.1:" + home.config().federationPort());
  }

  /**
   * Pins {@code peer}'s card in the data directory of a node that is not running, reachable at
   * {@code endpoint}, as {@code hotline peer add} does.
   */
  public static void pinWhileStopped(NodeHome home, NodeHome peer, URI endpoint) {
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
      store.add(new Peer(peer.card(), List.of(endpoint)));
    }
  }

  /**
   * A loopback port that is free now and outside the kernel's ephemeral range, so that no outgoing
   * connection (of this test or any other) takes it as its source port before the node binds it: a
   * port picked with {@code new ServerSocket(0)} is in that range and was once taken between the
   * pick and a restart's bind. Each JVM starts at a random point, so parallel test JVMs rarely
   * meet; the bind check covers the rest.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < PORT_SPAN; attempt++) {
      int port = PORT_FLOOR + Math.floorMod(NEXT_PORT.getAndIncrement(), PORT_SPAN);
      try (ServerSocket socket =
          new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try the next one
      }
    }
    throw new IllegalStateException("no free loopback port below the ephemeral range");
  }

  private static final int PORT_FLOOR = 10_000;
  private static final int PORT_SPAN = ephemeralLow() - PORT_FLOOR;
  private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
      new java.util.concurrent.atomic.AtomicInteger(
          java.util.concurrent.ThreadLocalRandom.current().nextInt(PORT_SPAN));

  private static int ephemeralLow() {
    try {
      String range =
          java.nio.file.Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      int low = Integer.parseInt(range.split("\\s+")[0]);
      return low > PORT_FLOOR + 1_000 ? low : 32_768;
    } catch (IOException | RuntimeException unknown) {
      return 32_768;
    }
  }
}
