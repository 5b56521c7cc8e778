package org.hotline.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hotline witness}: set up this node as a witness of other logs (C2SP tlog-witness), or have
 * it submit its own logs to witnesses. Changes take effect at the node's next start. See
 * docs/witness.md.
 */
final class WitnessCommands {
  private WitnessCommands() {}

  @Command(
      name = "witness",
      mixinStandardHelpOptions = true,
      description = "Act as a witness of other logs, or submit this node's logs to witnesses.",
      subcommands = {Init.class, AddLog.class, Use.class, Show.class})
  static final class WitnessCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "say init, add-log, use or show");
    }
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description =
          "Make this node a witness: create its cosigning key (witness.key) and its listener settings. Prints the key to give to the logs' operators.")
  static final class Init implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory (hotline init first).")
    Path dir;

    @Option(
        names = "--name",
        description = "Key name on the witness's cosignatures. Default: witness/<party>.")
    String name;

    @Option(
        names = "--bind",
        defaultValue = "127.0.0.1",
        description = "Address the witness listener binds to. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(
        names = "--port",
        defaultValue = "7380",
        description = "Port of the witness listener (plain HTTP). Default: ${DEFAULT-VALUE}.")
    int port;

    Init(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      NodeOperations.WitnessStatus status = operations.witnessInit(dir, name, bind, port);
      System.out.println(
          "This node is now a witness. Its key (give it to the operators of the logs it witnesses):");
      System.out.println("  " + status.key());
      System.out.println("Submission URL (as the logs reach it): " + status.url());
      System.out.println(
          "Next: hotline witness add-log --dir "
              + dir
              + " --origin hotline/<writer>/<reader> --key <the writer's signing_key>, then hotline serve.");
    }
  }

  @Command(
      name = "add-log",
      mixinStandardHelpOptions = true,
      description =
          "Witness one more log: its origin line and the key its checkpoints are signed with.")
  static final class AddLog implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Option(
        names = "--origin",
        required = true,
        description = "The log's origin line, e.g. hotline/us/cn (the log us writes for cn).")
    String origin;

    @Option(
        names = "--key",
        required = true,
        description = "The writer's verifier key: the signing_key of its identity card.")
    String key;

    AddLog(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      operations.witnessAddLog(dir, origin, key);
      System.out.println("Witnessing " + origin + " from the next start of the node.");
    }
  }

  @Command(
      name = "use",
      mixinStandardHelpOptions = true,
      description =
          "Submit this node's outgoing logs to a witness, and keep its cosignatures with the receipts.")
  static final class Use implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Option(
        names = "--url",
        required = true,
        description =
            "The witness's submission prefix, e.g. http://witness.example:7380/witness/v1.")
    String url;

    @Option(
        names = "--key",
        required = true,
        description =
            "The witness's key, as its operator gave it (hotline witness init prints it).")
    String key;

    Use(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      operations.witnessUse(dir, url, key);
      System.out.println(
          "Submitting to the witness at " + url + " from the next start of the node.");
      System.out.println(
          "Ask its operator to witness each of your outgoing logs: hotline/<you>/<peer> with your signing key.");
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Show this node's witness (its key and what it cosigned) and the witnesses it submits to (what they cosigned).")
  static final class Show implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory.")
    Path dir;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    Show(NodeOperations operations) {
      this.operations = operations;
    }

    @Override
    public void run() {
      NodeOperations.WitnessStatus status = operations.witness(dir);
      if (json) {
        System.out.println(Output.json(status));
        return;
      }
      if (status.key() == null) {
        System.out.println("This node is not a witness (hotline witness init makes it one).");
      } else {
        System.out.println("Witness key: " + status.key());
        System.out.println("Listening at: " + status.url());
        if (status.logs().isEmpty()) {
          System.out.println("  no logs witnessed yet (hotline witness add-log)");
        }
        for (NodeOperations.WitnessedLogStatus log : status.logs()) {
          System.out.printf(
              "  %-30s cosigned up to %d%s%n",
              log.origin(), log.size(), log.at() == null ? "" : " at " + log.at());
        }
      }
      if (status.witnesses().isEmpty()) {
        System.out.println("This node submits to no witness (hotline witness use adds one).");
      }
      for (NodeOperations.WitnessUseStatus use : status.witnesses()) {
        System.out.println("Submits to " + use.url() + " (" + use.key() + ")");
        use.witnessedSizes()
            .forEach((log, size) -> System.out.printf("  %-30s cosigned up to %d%n", log, size));
      }
    }
  }
}
