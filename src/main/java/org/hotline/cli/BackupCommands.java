package org.hotline.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Backup and restore of a data directory (docs/operations.md §10). */
final class BackupCommands {
  private BackupCommands() {}

  @Command(
      name = "backup",
      mixinStandardHelpOptions = true,
      description =
          "Write a consistent backup of a data directory (the node may be running) to one archive"
              + " file, readable by its owner only, and print its manifest's SHA-256. The archive"
              + " holds the node's private keys: protect it as you protect them.")
  static final class Backup implements Callable<Integer> {
    private final NodeOperations operations;

    @Option(
        names = "--dir",
        required = true,
        description = "Data directory (the node may be running).")
    Path dir;

    @Option(names = "--out", required = true, description = "Archive file to write.")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    Backup(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() {
      NodeOperations.BackupResult result = operations.backup(dir, out, force);
      System.out.println(
          "Backed up "
              + result.party()
              + " ("
              + result.files()
              + " files, "
              + result.bytes()
              + " bytes) to "
              + TerminalText.line(result.out().toString()));
      for (String left : result.notIncluded()) {
        System.out.println("NOTE not in the archive: " + TerminalText.line(left));
      }
      System.out.println("manifest sha256 " + result.manifestSha256());
      System.out.println(
          "The archive holds this node's private keys: keep it as you keep signing.key.");
      return 0;
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description =
          "Check a backup archive (its manifest and every file's SHA-256), restore it into a new or"
              + " empty directory, then run hotline verify on it. Exit 0 if the restored record"
              + " verifies, 1 if not; nothing is written if the archive does not check.")
  static final class Restore implements Callable<Integer> {
    private final NodeOperations operations;

    @Option(names = "--in", required = true, description = "Archive written by hotline backup.")
    Path in;

    @Option(
        names = "--dir",
        required = true,
        description = "Data directory to create (or an empty one).")
    Path dir;

    @Option(
        names = "--manifest-sha256",
        description = "The SHA-256 hotline backup printed; the archive is refused if it differs.")
    String manifestSha256;

    @Option(names = "--json", description = "Print verify's report as JSON.")
    boolean json;

    Restore(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() {
      NodeOperations.RestoreResult result = operations.restore(in, dir, manifestSha256);
      String restored =
          "Restored "
              + result.party()
              + " as backed up at "
              + result.created()
              + " ("
              + result.files()
              + " files, "
              + result.bytes()
              + " bytes) into "
              + TerminalText.line(result.dir().toString())
              + "; manifest sha256 "
              + result.manifestSha256();
      if (json) {
        System.err.println(restored);
      } else {
        System.out.println(restored);
      }
      return RecordCommands.verify(operations, result.dir(), json);
    }
  }

  @Command(
      name = "recover",
      mixinStandardHelpOptions = true,
      description =
          "On a node restored from a backup (stopped), fetch the entries of its own log to a peer"
              + " back from that peer, over the pinned link, checking each against this node's"
              + " signatures, the tree and the peer's cosignatures; declare void what it may have"
              + " signed beyond them; then run hotline verify. Exit 0 if recovered and verified.")
  static final class Recover implements Callable<Integer> {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory (node stopped).")
    Path dir;

    @Option(
        names = "--from-peer",
        required = true,
        description = "The peer whose copy of this node's log to it is fetched.")
    String peer;

    @Option(
        names = "--peer-card",
        description =
            "Only when the directory lost its database (keys and hotline.json kept, no backup):"
                + " the peer's identity card (JSON file), to pin it again.")
    Path cardFile;

    @Option(
        names = "--endpoint",
        description =
            "With --peer-card: the peer's federation endpoint https://HOST:PORT (repeatable).")
    List<String> endpoints = List.of();

    @Option(names = "--json", description = "Print verify's report as JSON.")
    boolean json;

    Recover(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() {
      org.hotline.identity.IdentityCard card =
          cardFile == null ? null : SetupCommands.readCard(cardFile);
      org.hotline.link.Recovery.Result result =
          operations.recover(
              dir,
              org.hotline.identity.PartyId.of(peer),
              card,
              endpoints.stream().map(Output::endpoint).toList());
      String voided =
          result.signedUpTo() >= result.recoverySeq()
              ? "positions "
                  + result.recoverySeq()
                  + ".."
                  + result.signedUpTo()
                  + " as signed before are void"
                  + (result.markKnown()
                      ? ""
                      : " (the high-water mark was unknown after the restore: bounded by what"
                          + " can be in flight)")
              : "no position signed before is void";
      String text =
          "Recovered "
              + result.log()
              + " from "
              + result.peer()
              + ": the database held "
              + result.restored()
              + " entries, "
              + result.peer()
              + " holds "
              + result.peerHeld()
              + " (signed by both), "
              + result.recovered()
              + " recovered, and "
              + result.mirrored()
              + " entries of "
              + result.peer()
              + "'s log to this node fetched again; the recovery entry at "
              + result.recoverySeq()
              + " says "
              + voided
              + ". Start the node.";
      if (json) {
        System.err.println(text);
      } else {
        System.out.println(text);
      }
      return RecordCommands.verify(operations, dir, json);
    }
  }
}
