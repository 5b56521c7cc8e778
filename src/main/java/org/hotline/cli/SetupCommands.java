package org.hotline.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hotline.Json;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.PartyId;
import org.hotline.link.Peer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands that set up a node: init, identity, peer. They work on the data directory directly. */
final class SetupCommands {
  private SetupCommands() {}

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = "Create a node's data directory: config, keys, API token, database.")
  static final class Init implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory to create.")
    Path dir;

    @Option(
        names = "--party",
        required = true,
        description = "Party id, e.g. us: [a-z][a-z0-9-]{1,31}.")
    String party;

    @Option(
        names = "--name",
        required = true,
        description = "Display name, e.g. \"United States\".")
    String name;

    @Option(
        names = "--federation-port",
        defaultValue = "7443",
        description = "Federation (node-to-node) port. Default: ${DEFAULT-VALUE}.")
    int federationPort;

    @Option(
        names = "--console-port",
        defaultValue = "8080",
        description = "Console/API port, on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
    int consolePort;

    @Option(
        names = "--federation-bind",
        defaultValue = "127.0.0.1",
        description =
            "Address the federation port listens on. Default: ${DEFAULT-VALUE}; use 0.0.0.0 to reach peers on other hosts.")
    String federationBind;

    @Option(
        names = "--endpoint",
        description =
            "Public https://HOST:PORT of the federation port, for the identity card (repeatable). Default: https://<federation-bind>:<federation-port>.")
    List<String> endpoints = List.of();

    Init(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      IdentityCard card =
          operations.init(
              new NodeOperations.InitOptions(
                  dir,
                  PartyId.of(party),
                  name,
                  federationBind,
                  federationPort,
                  consolePort,
                  endpoints));
      System.out.println("Created node " + card.party() + " (" + card.name() + ") in " + dir);
      System.out.println("Fingerprint: " + card.fingerprint());
      System.out.println(
          "Next: hotline identity --dir "
              + dir
              + " --out "
              + card.party()
              + ".card.json, and send that card to your peer.");
    }
  }

  @Command(
      name = "identity",
      mixinStandardHelpOptions = true,
      description = "Write this node's identity card and print its fingerprint.")
  static final class Identity implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Option(
        names = "--out",
        description = "Write the card (JSON) to this file; without it, print the card.")
    Path out;

    @Option(names = "--json", description = "Print the card as JSON only.")
    boolean json;

    Identity(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      IdentityCard card = operations.identity(dir);
      String text = Output.json(card);
      if (out != null) {
        try {
          Files.writeString(out, text + "\n");
        } catch (IOException e) {
          throw new CliException("cannot write " + out + ": " + e.getMessage());
        }
      }
      if (json) {
        System.out.println(text);
        return;
      }
      if (out == null) {
        System.out.println(text);
      } else {
        System.out.println("Wrote the identity card of " + card.party() + " to " + out);
      }
      System.out.println("Fingerprint of " + card.party() + " (read it aloud to your peer):");
      System.out.println("  " + card.fingerprint());
    }
  }

  @Command(
      name = "peer",
      mixinStandardHelpOptions = true,
      description = "Pair with, list or unpair peers.",
      subcommands = {PeerAdd.class, PeerList.class, PeerRemove.class})
  static final class PeerCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "say add, list or remove");
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Pin a peer from its identity card. Check its fingerprint aloud first.")
  static final class PeerAdd implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Option(
        names = "--card",
        required = true,
        description = "The peer's identity card (JSON file).")
    Path cardFile;

    @Option(
        names = "--endpoint",
        required = true,
        description =
            "https://HOST:PORT of the peer's federation port (repeatable: primary first, then backups).")
    List<String> endpoints;

    @Option(
        names = "--mode",
        defaultValue = "PUSH",
        description =
            "PUSH (both sides send), PULL (we fetch the peer's log: it cannot reach us) or PULLED (the peer fetches ours: we cannot reach it). Default: ${DEFAULT-VALUE}.")
    Peer.Mode mode;

    PeerAdd(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      IdentityCard card = readCard(cardFile);
      List<URI> uris = endpoints.stream().map(Output::endpoint).toList();
      operations.addPeer(dir, card, uris, mode);
      System.out.println(
          "Paired with "
              + card.party()
              + " ("
              + TerminalText.line(card.name())
              + ") at "
              + uris.get(0));
      System.out.println(
          "Fingerprint: " + card.fingerprint() + "  (it must match what the peer read to you)");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List pinned peers.")
  static final class PeerList implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    PeerList(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      List<Peer> peers = operations.peers(dir);
      if (json) {
        System.out.println(Output.json(peers));
        return;
      }
      if (peers.isEmpty()) {
        System.out.println(
            "No peers. Pair with one: hotline peer add --dir "
                + dir
                + " --card FILE --endpoint https://HOST:PORT");
      }
      for (Peer peer : peers) {
        System.out.printf(
            "%-10s %-30s %s%n           fingerprint %s%n",
            peer.id(),
            TerminalText.line(peer.card().name()),
            peer.endpoints(),
            peer.card().fingerprint());
      }
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Unpin a peer. Its history stays on record.")
  static final class PeerRemove implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Parameters(index = "0", description = "Party id of the peer.")
    String party;

    PeerRemove(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      operations.removePeer(dir, PartyId.of(party));
      System.out.println("Removed peer " + party);
    }
  }

  /** A peer's identity card from a JSON file; one line naming the file if it does not read. */
  static IdentityCard readCard(Path cardFile) {
    try {
      return Json.mapper().readValue(Files.readAllBytes(cardFile), IdentityCard.class);
    } catch (IOException e) {
      throw new CliException(
          "cannot read the identity card " + cardFile + ": " + Output.firstLine(e.getMessage()));
    }
  }
}
