package org.hotline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hotline.record.Finding;
import org.hotline.record.RecordVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Commands about the record: verify, export, verify-export. */
final class RecordCommands {
  private RecordCommands() {}

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write the full transcript of a link (both directions, checkpoints, receipts, both identity cards) to one file.")
  static final class Export implements Callable<Integer> {
    private final NodeOperations operations;

    @Option(
        names = "--dir",
        required = true,
        description = "Data directory (the node may be running).")
    Path dir;

    @Option(names = "--peer", required = true, description = "Party id of the peer.")
    String peer;

    @Option(names = "--out", required = true, description = "File to write (must not exist).")
    Path out;

    Export(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() {
      long entries = operations.export(dir, org.hotline.identity.PartyId.of(peer), out);
      System.out.println(
          "Wrote "
              + entries
              + " entries to "
              + out
              + "; check it with: hotline verify-export "
              + out);
      return 0;
    }
  }

  @Command(
      name = "verify-export",
      mixinStandardHelpOptions = true,
      description =
          "Check an exported transcript without any database or node. Exit 0 if it verifies, 1 if not.")
  static final class VerifyExport implements Callable<Integer> {
    @picocli.CommandLine.Parameters(index = "0", description = "The transcript file.")
    Path file;

    @Option(
        names = "--card",
        description =
            "An identity card obtained independently (repeat for both parties); overrides the card in the file.")
    java.util.List<Path> cards = java.util.List.of();

    @Option(
        names = "--html",
        description = "Also write a readable transcript (HTML) with each entry's proof status.")
    Path html;

    @Option(
        names = "--witness-key",
        description =
            "The key of a witness you trust, from its operator (repeatable): its cosignatures in the file must verify, and there must be at least one.")
    java.util.List<String> witnessKeys = java.util.List.of();

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Override
    public Integer call() {
      java.util.List<org.hotline.identity.IdentityCard> given = new java.util.ArrayList<>();
      for (Path card : cards) {
        try {
          given.add(
              org.hotline.Json.mapper()
                  .readValue(
                      java.nio.file.Files.readAllBytes(card),
                      org.hotline.identity.IdentityCard.class));
        } catch (java.io.IOException e) {
          throw new CliException(
              "cannot read the identity card " + card + ": " + Output.firstLine(e.getMessage()));
        }
      }
      java.util.List<org.hotline.transcript.NoteVerifier> witnesses = new java.util.ArrayList<>();
      for (String key : witnessKeys) {
        try {
          witnesses.add(org.hotline.transcript.NoteVerifier.parse(key));
        } catch (IllegalArgumentException e) {
          throw new CliException(
              "--witness-key " + key + " is not a verifier key: " + e.getMessage());
        }
      }
      org.hotline.record.TranscriptVerifier.Result result;
      try (var in = java.nio.file.Files.newInputStream(file)) {
        result = new org.hotline.record.TranscriptVerifier().verify(in, given, witnesses);
      } catch (java.io.IOException e) {
        throw new CliException("cannot read " + file + ": " + e.getMessage());
      }
      if (html != null) {
        try (var out = java.nio.file.Files.newBufferedWriter(html)) {
          org.hotline.record.TranscriptHtml.write(result, out);
        } catch (java.io.IOException e) {
          throw new CliException("cannot write " + html + ": " + e.getMessage());
        }
      }
      if (json) {
        System.out.println(
            Output.json(
                java.util.Map.of(
                    "ok",
                    result.ok(),
                    "entries",
                    result.entryCount(),
                    "findings",
                    result.findings(),
                    "uninterpretable",
                    result.uninterpretable(),
                    "witnessed",
                    result.witnessed())));
      } else {
        for (Finding finding : result.findings()) {
          System.out.println("FAIL " + TerminalText.line(finding.toString()));
        }
        printUninterpretable(result.uninterpretable());
        for (org.hotline.record.WitnessCheck.Witnessed witnessed : result.witnessed()) {
          System.out.println(
              "WITNESSED "
                  + witnessed.log()
                  + " up to "
                  + witnessed.size()
                  + " by "
                  + witnessed.witness());
        }
        System.out.println(
            (result.ok() ? "OK: " : "FAILED: ")
                + result.entryCount()
                + " entries checked"
                + (given.isEmpty()
                    ? " against the cards in the file"
                    : " against the cards given"));
      }
      return result.ok() ? 0 : 1;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Re-check every stored entry, tree, checkpoint, receipt and message. Exit 0 if the record is intact, 1 if not.")
  static final class Verify implements Callable<Integer> {
    private final NodeOperations operations;

    @Option(
        names = "--dir",
        required = true,
        description = "Data directory (the node may be running).")
    Path dir;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    Verify(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() {
      return verify(operations, dir, json);
    }
  }

  /**
   * Runs {@code hotline verify} on {@code dir} and prints its report; returns its exit status: 0 if
   * the record is intact, 1 if not.
   */
  static int verify(NodeOperations operations, Path dir, boolean json) {
    long started = System.nanoTime();
    RecordVerifier.Report report = operations.verify(dir);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (json) {
      System.out.println(Output.json(report));
    } else {
      for (Finding finding : report.findings()) {
        System.out.println("FAIL " + TerminalText.line(finding.toString()));
      }
      printUninterpretable(report.uninterpretable());
      for (RecordVerifier.SharedObjects shared : report.shared()) {
        System.out.printf(
            "shared objects %s: %d incidents, %d commitments, %d concerns, %d refused changes;"
                + " state hash %s at %s%n",
            shared.link(),
            shared.incidents(),
            shared.commitments(),
            shared.concerns(),
            shared.refused(),
            shared.stateHash(),
            shared.sizes());
      }
      System.out.printf(
          "%s: %d logs, %d entries, %d checkpoints, %d receipts checked in %.1f s%s%n",
          report.ok() ? "OK" : "FAILED",
          report.logs(),
          report.entries(),
          report.checkpoints(),
          report.receipts(),
          seconds,
          report.ok() ? "" : "; " + report.findings().size() + " problems");
    }
    return report.ok() ? 0 : 1;
  }

  /**
   * Entries stored as their writer signed them that cannot be interpreted: findings, not faults
   * (docs/record.md).
   */
  private static void printUninterpretable(java.util.List<Finding> entries) {
    for (Finding entry : entries) {
      System.out.println(
          "NOTE "
              + TerminalText.line(entry.toString())
              + " (uninterpretable entry, stored as signed)");
    }
  }
}
