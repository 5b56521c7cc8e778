package org.hotline.crisis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;
import org.hotline.text.TextPolicy;

/**
 * A standing concern one party raises (docs/crisis.md §4): precursor chemicals, detained citizens,
 * commercial flights. Its owner is the party that raised it; OPEN / ADDRESSED / CLOSED; its history
 * is the messages, incidents and commitments linked to it.
 */
public final class Concern extends SharedObject {
  /** The status; {@link #rank} is the cautious order used when changes cross. */
  public enum Status {
    OPEN(3),
    ADDRESSED(2),
    CLOSED(1);

    /** When two concurrent changes cross, the status that keeps the concern open wins. */
    final int rank;

    Status(int rank) {
      this.rank = rank;
    }
  }

  /** What a concern links to. */
  public enum LinkKind {
    MESSAGE,
    INCIDENT,
    COMMITMENT;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A linked item of a concern's history. */
  public record Linked(LinkKind kind, MessageId id) {}

  /** Links per concern: a concern's history over years, not an archive of the link. */
  public static final int LINKS_MAX = 1_000;

  private final String title;
  private final String summary;
  private Status status = Status.OPEN;
  private final List<Linked> links = new ArrayList<>();
  private final List<MessageId> commitments = new ArrayList<>();

  Concern(Parties parties, Change created) {
    super(parties, created);
    Args args = Args.of(created.entry().data(), Set.of("title", "summary"));
    title = args.text("title", Incident.TITLE_CHARS_MAX, TextPolicy.Lines.ONE);
    summary = args.optionalText("summary", Incident.TEXT_CHARS_MAX, TextPolicy.Lines.MULTI, "");
  }

  @Override
  public ObjectType type() {
    return ObjectType.CONCERN;
  }

  @Override
  SharedObject fresh() {
    return new Concern(parties, created);
  }

  @Override
  void check(Change change, Links seen) {
    PartyId party = change.party();
    switch (change.entry().op()) {
      case "note" -> Notes.check(change, notes);
      case "status" -> {
        Status target = target(change);
        if (target == status) {
          throw new Refused("the concern is already " + status);
        }
        if (!party.equals(createdBy()) && target != Status.ADDRESSED) {
          throw new Refused(
              "only " + createdBy() + ", who raised the concern, can make it " + target);
        }
      }
      case "link" -> {
        Linked link = link(change);
        if (link.kind() != LinkKind.MESSAGE
            && seen.seen(change, link.kind().wire() + "/" + link.id()).isEmpty()) {
          throw new Refused(
              link.kind().wire(),
              "no " + link.kind().wire() + " " + link.id() + " where the change was made");
        }
        if (!links.contains(link) && links.size() >= LINKS_MAX) {
          throw new Refused("the concern already links " + LINKS_MAX + " items");
        }
      }
      default -> throw new Refused("a concern has no operation '" + change.entry().op() + "'");
    }
  }

  private static Status target(Change change) {
    return Status.valueOf(
        Args.of(change.entry().data(), Set.of("status"))
            .word("status", Set.of("OPEN", "ADDRESSED", "CLOSED")));
  }

  /** The one thing a {@code link} change links: a message, an incident or a commitment. */
  private static Linked link(Change change) {
    Args args = Args.of(change.entry().data(), Set.of("message", "incident", "commitment"));
    if (change.entry().data().size() != 1) {
      throw new Refused(
          change.entry().data().isEmpty() ? "message" : change.entry().data().lastKey(),
          "a link names exactly one of message, incident, commitment");
    }
    LinkKind kind =
        LinkKind.valueOf(change.entry().data().firstKey().toUpperCase(java.util.Locale.ROOT));
    return new Linked(kind, args.id(kind.wire()));
  }

  @Override
  void apply(Change change) {
    switch (change.entry().op()) {
      case "status" -> status = target(change);
      case "link" -> {
        Linked link = link(change);
        if (!links.contains(link)) {
          links.add(link);
        }
      }
      default -> {} // a note changes only the timeline
    }
  }

  @Override
  void cross(Change change) {
    if (change.entry().op().equals("status")) {
      Status target = target(change);
      if (target.rank > status.rank) {
        status = target;
      }
    }
  }

  void commitment(MessageId commitment) {
    commitments.add(commitment);
  }

  @Override
  Object lifecycle() {
    return status;
  }

  @Override
  boolean changesLifecycle(String op) {
    return java.util.Set.of("status").contains(op);
  }

  @Override
  Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("title", title);
    fields.put("summary", summary);
    fields.put("status", status.name());
    fields.put(
        "links",
        links.stream()
            .map(link -> Map.of("kind", link.kind().wire(), "id", link.id().toString()))
            .toList());
    fields.put("commitments", commitments.stream().map(MessageId::toString).toList());
    return fields;
  }

  public String title() {
    return title;
  }

  public String summary() {
    return summary;
  }

  public Status status() {
    return status;
  }

  public PartyId owner() {
    return createdBy();
  }

  public List<Linked> links() {
    return Collections.unmodifiableList(links);
  }

  public List<MessageId> commitments() {
    return Collections.unmodifiableList(commitments);
  }
}
