package org.hotline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hotline.Json;
import org.hotline.notice.TemplateLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hotline template list|show|add}: the notification templates a running node knows
 * (docs/notifications.md), through its API ({@code /api/v1/templates}); {@code adopt|withdraw}: the
 * ones this node's party reads on a channel of a link ({@code /api/v1/channels/{name}/adopt},
 * {@code /withdraw}).
 */
final class TemplateCommands {
  private TemplateCommands() {}

  @Command(
      name = "template",
      mixinStandardHelpOptions = true,
      description =
          "List, show or add formatted notification templates; adopt or withdraw the ones we read"
              + " on a channel.",
      subcommands = {ListTemplates.class, Show.class, Add.class, Adopt.class, Withdraw.class})
  static final class TemplateCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "say list, show, add, adopt or withdraw");
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The templates the node knows: shipped and added, each version.")
  static final class ListTemplates extends MessageCommands.ApiCommand {
    ListTemplates(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      JsonNode page = api().get("/api/v1/templates");
      if (json) {
        print(page);
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("ID", "VERSION", "SOURCE", "SHA256", "TITLE"));
      for (JsonNode template : page.path("templates")) {
        rows.add(
            List.of(
                CrisisCommands.cell(template, "id"),
                CrisisCommands.cell(template, "version"),
                CrisisCommands.cell(template, "source"),
                CrisisCommands.cell(template, "sha256").substring(0, 12),
                CrisisCommands.cell(template.path("titles"), "en")));
      }
      CrisisCommands.printColumns(rows);
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print a template's document (its canonical JSON, indented).")
  static final class Show extends MessageCommands.ApiCommand {
    @Parameters(index = "0", description = "The template's id, such as aerial-object-sighting.")
    String id;

    @Option(names = "--version", description = "The version (default: the newest).")
    Integer version;

    Show(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      print(
          api()
              .get(
                  "/api/v1/templates/"
                      + CrisisCommands.segment(id)
                      + (version == null ? "" : "?version=" + version)));
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Add a template from a JSON file; a file that is not a template is refused with the"
              + " place (a JSON Pointer) and the rule it breaks.")
  static final class Add extends MessageCommands.ApiCommand {
    @Parameters(index = "0", description = "The template, a JSON Schema 2020-12 document.")
    Path file;

    @Option(names = "--by", description = "Who adds it (default: api).")
    String by;

    Add(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      JsonNode document = read(file);
      JsonNode added =
          api()
              .post(
                  "/api/v1/templates" + (by == null ? "" : "?by=" + CrisisCommands.segment(by)),
                  document);
      if (json) {
        print(added);
        return;
      }
      System.out.println(
          "added "
              + MessageCommands.text(added, "id")
              + " version "
              + MessageCommands.text(added, "version")
              + " (sha256 "
              + MessageCommands.text(added, "sha256")
              + ")");
    }

    private static JsonNode read(Path file) {
      try {
        if (Files.size(file) > TemplateLimits.TEXT_CHARS_MAX * 4L) {
          throw new CliException(
              file
                  + " is larger than a template can be ("
                  + TemplateLimits.TEXT_CHARS_MAX
                  + " characters)");
        }
        return Json.mapper().readTree(Files.readString(file));
      } catch (NoSuchFileException e) {
        throw new CliException("no such file: " + file);
      } catch (JsonProcessingException e) {
        throw new CliException(file + " is not JSON: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new CliException("cannot read " + file + ": " + e.getMessage());
      }
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
