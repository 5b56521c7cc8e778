package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands that talk to the running node through its API. */
final class MessageCommands {
  private MessageCommands() {}

  abstract static class ApiCommand implements Runnable {
    private final NodeOperations operations;

    @Option(names = "--dir", required = true, description = "Data directory of the running node.")
    Path dir;

    @Option(names = "--json", description = "Print the API's JSON.")
    boolean json;

    ApiCommand(NodeOperations operations) {
      this.operations = operations;
    }

    ApiClient api() {
      return new ApiClient(operations.api(dir), dir.toString());
    }

    void print(JsonNode node) {
      System.out.println(Output.json(node));
    }
  }

  /** A text field of the API's answer, one line, safe on a terminal ({@link TerminalText}). */
  static String text(JsonNode node, String field) {
    return TerminalText.line(node.path(field).asText());
  }

  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description =
          "Send a message; prints its id once it is durably queued, or, for a FLASH under"
              + " two-person release, the release it waits for.")
  static final class Send extends ApiCommand {
    @Option(names = "--to", required = true, description = "Recipient party id.")
    String to;

    @Option(
        names = "--precedence",
        required = true,
        description = "FLASH, IMMEDIATE, PRIORITY or ROUTINE.")
    String precedence;

    @Option(names = "--subject", description = "One-line subject (a plain message).")
    String subject;

    @Option(names = "--body", description = "Message text.")
    String body;

    @Option(names = "--body-file", description = "Read the message text from this file (UTF-8).")
    Path bodyFile;

    @Option(names = "--language", description = "BCP 47 language tag of the text. Default: en.")
    String language;

    @Option(names = "--status", description = "ACTUAL, EXERCISE or TEST. Default: ACTUAL.")
    String status;

    @Option(names = "--in-reply-to", description = "Id of the message this answers.")
    String inReplyTo;

    @Option(
        names = "--channel",
        description =
            "Channel of the link the message goes on (leaders, military, consular, notifications,"
                + " general, or one the parties agreed). Default: general.")
    String channel;

    @Option(
        names = "--template",
        description =
            "Send a formatted notification of this template, which the peer adopted on the"
                + " channel, instead of a subject and body.")
    String template;

    @Option(
        names = "--version",
        description = "The template's version. Default: the newest the peer adopted.")
    Integer version;

    @Option(
        names = "--fields",
        description = "The notification's values: a JSON object in this file (UTF-8).")
    Path fields;

    Send(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      if (template != null || fields != null || version != null) {
        sendNotification();
        return;
      }
      if (subject == null) {
        throw new CliException("a message needs --subject, or --template and --fields");
      }
      String text = body;
      if (bodyFile != null) {
        if (body != null) {
          throw new CliException("give --body or --body-file, not both");
        }
        try {
          text = Files.readString(bodyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new CliException("cannot read " + bodyFile + ": " + e.getMessage());
        }
      }
      if (text == null) {
        throw new CliException("a message needs --body or --body-file");
      }
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("to", to);
      request.put("precedence", precedence);
      request.put("subject", subject);
      request.put("body", text);
      request.put("language", language);
      request.put("status", status);
      request.put("in_reply_to", inReplyTo);
      request.put("channel", channel);
      request.values().removeIf(java.util.Objects::isNull);
      printSent(api().post("/api/v1/messages", request));
    }

    /** A formatted notification: the template and the values instead of subject and body. */
    private void sendNotification() {
      if (template == null || fields == null) {
        throw new CliException("a formatted notification needs --template and --fields");
      }
      if (subject != null || body != null || bodyFile != null || language != null) {
        throw new CliException(
            "a formatted notification has --fields instead of --subject, --body, --body-file and"
                + " --language");
      }
      if (inReplyTo != null) {
        throw new CliException("a formatted notification answers no message: drop --in-reply-to");
      }
      JsonNode values;
      try {
        values =
            org.hotline.Json.mapper().readTree(Files.readString(fields, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new CliException("cannot read " + fields + " as JSON: " + e.getMessage());
      }
      if (values == null || !values.isObject()) {
        throw new CliException(fields + " must hold a JSON object of the notification's values");
      }
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("to", to);
      request.put("template", template);
      request.put("version", version);
      request.put("channel", channel);
      request.put("precedence", precedence);
      request.put("status", status);
      request.put("fields", values);
      request.values().removeIf(java.util.Objects::isNull);
      printSent(api().post("/api/v1/messages", request));
    }

    private void printSent(JsonNode accepted) {
      if (json) {
        print(accepted);
      } else if (accepted.has("release")) {
        // Two-person release is on: nothing is queued until a second person approves it.
        System.out.println(
            "release "
                + text(accepted, "release")
                + " "
                + text(accepted, "state")
                + ": "
                + text(accepted, "detail"));
      } else {
        System.out.println(text(accepted, "id") + " " + text(accepted, "state"));
      }
    }
  }

  abstract static class Listing extends ApiCommand {
    @Option(
        names = "--limit",
        defaultValue = "50",
        description = "How many, newest first (1–1000). Default: ${DEFAULT-VALUE}.")
    int limit;

    Listing(NodeOperations operations) {
      super(operations);
    }

    abstract String box();

    @Override
    public void run() {
      JsonNode page = api().get("/api/v1/messages?box=" + box() + "&limit=" + limit);
      if (json) {
        print(page);
        return;
      }
      if (page.get("items").isEmpty()) {
        System.out.println("(no messages)");
      }
      for (JsonNode item : page.get("items")) {
        System.out.printf(
            "%-36s %-9s %-8s %-4s→%-4s %6s  %-9s %s%n",
            text(item, "id"),
            text(item, "precedence"),
            text(item, "status"),
            text(item, "from"),
            text(item, "to"),
            item.path("seq").isNull() ? "-" : text(item, "seq"),
            text(item, "state"),
            text(item, "subject"));
      }
    }
  }

  @Command(
      name = "inbox",
      mixinStandardHelpOptions = true,
      description = "List received messages, newest first.")
  static final class Inbox extends Listing {
    Inbox(NodeOperations operations) {
      super(operations);
    }

    @Override
    String box() {
      return "inbox";
    }
  }

  @Command(
      name = "outbox",
      mixinStandardHelpOptions = true,
      description = "List sent messages and their delivery state, newest first.")
  static final class Outbox extends Listing {
    Outbox(NodeOperations operations) {
      super(operations);
    }

    @Override
    String box() {
      return "outbox";
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show one message with its state and receipt.")
  static final class Show extends ApiCommand {
    @Parameters(index = "0", description = "Message id.")
    String id;

    Show(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      JsonNode message =
          api().get("/api/v1/messages/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8));
      if (json) {
        print(message);
        return;
      }
      System.out.println("Id:         " + text(message, "id"));
      System.out.println("From → to:  " + text(message, "from") + " → " + text(message, "to"));
      System.out.println(
          "Precedence: " + text(message, "precedence") + "   Status: " + text(message, "status"));
      if (message.hasNonNull("channel")) {
        System.out.println("Channel:    " + text(message, "channel"));
      }
      System.out.println(
          "State:      "
              + text(message, "state")
              + (message.path("seq").isNull() ? "" : "   Seq: " + text(message, "seq")));
      System.out.println("Created:    " + text(message, "created"));
      if (!message.path("deadline").isNull() && message.has("deadline")) {
        System.out.println(
            "Deadline:   "
                + text(message, "deadline")
                + (message.path("overdue").asBoolean() ? "   ACK OVERDUE" : ""));
      }
      if (!message.path("deadline_missed_at").isNull() && message.has("deadline_missed_at")) {
        System.out.println(
            "            deadline missed, on the record since "
                + text(message, "deadline_missed_at"));
      }
      JsonNode receipt = message.get("receipt");
      if (receipt != null && !receipt.isNull()) {
        System.out.println(
            "Receipt:    covers the log up to "
                + text(receipt, "size")
                + ", cosigned "
                + text(receipt, "at"));
      }
      if (!message.path("answer").isNull() && message.has("answer")) {
        System.out.println("Answer:     " + text(message, "answer"));
      }
      for (JsonNode response : message.path("responses")) {
        System.out.println(
            "            "
                + text(response, "kind")
                + " by "
                + text(response, "by")
                + " at "
                + text(response, "at")
                + (text(response, "note").isEmpty() ? "" : ": " + text(response, "note")));
      }
      System.out.println("Subject:    " + text(message, "subject"));
      System.out.println();
      System.out.println(TerminalText.block(message.get("body").asText()));
    }
  }

  @Command(
      name = "ack",
      mixinStandardHelpOptions = true,
      description = "Acknowledge a received message; the acknowledgement travels back signed.")
  static final class Ack extends ApiCommand {
    @Parameters(index = "0", description = "Message id.")
    String id;

    @Option(names = "--note", description = "A note for the sender.")
    String note;

    @Option(names = "--by", description = "Who acknowledges (default: api).")
    String by;

    Ack(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("note", note);
      request.put("by", by);
      request.values().removeIf(java.util.Objects::isNull);
      JsonNode message =
          api()
              .post(
                  "/api/v1/messages/"
                      + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8)
                      + "/ack",
                  request);
      if (json) {
        print(message);
      } else {
        System.out.println(text(message, "id") + " " + text(message, "answer"));
      }
    }
  }

  @Command(
      name = "decline",
      mixinStandardHelpOptions = true,
      description =
          "Decline a received message with a reason: received, and we will not act / take the call.")
  static final class Decline extends ApiCommand {
    @Parameters(index = "0", description = "Message id.")
    String id;

    @Option(names = "--reason", required = true, description = "Why.")
    String reason;

    @Option(names = "--by", description = "Who declines (default: api).")
    String by;

    Decline(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("reason", reason);
      request.put("by", by);
      request.values().removeIf(java.util.Objects::isNull);
      JsonNode message =
          api()
              .post(
                  "/api/v1/messages/"
                      + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8)
                      + "/decline",
                  request);
      if (json) {
        print(message);
      } else {
        System.out.println(text(message, "id") + " " + text(message, "answer"));
      }
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show each link: reachable, queued, in flight, delivered.")
  static final class Status extends ApiCommand {
    Status(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      JsonNode links = api().get("/api/v1/links");
      if (json) {
        print(links);
        return;
      }
      if (links.get("links").isEmpty()) {
        System.out.println("(no peers)");
      }
      for (JsonNode link : links.get("links")) {
        System.out.printf(
            "%-8s %-9s %s rtt %s ms, clock offset %s ms%n         queued %d, in flight %d, delivered up to %d of %d, received %d, last receipt %s%s%n",
            text(link, "peer"),
            text(link, "state"),
            text(link, "endpoint"),
            link.path("rtt_millis").isNull() ? "-" : text(link, "rtt_millis"),
            link.path("clock_offset_millis").isNull() ? "-" : text(link, "clock_offset_millis"),
            link.get("queued").asLong(),
            link.get("in_flight").asLong(),
            link.get("delivered_up_to").asLong(),
            link.get("sent").asLong(),
            link.get("received").asLong(),
            link.path("last_receipt_at").isNull() ? "never" : text(link, "last_receipt_at"),
            text(link, "last_error").isEmpty() ? "" : " (" + text(link, "last_error") + ")");
        JsonNode blocked = link.path("blocked");
        if (blocked.isObject()) {
          System.out.printf(
              "         BLOCKED since %s: %s, %s: %s%n",
              text(blocked, "since"),
              blocked.path("direction").asText().equals("OUTGOING")
                  ? "the peer refuses our batches"
                  : "we refuse the peer's batches",
              text(blocked, "problem"),
              text(blocked, "detail"));
        }
        JsonNode unacknowledged = link.path("unacknowledged");
        if (!unacknowledged.isMissingNode()) {
          System.out.printf(
              "         unacknowledged: received %s, %d overdue; sent %s, %d overdue%n",
              counts(unacknowledged.path("received")),
              link.path("overdue").path("received").asLong(),
              counts(unacknowledged.path("sent")),
              link.path("overdue").path("sent").asLong());
        }
      }
    }

    /** "FLASH 1, ROUTINE 2", or "none". */
    private static String counts(JsonNode byPrecedence) {
      java.util.List<String> parts = new java.util.ArrayList<>();
      byPrecedence
          .properties()
          .forEach(
              entry -> {
                if (entry.getValue().asLong() > 0) {
                  parts.add(TerminalText.line(entry.getKey()) + " " + entry.getValue().asLong());
                }
              });
      return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
  }
}
