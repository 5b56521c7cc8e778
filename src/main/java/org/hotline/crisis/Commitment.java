package org.hotline.crisis;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;
import org.hotline.text.TextPolicy;

/**
 * A commitment (docs/crisis.md §3): one party proposes that a party (itself or the other) will do
 * something by a time. PROPOSED → AGREED by the other party → DONE (claimed by the party committed,
 * confirmed by the other) or MISSED (declared by the party it was owed to, after the due time), or
 * WITHDRAWN by either. A commitment becomes MISSED only by that signed change, never by a clock.
 */
public final class Commitment extends SharedObject {
  /** The lifecycle; {@link #rank} is the cautious order used when changes cross. */
  public enum State {
    PROPOSED(3),
    AGREED(2),
    DONE(1),
    MISSED(4),
    WITHDRAWN(5);

    /** When two concurrent changes cross, the state that promises least wins. */
    final int rank;

    State(int rank) {
      this.rank = rank;
    }

    boolean open() {
      return this == PROPOSED || this == AGREED;
    }
  }

  /** What is committed: a few sentences. */
  public static final int WHAT_CHARS_MAX = 2_000;

  private static final Set<String> PROPOSE_ARGS =
      Set.of("owed_by", "what", "due", "incident", "message", "concern");

  private final PartyId owedBy;
  private final String what;
  private final Instant due;
  private final MessageId incident;
  private final MessageId message;
  private final MessageId concern;
  private State state = State.PROPOSED;
  private boolean doneClaimed;

  Commitment(Parties parties, Change created, Links links) {
    super(parties, created);
    Args args = Args.of(created.entry().data(), PROPOSE_ARGS);
    String owed = args.word("owed_by", Set.of(parties.self().value(), parties.peer().value()));
    owedBy = PartyId.of(owed);
    what = args.text("what", WHAT_CHARS_MAX, TextPolicy.Lines.MULTI);
    due = args.instant("due");
    incident = args.has("incident") ? args.id("incident") : null;
    message = args.has("message") ? args.id("message") : null;
    concern = args.has("concern") ? args.id("concern") : null;
    if (links != null) {
      requireSeen(links, created, "incident", incident);
      requireSeen(links, created, "concern", concern);
    }
  }

  private static void requireSeen(Links links, Change change, String type, MessageId id) {
    if (id != null && links.seen(change, type + "/" + id).isEmpty()) {
      throw new Refused(type, type + ": no " + type + " " + id + " where the change was made");
    }
  }

  @Override
  public ObjectType type() {
    return ObjectType.COMMITMENT;
  }

  @Override
  SharedObject fresh() {
    return new Commitment(parties, created, null);
  }

  @Override
  void check(Change change, Links links) {
    String op = change.entry().op();
    PartyId party = change.party();
    if (op.equals("note")) {
      Notes.check(change, notes);
      return;
    }
    Args args =
        Args.of(
            change.entry().data(),
            switch (op) {
              case "withdraw" -> Set.of("reason");
              case "claim-done" -> Set.of("note");
              default -> Set.of();
            });
    switch (op) {
      case "agree" -> {
        if (state != State.PROPOSED) {
          throw new Refused("only a PROPOSED commitment can be agreed, this one is " + state);
        }
        if (party.equals(createdBy())) {
          throw new Refused("a commitment is agreed by the party that did not propose it");
        }
      }
      case "withdraw" -> {
        args.optionalText("reason", WHAT_CHARS_MAX, TextPolicy.Lines.MULTI, "");
        if (!state.open()) {
          throw new Refused("the commitment is " + state + ": nothing to withdraw");
        }
      }
      case "claim-done" -> {
        args.optionalText("note", WHAT_CHARS_MAX, TextPolicy.Lines.MULTI, "");
        if (state != State.AGREED || doneClaimed) {
          throw new Refused("only an AGREED commitment not yet claimed done can be claimed done");
        }
        if (!party.equals(owedBy)) {
          throw new Refused("only " + owedBy + ", who is committed, can claim it done");
        }
      }
      case "confirm-done" -> {
        if (state != State.AGREED || !doneClaimed) {
          throw new Refused("only a commitment claimed done can be confirmed done");
        }
        if (party.equals(owedBy)) {
          throw new Refused("the party it was owed to confirms it done, not " + owedBy);
        }
      }
      case "missed" -> {
        if (state != State.AGREED) {
          throw new Refused("only an AGREED commitment can be missed, this one is " + state);
        }
        if (party.equals(owedBy)) {
          throw new Refused("the party it was owed to declares it missed, not " + owedBy);
        }
        if (change.entry().created().isBefore(due)) {
          throw new Refused(
              "declared missed at "
                  + EntryCodec.timestamp(change.entry().created())
                  + ", before it was due at "
                  + EntryCodec.timestamp(due));
        }
      }
      default -> throw new Refused("a commitment has no operation '" + op + "'");
    }
  }

  @Override
  void apply(Change change) {
    switch (change.entry().op()) {
      case "agree" -> moveTo(State.AGREED);
      case "withdraw" -> moveTo(State.WITHDRAWN);
      case "claim-done" -> doneClaimed = true;
      case "confirm-done" -> moveTo(State.DONE);
      case "missed" -> moveTo(State.MISSED);
      default -> {} // a note changes only the timeline
    }
  }

  /**
   * A lifecycle change that no longer holds resolves to the state that promises least (withdraw
   * beats agree, missed beats a claim of done); a claim or confirmation of done that no longer
   * holds does nothing.
   */
  @Override
  void cross(Change change) {
    State target =
        switch (change.entry().op()) {
          case "agree" -> State.AGREED;
          case "withdraw" -> State.WITHDRAWN;
          case "missed" -> State.MISSED;
          default -> null;
        };
    if (target != null && target.rank > state.rank) {
      moveTo(target);
    }
  }

  private void moveTo(State target) {
    state = target;
    if (target != State.AGREED) {
      doneClaimed = false;
    }
  }

  @Override
  Object lifecycle() {
    return state;
  }

  @Override
  boolean changesLifecycle(String op) {
    return java.util.Set.of("agree", "withdraw", "claim-done", "confirm-done", "missed")
        .contains(op);
  }

  @Override
  Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("owed_by", owedBy.value());
    fields.put("owed_to", parties.other(owedBy).value());
    fields.put("what", what);
    fields.put("due", EntryCodec.timestamp(due));
    fields.put("incident", incident == null ? null : incident.toString());
    fields.put("message", message == null ? null : message.toString());
    fields.put("concern", concern == null ? null : concern.toString());
    fields.put("state", state.name());
    fields.put("done_claimed", doneClaimed);
    return fields;
  }

  public PartyId owedBy() {
    return owedBy;
  }

  public PartyId owedTo() {
    return parties.other(owedBy);
  }

  public String what() {
    return what;
  }

  public Instant due() {
    return due;
  }

  public Optional<MessageId> incident() {
    return Optional.ofNullable(incident);
  }

  public Optional<MessageId> message() {
    return Optional.ofNullable(message);
  }

  public Optional<MessageId> concern() {
    return Optional.ofNullable(concern);
  }

  public State state() {
    return state;
  }

  public boolean doneClaimed() {
    return doneClaimed;
  }

  /**
   * Whether the commitment is past due at {@code now} and not yet done, missed or withdrawn: a
   * display flag of this node's clock, outside the state and its hash.
   */
  public boolean overdueAt(Instant now) {
    return state.open() && now.isAfter(due);
  }
}
