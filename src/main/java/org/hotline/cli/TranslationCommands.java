package org.hotline.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hotline translate} and {@code hotline dispute-translation}: how a message was read, shown
 * back to its sender (docs/notifications.md, translations), through the running node's API.
 */
final class TranslationCommands {
  private TranslationCommands() {}

  /** Prints the accepted change, or the API's JSON with {@code --json}. */
  abstract static class Answering extends MessageCommands.ApiCommand {
    Answering(NodeOperations operations) {
      super(operations);
    }

    void show(com.fasterxml.jackson.databind.JsonNode accepted) {
      if (json) {
        print(accepted);
      } else {
        CrisisCommands.printAccepted(accepted);
      }
    }
  }

  @Command(
      name = "translate",
      mixinStandardHelpOptions = true,
      description =
          "Say how we read a message the peer sent: a signed translation its sender sees as read"
              + " by us; the original stays authoritative.")
  static final class Translate extends Answering {
    @Parameters(index = "0", description = "The message's id.")
    String message;

    @Option(names = "--language", required = true, description = "BCP 47 tag, such as zh.")
    String language;

    @Option(names = "--text", description = "The translation.")
    String text;

    @Option(names = "--file", description = "Read the translation from this file (UTF-8).")
    Path file;

    @Option(
        names = "--field",
        description =
            "A formatted notification's free-text field, as a JSON Pointer such as /description.")
    String field;

    @Option(names = "--by", description = "Who translated (default: api).")
    String by;

    Translate(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("language", language);
      request.put(
          "text", MessageCommands.textOrFile(text, file, "a translation", "--text", "--file"));
      request.put("field", field);
      request.put("by", by);
      request.values().removeIf(Objects::isNull);
      show(
          api()
              .post(
                  "/api/v1/messages/" + CrisisCommands.segment(message) + "/translations",
                  request));
    }
  }

  @Command(
      name = "dispute-translation",
      mixinStandardHelpOptions = true,
      description = "Say that the peer's translation of our message misreads it, with a note.")
  static final class DisputeTranslation extends Answering {
    @Parameters(index = "0", description = "The message's id.")
    String message;

    @Parameters(index = "1", description = "The id of the translation (its change) disputed.")
    String change;

    @Option(names = "--note", required = true, description = "What the translation misreads.")
    String note;

    @Option(names = "--by", description = "Who disputes (default: api).")
    String by;

    DisputeTranslation(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("note", note);
      request.put("by", by);
      request.values().removeIf(Objects::isNull);
      show(
          api()
              .post(
                  "/api/v1/messages/"
                      + CrisisCommands.segment(message)
                      + "/translations/"
                      + CrisisCommands.segment(change)
                      + "/dispute",
                  request));
    }
  }
}
