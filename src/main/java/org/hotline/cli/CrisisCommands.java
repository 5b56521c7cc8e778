package org.hotline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * {@code hotline incident|commitment|concern}: the objects shared with a peer (docs/crisis.md),
 * through the running node's API ({@code /api/v1/incidents}, …). Each command prints the API's JSON
 * with {@code --json}, otherwise a text form in which every text from outside goes through {@link
 * TerminalText}.
 */
final class CrisisCommands {
  private CrisisCommands() {}

  /** A text shown in a column or after a label: one line, at most this many characters. */
  private static final int CELL_CHARS_MAX = 60;

  // ------------------------------------------------------------------ the three groups

  @Command(
      name = "incident",
      mixinStandardHelpOptions = true,
      description = "Open, list, show or change incidents shared with a peer.",
      subcommands = {
        OpenIncident.class,
        ListIncidents.class,
        ShowIncident.class,
        ChangeIncident.class,
        WriteInternalNote.class,
        ListInternalNotes.class
      })
  static final class IncidentCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "say open, list, show or change");
    }
  }

  @Command(
      name = "commitment",
      mixinStandardHelpOptions = true,
      description = "Propose, list, show or change commitments between the parties.",
      subcommands = {
        ProposeCommitment.class,
        ListCommitments.class,
        ShowCommitment.class,
        ChangeCommitment.class,
        WriteInternalNote.class,
        ListInternalNotes.class
      })
  static final class CommitmentCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "say propose, list, show or change");
    }
  }

  @Command(
      name = "concern",
      mixinStandardHelpOptions = true,
      description = "Raise, list, show or change standing concerns.",
      subcommands = {
        RaiseConcern.class,
        ListConcerns.class,
        ShowConcern.class,
        ChangeConcern.class,
        WriteInternalNote.class,
        ListInternalNotes.class
      })
  static final class ConcernCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      throw new ParameterException(spec.commandLine(), "say raise, list, show or change");
    }
  }

  // ------------------------------------------------------------------ shared shapes

  /** Creates an object: prints its name and whether its change is QUEUED or SENT. */
  abstract static class Create extends MessageCommands.ApiCommand {
    @Option(names = "--peer", required = true, description = "The party it is shared with.")
    String peer;

    @Option(names = "--by", description = "Who makes it (default: api).")
    String by;

    Create(NodeOperations operations) {
      super(operations);
    }

    abstract String plural();

    abstract void fill(Map<String, Object> request);

    @Override
    public void run() {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("peer", peer);
      fill(request);
      request.put("by", by);
      request.values().removeIf(Objects::isNull);
      printAccepted(api().post("/api/v1/" + plural(), request));
    }
  }

  /** Makes one change to an object: the subclass says which of its options were given. */
  abstract static class Change extends MessageCommands.ApiCommand {
    @Parameters(index = "0", description = "The object's id.")
    String id;

    @Option(names = "--note", description = "Share a note with the peer.")
    String note;

    @Option(names = "--supersedes", description = "With --note: the id of the note it corrects.")
    String supersedes;

    @Option(names = "--by", description = "Who makes the change (default: api).")
    String by;

    Change(NodeOperations operations) {
      super(operations);
    }

    abstract String plural();

    /** The change options as the API names them; null for one not given. */
    abstract Map<String, Object> changes();

    /** The options that are changes, for the error that names them. */
    abstract String choices();

    /** Options that go with a change ({@code --reason} with {@code --withdraw}). */
    void extras(Map<String, Object> request) {}

    @Override
    public void run() {
      Map<String, Object> extras = new LinkedHashMap<>();
      extras(extras);
      Map<String, Object> request = new LinkedHashMap<>(changes());
      request.put("note", note);
      request.values().removeIf(Objects::isNull);
      if (request.size() != 1) {
        throw new CliException("give exactly one change: " + choices() + " or --note");
      }
      request.put("supersedes", supersedes);
      request.putAll(extras);
      request.put("by", by);
      request.values().removeIf(Objects::isNull);
      printAccepted(api().post("/api/v1/" + plural() + "/" + segment(id) + "/changes", request));
    }
  }

  /** Lists objects as aligned columns, most recently changed first. */
  abstract static class Listing extends MessageCommands.ApiCommand {
    @Option(names = "--peer", description = "Only those shared with this peer.")
    String peer;

    @Option(names = "--limit", description = "How many (1–1000). Default: 100.")
    Integer limit;

    @Option(names = "--offset", description = "How many to skip.")
    Integer offset;

    Listing(NodeOperations operations) {
      super(operations);
    }

    abstract String plural();

    /** The type's own filters, as the API names them; null for one not given. */
    abstract Map<String, Object> filters();

    abstract List<String> header();

    abstract List<String> row(JsonNode object);

    @Override
    public void run() {
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("peer", peer);
      query.putAll(filters());
      query.put("limit", limit);
      query.put("offset", offset);
      JsonNode page = api().get("/api/v1/" + plural() + query(query));
      if (json) {
        print(page);
        return;
      }
      JsonNode items = page.path(plural());
      if (items.isEmpty()) {
        System.out.println("(no " + plural() + ")");
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      rows.add(header());
      items.forEach(item -> rows.add(row(item)));
      printColumns(rows);
      if (page.path("total").asInt() > items.size()) {
        System.out.println("(" + items.size() + " of " + page.path("total").asInt() + ")");
      }
    }
  }

  /** Shows one object: its fields, then its timeline one change a line, then changes pending. */
  abstract static class Show extends MessageCommands.ApiCommand {
    @Parameters(index = "0", description = "The object's id.")
    String id;

    Show(NodeOperations operations) {
      super(operations);
    }

    abstract String plural();

    @Override
    public void run() {
      JsonNode object = api().get("/api/v1/" + plural() + "/" + segment(id));
      if (json) {
        print(object);
        return;
      }
      printObject(object);
    }
  }

  // ------------------------------------------------------------------ internal notes

  /**
   * {@code hotline incident|commitment|concern internal-note ID TEXT}: a note kept on this node
   * alone, never sent to the peer (docs/crisis.md, "Internal notes"). Prints its id.
   */
  @Command(
      name = "internal-note",
      mixinStandardHelpOptions = true,
      description = "Write an internal note: kept on this node, never sent to the peer.")
  static final class WriteInternalNote extends MessageCommands.ApiCommand {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The object's id.")
    String id;

    @Parameters(index = "1", description = "The note, up to 16,384 characters.")
    String text;

    @Option(names = "--supersedes", description = "The id of the internal note it corrects.")
    String supersedes;

    @Option(names = "--by", description = "Who writes it (default: api).")
    String by;

    WriteInternalNote(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("text", text);
      request.put("supersedes", supersedes);
      request.put("by", by);
      request.values().removeIf(Objects::isNull);
      JsonNode note = api().post(internalNotes(spec, id), request);
      if (json) {
        print(note);
        return;
      }
      System.out.println(
          cell(note, "object") + " internal note " + cell(note, "id") + " (not sent)");
    }
  }

  /** {@code hotline incident|commitment|concern internal-notes ID}: oldest first. */
  @Command(
      name = "internal-notes",
      mixinStandardHelpOptions = true,
      description = "List the internal notes on an object: kept on this node, never sent.")
  static final class ListInternalNotes extends MessageCommands.ApiCommand {
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The object's id.")
    String id;

    ListInternalNotes(NodeOperations operations) {
      super(operations);
    }

    @Override
    public void run() {
      JsonNode notes = api().get(internalNotes(spec, id));
      if (json) {
        print(notes);
        return;
      }
      JsonNode items = notes.path("internal_notes");
      if (items.isEmpty()) {
        System.out.println("(no internal notes)");
        return;
      }
      for (JsonNode note : items) {
        System.out.println(
            cell(note, "created_at")
                + "  "
                + cell(note, "author")
                + "  "
                + cell(note, "id")
                + (note.path("supersedes").isTextual()
                    ? "  (supersedes " + cell(note, "supersedes") + ")"
                    : ""));
        note.path("text")
            .asText()
            .lines()
            .forEach(line -> System.out.println("  " + TerminalText.line(line)));
      }
    }
  }

  /** The internal notes of the object {@code id} of the command's group ({@code incident}). */
  private static String internalNotes(CommandSpec spec, String id) {
    return "/api/v1/" + spec.parent().name() + "s/" + segment(id) + "/internal-notes";
  }

  // ------------------------------------------------------------------ incidents

  @Command(
      name = "open",
      mixinStandardHelpOptions = true,
      description = "Open an incident shared with a peer; it starts in TRIAGE.")
  static final class OpenIncident extends Create {
    @Option(names = "--title", required = true, description = "One line, up to 200 characters.")
    String title;

    @Option(names = "--summary", description = "Up to 16,384 characters.")
    String summary;

    @Option(names = "--severity", required = true, description = "This party's severity, 1–5.")
    Integer severity;

    @Option(names = "--channel", description = "A lower-case word. Default: general.")
    String channel;

    @Option(names = "--message", description = "A message to link (repeatable).")
    List<String> messages;

    OpenIncident(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "incidents";
    }

    @Override
    void fill(Map<String, Object> request) {
      request.put("title", title);
      request.put("summary", summary);
      request.put("severity", severity);
      request.put("channel", channel);
      request.put("messages", messages);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List shared incidents, most recently changed first.")
  static final class ListIncidents extends Listing {
    @Option(names = "--state", description = "TRIAGE, ACTIVE, RESOLVED, CLOSED or DECLINED.")
    String state;

    @Option(names = "--channel", description = "Only incidents on this channel.")
    String channel;

    ListIncidents(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "incidents";
    }

    @Override
    Map<String, Object> filters() {
      Map<String, Object> filters = new LinkedHashMap<>();
      filters.put("state", state);
      filters.put("channel", channel);
      return filters;
    }

    @Override
    List<String> header() {
      return List.of("ID", "STATE", "SEV", "PEER", "CHANNEL", "LAST CHANGE", "TITLE");
    }

    @Override
    List<String> row(JsonNode incident) {
      return List.of(
          cell(incident, "id"),
          cell(incident, "state"),
          cell(incident, "severity") + (incident.path("severity_differs").asBoolean() ? "*" : ""),
          cell(incident, "peer"),
          cell(incident, "channel"),
          cell(incident, "last_change_at"),
          cell(incident, "title"));
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show an incident and its timeline.")
  static final class ShowIncident extends Show {
    ShowIncident(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "incidents";
    }
  }

  @Command(
      name = "change",
      mixinStandardHelpOptions = true,
      description = "Make one change to an incident.")
  static final class ChangeIncident extends Change {
    @Option(names = "--severity", description = "Propose this party's severity, 1–5.")
    Integer severity;

    @Option(names = "--state", description = "ACTIVE, RESOLVED or DECLINED.")
    String state;

    @Option(names = "--lead", description = "Name this party's lead.")
    String lead;

    @Option(names = "--scribe", description = "Name this party's scribe.")
    String scribe;

    @Option(names = "--link-message", description = "Link a message this node holds.")
    String linkMessage;

    @Option(names = "--propose-close", description = "Propose to close a RESOLVED incident.")
    boolean proposeClose;

    @Option(names = "--accept-close", description = "Accept the peer's proposal to close.")
    boolean acceptClose;

    ChangeIncident(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "incidents";
    }

    @Override
    Map<String, Object> changes() {
      Map<String, Object> changes = new LinkedHashMap<>();
      changes.put("severity", severity);
      changes.put("state", state);
      changes.put("lead", lead);
      changes.put("scribe", scribe);
      changes.put("link_message", linkMessage);
      changes.put("propose_close", flag(proposeClose));
      changes.put("accept_close", flag(acceptClose));
      return changes;
    }

    @Override
    String choices() {
      return "--severity, --state, --lead, --scribe, --link-message, --propose-close,"
          + " --accept-close";
    }
  }

  // ------------------------------------------------------------------ commitments

  @Command(
      name = "propose",
      mixinStandardHelpOptions = true,
      description = "Propose that a party will do something by a time; the other party agrees.")
  static final class ProposeCommitment extends Create {
    @Option(
        names = "--owed-by",
        required = true,
        description = "The party committed: us or the peer.")
    String owedBy;

    @Option(names = "--what", required = true, description = "What, up to 2,000 characters.")
    String what;

    @Option(
        names = "--due",
        required = true,
        description = "By when, RFC 3339 in UTC, such as 2026-12-08T09:00:00Z.")
    String due;

    @Option(names = "--incident", description = "The incident it belongs to.")
    String incident;

    @Option(names = "--message", description = "The message it answers.")
    String message;

    @Option(names = "--concern", description = "The concern it belongs to.")
    String concern;

    ProposeCommitment(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "commitments";
    }

    @Override
    void fill(Map<String, Object> request) {
      request.put("owed_by", owedBy);
      request.put("what", what);
      request.put("due", due);
      request.put("incident", incident);
      request.put("message", message);
      request.put("concern", concern);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List commitments, most recently changed first.")
  static final class ListCommitments extends Listing {
    @Option(names = "--state", description = "PROPOSED, AGREED, DONE, MISSED or WITHDRAWN.")
    String state;

    ListCommitments(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "commitments";
    }

    @Override
    Map<String, Object> filters() {
      Map<String, Object> filters = new LinkedHashMap<>();
      filters.put("state", state);
      return filters;
    }

    @Override
    List<String> header() {
      return List.of("ID", "STATE", "OWED BY", "DUE", "PEER", "WHAT");
    }

    @Override
    List<String> row(JsonNode commitment) {
      return List.of(
          cell(commitment, "id"),
          cell(commitment, "state"),
          cell(commitment, "owed_by"),
          cell(commitment, "due") + (commitment.path("overdue").asBoolean() ? " OVERDUE" : ""),
          cell(commitment, "peer"),
          cell(commitment, "what"));
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a commitment and its timeline.")
  static final class ShowCommitment extends Show {
    ShowCommitment(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "commitments";
    }
  }

  @Command(
      name = "change",
      mixinStandardHelpOptions = true,
      description = "Make one change to a commitment.")
  static final class ChangeCommitment extends Change {
    @Option(names = "--agree", description = "Agree to the other party's proposal.")
    boolean agree;

    @Option(names = "--withdraw", description = "Withdraw a PROPOSED or AGREED commitment.")
    boolean withdraw;

    @Option(names = "--reason", description = "With --withdraw: why.")
    String reason;

    @Option(names = "--claim-done", description = "The party committed claims it done.")
    boolean claimDone;

    @Option(names = "--confirm-done", description = "The party it is owed to confirms it done.")
    boolean confirmDone;

    @Option(names = "--missed", description = "The party it is owed to declares it missed.")
    boolean missed;

    ChangeCommitment(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "commitments";
    }

    @Override
    Map<String, Object> changes() {
      Map<String, Object> changes = new LinkedHashMap<>();
      changes.put("agree", flag(agree));
      changes.put("withdraw", flag(withdraw));
      changes.put("claim_done", flag(claimDone));
      changes.put("confirm_done", flag(confirmDone));
      changes.put("missed", flag(missed));
      return changes;
    }

    @Override
    String choices() {
      return "--agree, --withdraw, --claim-done, --confirm-done, --missed";
    }

    @Override
    void extras(Map<String, Object> request) {
      if (reason != null && !withdraw) {
        throw new CliException("--reason goes with --withdraw");
      }
      request.put("reason", reason);
    }
  }

  // ------------------------------------------------------------------ concerns

  @Command(
      name = "raise",
      mixinStandardHelpOptions = true,
      description = "Raise a standing concern; this party owns it.")
  static final class RaiseConcern extends Create {
    @Option(names = "--title", required = true, description = "One line, up to 200 characters.")
    String title;

    @Option(names = "--summary", description = "Up to 16,384 characters.")
    String summary;

    RaiseConcern(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "concerns";
    }

    @Override
    void fill(Map<String, Object> request) {
      request.put("title", title);
      request.put("summary", summary);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List standing concerns, most recently changed first.")
  static final class ListConcerns extends Listing {
    @Option(names = "--status", description = "OPEN, ADDRESSED or CLOSED.")
    String status;

    ListConcerns(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "concerns";
    }

    @Override
    Map<String, Object> filters() {
      Map<String, Object> filters = new LinkedHashMap<>();
      filters.put("status", status);
      return filters;
    }

    @Override
    List<String> header() {
      return List.of("ID", "STATUS", "OWNER", "PEER", "LAST CHANGE", "TITLE");
    }

    @Override
    List<String> row(JsonNode concern) {
      return List.of(
          cell(concern, "id"),
          cell(concern, "status"),
          cell(concern, "created_by"),
          cell(concern, "peer"),
          cell(concern, "last_change_at"),
          cell(concern, "title"));
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a concern and its timeline.")
  static final class ShowConcern extends Show {
    ShowConcern(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "concerns";
    }
  }

  @Command(
      name = "change",
      mixinStandardHelpOptions = true,
      description = "Make one change to a concern.")
  static final class ChangeConcern extends Change {
    @Option(names = "--status", description = "OPEN, ADDRESSED or CLOSED.")
    String status;

    @Option(names = "--link-message", description = "Link a message this node holds.")
    String linkMessage;

    @Option(names = "--link-incident", description = "Link an incident.")
    String linkIncident;

    @Option(names = "--link-commitment", description = "Link a commitment.")
    String linkCommitment;

    ChangeConcern(NodeOperations operations) {
      super(operations);
    }

    @Override
    String plural() {
      return "concerns";
    }

    @Override
    Map<String, Object> changes() {
      Map<String, Object> changes = new LinkedHashMap<>();
      changes.put("status", status);
      changes.put("link_message", linkMessage);
      changes.put("link_incident", linkIncident);
      changes.put("link_commitment", linkCommitment);
      return changes;
    }

    @Override
    String choices() {
      return "--status, --link-message, --link-incident, --link-commitment";
    }
  }

  // ------------------------------------------------------------------ printing

  private static Boolean flag(boolean given) {
    return given ? Boolean.TRUE : null;
  }

  static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private static String query(Map<String, Object> parameters) {
    StringBuilder query = new StringBuilder();
    parameters.forEach(
        (name, value) -> {
          if (value != null) {
            query
                .append(query.isEmpty() ? '?' : '&')
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
          }
        });
    return query.toString();
  }

  /** The accepted change, or with --json the API's answer. */
  static void printAccepted(JsonNode accepted) {
    JsonNode change = accepted.path("change");
    System.out.println(
        cell(change, "object")
            + " "
            + cell(change, "op")
            + " "
            + cell(change, "state")
            + " (change "
            + cell(change, "id")
            + ")");
  }

  /** A field of an answer as one line for a column, clipped. */
  static String cell(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return clip(TerminalText.line(value.isNull() || value.isMissingNode() ? "" : value.asText()));
  }

  private static String clip(String text) {
    return text.codePointCount(0, text.length()) <= CELL_CHARS_MAX
        ? text
        : text.substring(0, text.offsetByCodePoints(0, CELL_CHARS_MAX - 1)) + "…";
  }

  static void printColumns(List<List<String>> rows) {
    int columns = rows.getFirst().size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns - 1; i++) {
        widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String value = row.get(i);
        line.append(value);
        if (i < columns - 1) {
          line.repeat(' ', widths[i] - value.codePointCount(0, value.length()) + 2);
        }
      }
      System.out.println(line.toString().stripTrailing());
    }
  }

  /** Fields of the view, then the timeline, then our changes still queued. */
  private static void printObject(JsonNode object) {
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String name = field.getKey();
      if (name.equals("timeline") || name.equals("pending")) {
        continue;
      }
      System.out.printf("%-20s %s%n", name + ":", value(field.getValue()));
    }
    System.out.println();
    System.out.println("Timeline:");
    for (JsonNode item : object.path("timeline")) {
      StringBuilder line =
          new StringBuilder()
              .append("  ")
              .append(cell(item, "at"))
              .append("  ")
              .append(cell(item, "party"))
              .append("  ")
              .append(cell(item, "by"))
              .append("  ")
              .append(cell(item, "op"));
      String arguments = value(item.path("data"));
      if (!arguments.isEmpty()) {
        line.append("  ").append(arguments);
      }
      line.append("  ").append(cell(item, "outcome"));
      if (!item.path("reason").isNull() && item.has("reason")) {
        line.append(": ").append(cell(item, "reason"));
      }
      System.out.println(line);
    }
    JsonNode pending = object.path("pending");
    if (!pending.isEmpty()) {
      System.out.println();
      System.out.println("Queued here, not yet sent:");
      for (JsonNode change : pending) {
        System.out.println("  " + cell(change, "id") + "  " + cell(change, "op"));
      }
    }
  }

  /** A value on one line: scalars as text, lists joined with commas, objects as name=value. */
  private static String value(JsonNode value) {
    if (value.isNull() || value.isMissingNode()) {
      return "";
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(value(item)));
      return String.join(", ", items);
    }
    if (value.isObject()) {
      List<String> pairs = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        pairs.add(TerminalText.line(field.getKey()) + "=" + value(field.getValue()));
      }
      return String.join(", ", pairs);
    }
    return TerminalText.line(value.asText());
  }
}
