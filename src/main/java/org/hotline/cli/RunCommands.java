package org.hotline.cli;

import java.nio.file.Path;
import org.hotline.link.BatchLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Long-running commands: serve, demo, bench. */
final class RunCommands {
  private RunCommands() {}

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Run the node: federation port, console/API port, dispatchers.")
  static final class Serve implements java.util.concurrent.Callable<Integer> {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    Serve(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() throws InterruptedException {
      operations.serve(dir);
      return 0;
    }
  }

  @Command(
      name = "demo",
      mixinStandardHelpOptions = true,
      description = "Start a seeded two-party network (us, cn) on this machine. Ctrl-C stops it.")
  static final class Demo implements java.util.concurrent.Callable<Integer> {
    private final NodeOperations operations;

    @Option(
        names = "--dir",
        defaultValue = "demo-data",
        description =
            "Where the two nodes keep their data; reused if present. Default: ${DEFAULT-VALUE}.")
    Path dir;

    Demo(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() throws InterruptedException {
      operations.demo(dir);
      return 0;
    }
  }

  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = {
        "Measure delivery between two node processes on loopback (the link benchmark).",
        "With --record N: fill two nodes' stores with N messages through the real link code in this process, for timing hotline verify.",
        "With --proofs: measure inclusion and consistency proofs at 10^3, 10^5 and 10^7 entries."
      })
  static final class Bench implements java.util.concurrent.Callable<Integer> {
    private final NodeOperations operations;

    @Option(
        names = "--messages",
        defaultValue = "100000",
        description = "Messages in the throughput run (1 KiB bodies). Default: ${DEFAULT-VALUE}.")
    int messages;

    @Option(
        names = "--warmup",
        paramLabel = "N",
        defaultValue = "20000",
        description =
            "Messages delivered before the throughput run and not measured, so that it measures compiled code rather than the JIT compiler; 0 for none. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(
        names = "--record",
        description =
            "Instead: write N messages from us to cn into two new data directories under --dir, and print where.")
    Integer record;

    @Option(
        names = "--dir",
        description =
            "With --record: where to create the two data directories (must not hold nodes). Default: a new temporary directory.")
    Path dir;

    @Option(
        names = "--checkpoint-per-entry",
        description =
            "With --record: send each message alone, so every entry has its own checkpoint and receipt (the worst case for verify).")
    boolean checkpointPerEntry;

    @Option(names = "--proofs", description = "Instead: measure proof generation and verification.")
    boolean proofs;

    @Option(
        names = "--batch",
        paramLabel = "N",
        description =
            "Entries per batch both nodes send, 1 to "
                + BatchLimits.ENTRIES_MAX
                + " (batch_entries in hotline.json). Default: "
                + BatchLimits.ENTRIES_MAX
                + ".")
    Integer batch;

    @Option(
        names = "--window",
        paramLabel = "N",
        description =
            "Batches each node keeps in flight per peer, 1 to "
                + BatchLimits.WINDOW_MAX
                + " (batch_window in hotline.json). Default: "
                + BatchLimits.WINDOW_DEFAULT
                + ".")
    Integer window;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    Bench(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public Integer call() throws Exception {
      if (record != null && proofs) {
        throw new CliException("--record and --proofs are two different benchmarks; give one");
      }
      if ((record != null || proofs) && (batch != null || window != null)) {
        throw new CliException(
            "--batch and --window set the link benchmark's batches; they do not apply to --record"
                + " or --proofs");
      }
      if (proofs) {
        operations.benchProofs(json);
        return 0;
      }
      if (record != null) {
        if (record < 1) {
          throw new CliException("--record must be at least 1");
        }
        operations.benchRecord(record, dir, checkpointPerEntry, json);
        return 0;
      }
      if (messages < 1) {
        throw new CliException("--messages must be at least 1");
      }
      if (warmup < 0) {
        throw new CliException("--warmup must be 0 or more, got " + warmup);
      }
      operations.bench(warmup, messages, batches(), json);
      return 0;
    }

    /** The batches both nodes send: the options given, the defaults for the others. */
    private BatchLimits batches() {
      int entries = batch == null ? BatchLimits.DEFAULT.entries() : batch;
      int inFlight = window == null ? BatchLimits.DEFAULT.window() : window;
      if (entries < 1 || entries > BatchLimits.ENTRIES_MAX) {
        throw new CliException(
            "--batch must be 1 to " + BatchLimits.ENTRIES_MAX + ", got " + entries);
      }
      if (inFlight < 1 || inFlight > BatchLimits.WINDOW_MAX) {
        throw new CliException(
            "--window must be 1 to " + BatchLimits.WINDOW_MAX + ", got " + inFlight);
      }
      return new BatchLimits(entries, inFlight);
    }
  }
}
