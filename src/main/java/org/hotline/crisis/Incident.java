package org.hotline.crisis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.text.TextPolicy;

/**
 * A shared incident (docs/crisis.md §2): opened by one party, its lifecycle TRIAGE → ACTIVE →
 * RESOLVED → CLOSED (closing takes both parties), RESOLVED → ACTIVE to re-open, or DECLINED by the
 * party that did not open it while in TRIAGE. Severity is proposed per party; the incident's is the
 * higher. Each party names its own lead and scribe.
 */
public final class Incident extends SharedObject {
  /** The lifecycle; {@link #rank} is the cautious order used when changes cross. */
  public enum State {
    TRIAGE(4),
    ACTIVE(5),
    RESOLVED(3),
    DECLINED(2),
    CLOSED(1);

    /** When two concurrent changes cross, the state that keeps the incident open longest wins. */
    final int rank;

    State(int rank) {
      this.rank = rank;
    }

    boolean terminal() {
      return this == DECLINED || this == CLOSED;
    }
  }

  /** A title is one line in lists and on a report's first page. */
  public static final int TITLE_CHARS_MAX = 200;

  /** A summary or a shared note: 16 KiB of UTF-8 holds several pages. */
  public static final int TEXT_CHARS_MAX = 16 * 1024;

  /** Linked messages per incident: an incident is not an archive of the link. */
  public static final int MESSAGES_MAX = 1_000;

  /** A user name, as the author's node names its lead or scribe. */
  public static final int USER_CHARS_MAX = 64;

  public static final int SEVERITY_MIN = 1;
  public static final int SEVERITY_MAX = 5;

  /** The channel an incident belongs to when its opener names none. */
  public static final String CHANNEL_DEFAULT = "general";

  /** Report numbers fit an integer the state hash writes exactly; no series gets near. */
  public static final long REPORT_NUMBER_MAX = 1_000_000;

  /** The versions of a situation report, as OASIS EDXL-SitRep names them. */
  public static final Set<String> REPORT_VERSIONS = Set.of("INITIAL", "UPDATE", "FINAL");

  /** A report's bundle hash: SHA-256, as 64 lower-case hex digits. */
  private static final java.util.regex.Pattern SHA256_HEX =
      java.util.regex.Pattern.compile("[0-9a-f]{64}");

  private static final Set<String> OPEN_ARGS =
      Set.of("title", "summary", "severity", "channel", "messages");

  private String title;
  private String summary;
  private String channel;
  private State state = State.TRIAGE;
  private final Map<PartyId, Long> severityByParty = new TreeMap<>();
  private final Map<PartyId, String> leads = new TreeMap<>();
  private final Map<PartyId, String> scribes = new TreeMap<>();
  private final List<MessageId> messages = new ArrayList<>();
  private PartyId closeProposedBy;
  private final List<MessageId> commitments = new ArrayList<>();

  Incident(Parties parties, Change created) {
    super(parties, created);
    Args args = Args.of(created.entry().data(), OPEN_ARGS);
    title = args.text("title", TITLE_CHARS_MAX, TextPolicy.Lines.ONE);
    summary =
        args.has("summary") ? args.text("summary", TEXT_CHARS_MAX, TextPolicy.Lines.MULTI) : "";
    severityByParty.put(created.party(), args.integer("severity", SEVERITY_MIN, SEVERITY_MAX));
    channel = args.has("channel") ? Words.channel(args, "channel") : CHANNEL_DEFAULT;
    messages.addAll(args.ids("messages", MESSAGES_MAX));
  }

  @Override
  public ObjectType type() {
    return ObjectType.INCIDENT;
  }

  @Override
  SharedObject fresh() {
    return new Incident(parties, created);
  }

  @Override
  void check(Change change, Links links) {
    String op = change.entry().op();
    PartyId party = change.party();
    if (state.terminal() && !op.equals("note") && !op.equals("report")) {
      throw new Refused(
          "the incident is " + state + ": only notes and situation reports may be added");
    }
    switch (op) {
      case "severity" ->
          Args.of(change.entry().data(), Set.of("severity"))
              .integer("severity", SEVERITY_MIN, SEVERITY_MAX);
      case "state" -> {
        State target = target(change);
        if (!allowed(state, target, party)) {
          throw new Refused(
              "the incident is "
                  + state
                  + (target == State.DECLINED && party.equals(createdBy())
                      ? "; only the party that did not open it may decline it"
                      : "; it cannot become " + target + " by this change"));
        }
      }
      case "lead", "scribe" ->
          Args.of(change.entry().data(), Set.of("user"))
              .text("user", USER_CHARS_MAX, TextPolicy.Lines.ONE);
      case "link-message" -> {
        MessageId message = Args.of(change.entry().data(), Set.of("message")).id("message");
        if (!messages.contains(message) && messages.size() >= MESSAGES_MAX) {
          throw new Refused("the incident already links " + MESSAGES_MAX + " messages");
        }
      }
      case "note" -> Notes.check(change, notes);
      case "propose-close" -> {
        Args.of(change.entry().data(), Set.of());
        if (state != State.RESOLVED) {
          throw new Refused("only a RESOLVED incident can be proposed for closing, not " + state);
        }
        if (party.equals(closeProposedBy)) {
          throw new Refused(party + " has already proposed to close the incident");
        }
      }
      case "accept-close" -> {
        Args.of(change.entry().data(), Set.of());
        if (state != State.RESOLVED || closeProposedBy == null || closeProposedBy.equals(party)) {
          throw new Refused("closing needs a proposal by the other party of a RESOLVED incident");
        }
      }
      case "report" -> {
        Args report = Args.of(change.entry().data(), Set.of("number", "version", "sha256"));
        report.integer("number", 1, REPORT_NUMBER_MAX);
        report.word("version", REPORT_VERSIONS);
        if (!(change.entry().data().get("sha256") instanceof String hash)
            || !SHA256_HEX.matcher(hash).matches()) {
          throw new Refused("sha256", "sha256: must be 64 lower-case hex digits");
        }
      }
      default -> throw new Refused("an incident has no operation '" + op + "'");
    }
  }

  private static State target(Change change) {
    return State.valueOf(
        Args.of(change.entry().data(), Set.of("state"))
            .word("state", Set.of("ACTIVE", "RESOLVED", "DECLINED")));
  }

  /** The transitions a {@code state} change may make; closing takes propose and accept. */
  private boolean allowed(State from, State to, PartyId party) {
    return switch (to) {
      case ACTIVE -> from == State.TRIAGE || from == State.RESOLVED;
      case RESOLVED -> from == State.ACTIVE;
      case DECLINED -> from == State.TRIAGE && !party.equals(createdBy());
      case TRIAGE, CLOSED -> false;
    };
  }

  @Override
  void apply(Change change) {
    var data = change.entry().data();
    PartyId party = change.party();
    switch (change.entry().op()) {
      case "severity" -> severityByParty.put(party, (Long) data.get("severity"));
      case "state" -> moveTo(target(change));
      case "lead" -> leads.put(party, (String) data.get("user"));
      case "scribe" -> scribes.put(party, (String) data.get("user"));
      case "link-message" -> {
        MessageId message = MessageId.parse((String) data.get("message"));
        if (!messages.contains(message)) {
          messages.add(message);
        }
      }
      case "propose-close" -> closeProposedBy = party;
      case "accept-close" -> moveTo(State.CLOSED);
      default -> {} // a note or an issued report changes only the timeline
    }
  }

  /**
   * Only a lifecycle change can cross: a state change resolves to the state that keeps the incident
   * open longest (re-open beats close); a proposal or acceptance of closing that no longer holds
   * closes nothing.
   */
  @Override
  void cross(Change change) {
    if (change.entry().op().equals("state")) {
      State target = target(change);
      if (target.rank > state.rank) {
        moveTo(target);
      }
    }
  }

  private void moveTo(State target) {
    state = target;
    if (target != State.RESOLVED) {
      closeProposedBy = null;
    }
  }

  void commitment(MessageId commitment) {
    commitments.add(commitment);
  }

  @Override
  Object lifecycle() {
    return state;
  }

  @Override
  boolean changesLifecycle(String op) {
    return java.util.Set.of("state", "propose-close", "accept-close").contains(op);
  }

  @Override
  Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("title", title);
    fields.put("summary", summary);
    fields.put("channel", channel);
    fields.put("state", state.name());
    fields.put("severity", severity());
    fields.put("severity_by_party", byParty(severityByParty));
    fields.put("lead", byParty(leads));
    fields.put("scribe", byParty(scribes));
    fields.put("messages", messages.stream().map(MessageId::toString).toList());
    fields.put("close_proposed_by", closeProposedBy == null ? null : closeProposedBy.value());
    fields.put("commitments", commitments.stream().map(MessageId::toString).toList());
    return fields;
  }

  static <T> Map<String, T> byParty(Map<PartyId, T> values) {
    Map<String, T> out = new TreeMap<>();
    values.forEach((party, value) -> out.put(party.value(), value));
    return out;
  }

  public String title() {
    return title;
  }

  public String summary() {
    return summary;
  }

  public String channel() {
    return channel;
  }

  public State state() {
    return state;
  }

  /** The higher of the parties' proposals: when unsure, assume the graver. */
  public long severity() {
    return severityByParty.values().stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  public Map<PartyId, Long> severityByParty() {
    return Collections.unmodifiableMap(severityByParty);
  }

  /** Whether the parties' severity proposals differ. */
  public boolean severityDiffers() {
    return severityByParty.values().stream().distinct().count() > 1;
  }

  public Map<PartyId, String> leads() {
    return Collections.unmodifiableMap(leads);
  }

  public Map<PartyId, String> scribes() {
    return Collections.unmodifiableMap(scribes);
  }

  public List<MessageId> messages() {
    return Collections.unmodifiableList(messages);
  }

  public java.util.Optional<PartyId> closeProposedBy() {
    return java.util.Optional.ofNullable(closeProposedBy);
  }

  public List<MessageId> commitments() {
    return Collections.unmodifiableList(commitments);
  }
}
