package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hotline channel list|propose|accept|suspend|resume}: the channels of a link
 * (docs/crisis.md, channels), through the running node's API ({@code /api/v1/channels}).
 */
final class ChannelCommands {
  private ChannelCommands() {}

  @Command(
      name = "channel",
      mixinStandardHelpOptions = true,
      description = "List, propose, accept, suspend or resume the channels of a link.",
      subcommands = {ListChannels.class, Propose.class, Accept.class, Suspend.class, Resume.class})
  static final class ChannelCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(
          spec.commandLine(), "say list, propose, accept, suspend or resume");
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The channels of the link with a peer: settings, suspensions, proposals.")
  static final class ListChannels extends MessageCommands.ApiCommand {
    @Option(names = "--peer", required = true, description = "The party of the link.")
    String peer;

    ListChannels(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      JsonNode page = api().get("/api/v1/channels?peer=" + CrisisCommands.segment(peer));
      if (json) {
        print(page);
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("NAME", "PRECEDENCES", "SUSPENDABLE", "SUSPENDED BY", "PROPOSAL"));
      for (JsonNode channel : page.path("channels")) {
        List<String> precedences = new ArrayList<>();
        channel.path("precedences").forEach(p -> precedences.add(p.asText()));
        List<String> suspended = new ArrayList<>();
        channel.path("suspended_by").fieldNames().forEachRemaining(suspended::add);
        JsonNode proposal = channel.path("proposals").path(0);
        rows.add(
            List.of(
                CrisisCommands.cell(channel, "name")
                    + (channel.path("exists").asBoolean() ? "" : " (proposed)"),
                String.join(",", precedences),
                channel.path("suspendable").isBoolean()
                    ? (channel.path("suspendable").asBoolean() ? "yes" : "no")
                    : "",
                suspended.isEmpty() ? "-" : TerminalText.line(String.join(",", suspended)),
                proposal.isMissingNode()
                    ? "-"
                    : CrisisCommands.cell(proposal, "id")
                        + " by "
                        + CrisisCommands.cell(proposal, "by")));
      }
      CrisisCommands.printColumns(rows);
    }
  }

  /** A change to one channel: prints it as accepted, QUEUED or SENT. */
  abstract static class ChannelChange extends MessageCommands.ApiCommand {
    @Parameters(index = "0", description = "The channel's name, such as military.")
    String name;

    @Option(names = "--peer", required = true, description = "The party of the link.")
    String peer;

    @Option(names = "--by", description = "Who makes the change (default: api).")
    String by;

    ChannelChange(NodeOperations operations) {
      super(operations);
    }

    abstract String action();

    abstract void fill(Map<String, Object> request);

    @Override
    public void run() {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("peer", peer);
      fill(request);
      request.put("by", by);
      request.values().removeIf(Objects::isNull);
      JsonNode accepted =
          api().post("/api/v1/channels/" + CrisisCommands.segment(name) + "/" + action(), request);
      if (json) {
        print(accepted);
        return;
      }
      CrisisCommands.printAccepted(accepted);
    }
  }

  @Command(
      name = "propose",
      mixinStandardHelpOptions = true,
      description = "Propose a channel's complete settings (administrator).")
  static final class Propose extends MessageCommands.ApiCommand {
    @Parameters(index = "0", description = "The channel's name, such as leaders.")
    String name;

    @Option(names = "--peer", required = true, description = "The party of the link.")
    String peer;

    @Option(names = "--description", required = true, description = "One line, up to 500.")
    String description;

    @Option(
        names = "--precedences",
        required = true,
        split = ",",
        description = "Allowed precedences, in order: FLASH,IMMEDIATE,PRIORITY,ROUTINE.")
    List<String> precedences;

    @Option(
        names = "--deadline",
        description = "A channel's own deadline, PRECEDENCE=SECONDS (repeatable).")
    Map<String, Long> deadlines;

    @Option(names = "--not-suspendable", description = "Neither party may suspend it.")
    boolean notSuspendable;

    @Option(names = "--by", description = "Who makes the change (default: api).")
    String by;

    Propose(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("peer", peer);
      request.put("name", name);
      request.put("description", description);
      request.put("precedences", precedences);
      request.put("deadlines", deadlines);
      request.put("suspendable", !notSuspendable);
      request.put("by", by);
      request.values().removeIf(Objects::isNull);
      JsonNode accepted = api().post("/api/v1/channels", request);
      if (json) {
        print(accepted);
        return;
      }
      CrisisCommands.printAccepted(accepted);
    }
  }

  @Command(
      name = "accept",
      mixinStandardHelpOptions = true,
      description = "Accept the other party's open proposal of a channel's settings.")
  static final class Accept extends ChannelChange {
    @Option(names = "--proposal", required = true, description = "The proposal's id.")
    String proposal;

    Accept(NodeOperations operations) {
      super(operations);
    }

    @Override
    String action() {
      return "accept";
    }

    @Override
    void fill(Map<String, Object> request) {
      request.put("proposal", proposal);
    }
  }

  @Command(
      name = "suspend",
      mixinStandardHelpOptions = true,
      description = "Suspend a channel for our receiving side (releasing officer).")
  static final class Suspend extends ChannelChange {
    @Option(names = "--reason", required = true, description = "Why, up to 2000 characters.")
    String reason;

    Suspend(NodeOperations operations) {
      super(operations);
    }

    @Override
    String action() {
      return "suspend";
    }

    @Override
    void fill(Map<String, Object> request) {
      request.put("reason", reason);
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume a channel we suspended (releasing officer).")
  static final class Resume extends ChannelChange {
    @Option(names = "--reason", description = "Why, up to 2000 characters.")
    String reason;

    Resume(NodeOperations operations) {
      super(operations);
    }

    @Override
    String action() {
      return "resume";
    }

    @Override
    void fill(Map<String, Object> request) {
      request.put("reason", reason);
    }
  }
}
