package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hotline template adopt|withdraw}: the notification templates this node's party reads on a
 * channel of a link (docs/notifications.md, "Adoption, sending and receiving"), through the running
 * node's API ({@code /api/v1/channels/{name}/adopt}, {@code /withdraw}).
 */
final class TemplateCommands {
  private TemplateCommands() {}

  @Command(
      name = "template",
      mixinStandardHelpOptions = true,
      description = "Adopt or withdraw the notification templates we read on a channel.",
      subcommands = {Adopt.class, Withdraw.class})
  static final class TemplateCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "say adopt or withdraw");
    }
  }

  /** What adopt and withdraw share: the template, the channel, the peer, who. */
  abstract static class TemplateChange extends MessageCommands.ApiCommand {
    @Parameters(index = "0", description = "The template's id, such as aerial-object-sighting.")
    String id;

    @Option(names = "--channel", required = true, description = "The channel, such as military.")
    String channel;

    @Option(names = "--to", required = true, description = "The party of the link.")
    String to;

    @Option(names = "--by", description = "Who makes the change (default: api).")
    String by;

    TemplateChange(NodeOperations operations) {
      super(operations);
    }

    abstract String action();

    abstract Integer version();

    @Override
    public void run() {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("to", to);
      request.put("template", id);
      request.put("version", version());
      request.put("by", by);
      request.values().removeIf(Objects::isNull);
      JsonNode accepted =
          api()
              .post(
                  "/api/v1/channels/" + CrisisCommands.segment(channel) + "/" + action(), request);
      if (json) {
        print(accepted);
        return;
      }
      CrisisCommands.printAccepted(accepted);
    }
  }

  @Command(
      name = "adopt",
      mixinStandardHelpOptions = true,
      description =
          "Adopt a template of this node on a channel: we read notifications of this form there"
              + " (administrator).")
  static final class Adopt extends TemplateChange {
    @Option(names = "--version", description = "The version to adopt. Default: the newest.")
    Integer version;

    Adopt(NodeOperations operations) {
      super(operations);
    }

    @Override
    String action() {
      return "adopt";
    }

    @Override
    Integer version() {
      return version;
    }
  }

  @Command(
      name = "withdraw",
      mixinStandardHelpOptions = true,
      description = "Withdraw a template we adopted on a channel (administrator).")
  static final class Withdraw extends TemplateChange {
    @Option(names = "--version", required = true, description = "The adopted version.")
    Integer version;

    Withdraw(NodeOperations operations) {
      super(operations);
    }

    @Override
    String action() {
      return "withdraw";
    }

    @Override
    Integer version() {
      return version;
    }
  }
}
