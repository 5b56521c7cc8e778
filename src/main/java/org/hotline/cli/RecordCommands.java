package org.hotline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.hotline.record.Finding;
import org.hotline.record.RecordVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Commands about the record: verify. */
final class RecordCommands {
  private RecordCommands() {}

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Re-check every stored entry, tree, checkpoint, receipt and message. Exit 0 if the record is intact, 1 if not.")
  static final class Verify implements Callable<Integer> {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory (the node may be running).") Path dir;
    @Option(names = "--json", description = "Print the report as JSON.") boolean json;

    Verify(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() {
      long started = System.nanoTime();
      RecordVerifier.Report report = operations.verify(dir);
      double seconds = (System.nanoTime() - started) / 1e9;
      if (json) {
        System.out.println(Output.json(report));
      } else {
        for (Finding finding : report.findings()) {
          System.out.println("FAIL " + finding);
        }
        System.out.printf(
            "%s: %d logs, %d entries, %d checkpoints, %d receipts checked in %.1f s%s%n",
            report.ok() ? "OK" : "FAILED", report.logs(), report.entries(), report.checkpoints(), report.receipts(), seconds,
            report.ok() ? "" : "; " + report.findings().size() + " problems");
      }
      return report.ok() ? 0 : 1;
    }
  }
}
