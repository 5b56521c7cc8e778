package org.hotline.crisis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.MessageId;

/**
 * A shared object as the fold of its changes builds it (docs/protocol.md §20). Each type says when
 * a change is valid in a given state ({@link #check}), what it does ({@link #apply}), and what the
 * cautious outcome is when a concurrent change of the other party got there first ({@link #cross}).
 * Mutable only while {@link SharedState} folds; read-only afterwards.
 */
public abstract sealed class SharedObject
    permits Incident, Commitment, Concern, Channel, Translation {
  final Parties parties;
  final Change created;
  private final List<TimelineItem> timeline = new ArrayList<>();

  /** The changes that were not refused, in merge order, the creating one first. */
  final List<Change> folded = new ArrayList<>();

  /** Per party, the highest number among its changes in {@link #folded}. */
  final Map<PartyId, Long> latest = new HashMap<>();

  /**
   * The notes shared on the object and not refused, each with its party: what a note supersedes.
   */
  final Map<MessageId, PartyId> notes = new HashMap<>();

  SharedObject(Parties parties, Change created) {
    this.parties = parties;
    this.created = created;
  }

  public abstract ObjectType type();

  /** The object's id: the id of the change that created it. */
  public MessageId id() {
    return created.entry().id();
  }

  /** {@code <type>/<id>}, as changes name it. */
  public String name() {
    return type().wire() + "/" + id();
  }

  /** The party whose change created the object. */
  public PartyId createdBy() {
    return created.party();
  }

  public List<TimelineItem> timeline() {
    return Collections.unmodifiableList(timeline);
  }

  /**
   * Throws {@link Refused} unless {@code change} is valid in this state: known operation, valid
   * arguments, a party allowed to make it, a transition the state allows.
   */
  abstract void check(Change change, Links links);

  /** Applies {@code change}, which {@link #check} passed in this state. */
  abstract void apply(Change change);

  /**
   * Applies {@code change}, valid where its author stood but not in this state: a concurrent change
   * of the other party moved the object first. The cautious outcome wins.
   */
  abstract void cross(Change change);

  /**
   * The object's lifecycle state (an incident's state, a commitment's, a concern's status), and
   * whether {@code op} changes it: a lifecycle change made when the object's lifecycle stood
   * otherwise than where its author saw it crosses the concurrent change that moved it.
   */
  abstract Object lifecycle();

  abstract boolean changesLifecycle(String op);

  /** The object's fields as they enter its state hash, without its timeline. */
  abstract Map<String, Object> fields();

  /** A new object of this type, as its creating change alone makes it. */
  abstract SharedObject fresh();

  void record(TimelineItem item) {
    timeline.add(item);
    if (item.op().equals("note") && item.outcome() != Outcome.REFUSED) {
      notes.put(item.id(), item.party());
    }
  }

  void folded(Change change) {
    folded.add(change);
    latest.merge(change.party(), change.n(), Math::max);
  }

  /** The whole state as it is hashed: type, id, creator, fields, timeline. */
  public Map<String, Object> canonical() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("type", type().wire());
    state.put("id", id().toString());
    state.put("created_by", createdBy().value());
    state.putAll(fields());
    state.put("timeline", timeline.stream().map(TimelineItem::canonical).toList());
    return state;
  }

  /**
   * The whole state as it is hashed for an object named by something other than a creating change
   * (a channel, a message's translations): type, {@code key}: {@code value}, fields, timeline.
   */
  final Map<String, Object> canonicalNamed(String key, String value) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("type", type().wire());
    state.put(key, value);
    state.putAll(fields());
    state.put("timeline", timeline.stream().map(TimelineItem::canonical).toList());
    return state;
  }

  /** The object's state hash: hex SHA-256 of its RFC 8785 canonical JSON (§20.5). */
  public String stateHash() {
    return StateHash.of(canonical());
  }

  /**
   * What else a change may refer to: whether another object, or a message, was in the author's
   * view. Given by the fold.
   */
  interface Links {
    /** The object {@code name} if it exists and its creation was in {@code change}'s view. */
    java.util.Optional<SharedObject> seen(Change change, String name);
  }
}
