package org.hotline.crisis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.MessageId;

/**
 * The shared objects of one link as a pure function of its two direction logs (docs/protocol.md
 * §20): every change of either party, placed in one merge order, each checked against what its
 * author had seen, applied, crossed or refused. Both nodes, given the same log sizes, compute the
 * same objects, timelines and hashes; nothing here reads a clock, a configuration, or the moment a
 * change arrived. Immutable once built.
 */
public final class SharedState {
  private final Parties parties;
  private final Map<LogOrigin, Long> asOf;
  private final Map<String, SharedObject> objects = new LinkedHashMap<>();
  private final List<TimelineItem> refusedElsewhere = new ArrayList<>();

  /** How many changes of each party were folded: ours, then the peer's. */
  private long ourChanges;

  private long theirChanges;

  /** Why the last change folded was refused, or null if it was not. */
  private Refused lastRefusal;

  /** The views of the fold this state belongs to; shared by the states built for views. */
  private Views views;

  private SharedState(Parties parties, Map<LogOrigin, Long> asOf) {
    this.parties = parties;
    this.asOf = asOf;
  }

  /**
   * The state as of the two log sizes: our log to the peer at {@code ourSize}, the peer's to us at
   * {@code theirSize}. Changes beyond those sizes, and ours not yet placed, are not in it.
   */
  public static SharedState asOf(
      Parties parties, List<LinkStore.ChangeRecord> records, long ourSize, long theirSize) {
    return fold(parties, records, ourSize, theirSize, false);
  }

  /**
   * The state as this node's next change will be checked against: every change it holds, ours still
   * queued included (they are placed before the next one, in the order they were accepted).
   */
  static SharedState withQueued(
      Parties parties, List<LinkStore.ChangeRecord> records, long ourSize, long theirSize) {
    return fold(parties, records, ourSize, theirSize, true);
  }

  private static SharedState fold(
      Parties parties,
      List<LinkStore.ChangeRecord> records,
      long ourSize,
      long theirSize,
      boolean queued) {
    LogOrigin ours = new LogOrigin(parties.self(), parties.peer());
    Map<LogOrigin, Long> asOf = new LinkedHashMap<>();
    asOf.put(ours, ourSize);
    asOf.put(ours.reversed(), theirSize);
    SharedState state = new SharedState(parties, Collections.unmodifiableMap(asOf));
    List<ChangeEntry> mine = inLogOrder(records, false, ourSize, queued);
    List<ChangeEntry> theirs = inLogOrder(records, true, theirSize, false);
    List<Change> merged = new ArrayList<>(mine.size() + theirs.size());
    List<Change> beyond = new ArrayList<>();
    number(mine, theirs, theirSize, merged, beyond);
    number(theirs, mine, ourSize, merged, beyond);
    merged.sort(Change.MERGE_ORDER);
    beyond.sort(Change.MERGE_ORDER);
    for (Change change : beyond) {
      state.refusedElsewhere.add(
          TimelineItem.of(
              change,
              Outcome.REFUSED,
              "claims to have seen "
                  + change.entry().seen()
                  + " entries of "
                  + change.entry().log().reversed()
                  + ", which holds "
                  + asOf.get(change.entry().log().reversed()),
              List.of()));
    }
    state.views = new Views(parties, asOf, merged);
    merged.forEach(state::fold);
    state.ourChanges = mine.size();
    state.theirChanges = theirs.size();
    state.deriveLinks();
    return state;
  }

  /**
   * One party's changes in their log's order, up to {@code size}: placed ones by place, then (for
   * our own, when asked) queued ones in the order they were accepted.
   */
  private static List<ChangeEntry> inLogOrder(
      List<LinkStore.ChangeRecord> records, boolean incoming, long size, boolean queued) {
    return records.stream()
        .filter(record -> record.incoming() == incoming)
        .filter(record -> record.placed() ? record.entry().seq() <= size : queued)
        .sorted(
            Comparator.comparing((LinkStore.ChangeRecord record) -> !record.placed())
                .thenComparingLong(record -> record.placed() ? record.entry().seq() : record.n()))
        .map(LinkStore.ChangeRecord::entry)
        .toList();
  }

  /**
   * Gives each of {@code changes} its number (its rank among its author's changes, from 1) and its
   * count of the other party's changes seen: those placed at or before its {@code seen} in {@code
   * others}' log, whose size is {@code othersSize}. A change claiming to have seen beyond that size
   * goes to {@code beyond}.
   */
  private static void number(
      List<ChangeEntry> changes,
      List<ChangeEntry> others,
      long othersSize,
      List<Change> merged,
      List<Change> beyond) {
    long[] places = others.stream().filter(c -> c.seq() > 0).mapToLong(ChangeEntry::seq).toArray();
    for (int i = 0; i < changes.size(); i++) {
      ChangeEntry entry = changes.get(i);
      long seen = entry.seen();
      long m = countAtOrBelow(places, Math.min(seen, othersSize));
      Change change = new Change(entry, i + 1L, m);
      (seen > othersSize ? beyond : merged).add(change);
    }
  }

  private static long countAtOrBelow(long[] sortedPlaces, long limit) {
    int at = java.util.Arrays.binarySearch(sortedPlaces, limit);
    return at >= 0 ? at + 1 : -at - 1;
  }

  /**
   * Folds {@code candidate}, a change this node is about to accept, into this state, which must
   * hold every change the node has ({@link #withQueued}): the candidate is then the last in the
   * merge order and saw everything, exactly as the peer will judge it. Throws {@link
   * org.hotline.InvalidInputException} naming the argument at fault, or {@link
   * org.hotline.ConflictException} when the object's state does not allow the change; this state is
   * then no longer of use.
   */
  void admit(ChangeEntry candidate) {
    if (!candidate.log().writer().equals(parties.self()) || candidate.seen() != theirSize()) {
      throw new IllegalArgumentException("a candidate is ours and has seen all the peer's log");
    }
    lastRefusal = null;
    fold(new Change(candidate, ourChanges + 1, theirChanges));
    if (lastRefusal != null) {
      throw lastRefusal
          .argument()
          .<org.hotline.HotlineException>map(
              argument -> new org.hotline.InvalidInputException(argument, lastRefusal.getMessage()))
          .orElseGet(() -> new org.hotline.ConflictException(lastRefusal.getMessage()));
    }
  }

  /** The size of the peer's log this state reflects. */
  private long theirSize() {
    return asOf.get(new LogOrigin(parties.peer(), parties.self()));
  }

  private void fold(Change change) {
    ChangeEntry entry = change.entry();
    Optional<ObjectType> type = ObjectType.ofWire(entry.objectType());
    if (type.isEmpty()) {
      refuseElsewhere(change, "no object type '" + entry.objectType() + "'");
      return;
    }
    if (entry.op().equals(type.get().createOp())) {
      create(change, type.get());
      return;
    }
    SharedObject object =
        type.get() == ObjectType.CHANNEL
            ? channelObject(entry.object())
            : objects.get(entry.object());
    if (object == null) {
      refuseElsewhere(change, "no " + entry.object() + " exists");
      return;
    }
    if (object.created != null && !change.saw(object.created)) {
      refuse(object, change, entry.object() + " did not exist where the change was made");
      return;
    }
    SharedObject view = viewOf(object, change);
    try {
      view.check(change, this::seen);
    } catch (Refused refused) {
      lastRefusal = refused;
      refuse(object, change, refused.getMessage());
      return;
    }
    try {
      if (view != object
          && object.changesLifecycle(entry.op())
          && !object.lifecycle().equals(view.lifecycle())) {
        throw new Refused("a concurrent change moved the object's lifecycle");
      }
      object.check(change, this::seen);
      object.apply(change);
      object.record(TimelineItem.of(change, Outcome.APPLIED, null, List.of()));
    } catch (Refused crossed) {
      object.cross(change);
      object.record(TimelineItem.of(change, Outcome.CROSSED, null, unseen(object, change)));
    }
    object.folded(change);
  }

  private void create(Change change, ObjectType type) {
    ChangeEntry entry = change.entry();
    if (!entry.objectId().equals(entry.id())) {
      refuseElsewhere(change, "a change that creates an object carries the object's id as its own");
      return;
    }
    if (objects.containsKey(entry.object())) {
      refuse(objects.get(entry.object()), change, entry.object() + " exists already");
      return;
    }
    SharedObject object;
    try {
      object =
          switch (type) {
            case INCIDENT -> new Incident(parties, change);
            case COMMITMENT -> new Commitment(parties, change, this::seen);
            case CONCERN -> new Concern(parties, change);
            case CHANNEL -> throw new IllegalStateException("no change creates a channel");
          };
    } catch (Refused refused) {
      lastRefusal = refused;
      refuseElsewhere(change, refused.getMessage());
      return;
    }
    object.record(TimelineItem.of(change, Outcome.APPLIED, null, List.of()));
    object.folded(change);
    objects.put(entry.object(), object);
  }

  /**
   * The object as {@code change}'s author saw it: the object itself when every change folded into
   * it so far was in the author's view (the usual case, checked in constant time), otherwise the
   * object in the fold, by these same rules, of the changes in that view alone: exactly what the
   * author's node computed when it accepted the change.
   */
  private SharedObject viewOf(SharedObject object, Change change) {
    PartyId other =
        change.party().equals(object.parties.self())
            ? object.parties.peer()
            : object.parties.self();
    if (object.latest.getOrDefault(other, 0L) <= change.m()) {
      return object;
    }
    SharedState view = views.stateFor(change);
    return object instanceof Channel
        ? view.channelObject(object.name())
        : view.objects.get(object.name());
  }

  /**
   * The channel object {@code name} ({@code channel/military}) of this fold, made as it stands
   * before any change when this is the first change to name it: from then on it is in the state and
   * its hash.
   */
  private Channel channelObject(String name) {
    return (Channel)
        objects.computeIfAbsent(
            name, ignored -> new Channel(parties, name.substring(name.indexOf('/') + 1)));
  }

  /**
   * The folds of the changes that authors had seen, by cut: a change's view is its author's earlier
   * changes and the other party's first {@code m}. The views of one party's successive changes with
   * the same {@code m} extend each other by that party's changes alone, which come last in merge
   * order, so one fold serves them all, extended change by change: a peer whose changes all lag
   * behind ours (a stale {@code seen}) costs one fold, not one per change. Kept for a few cuts at a
   * time.
   */
  private static final class Views {
    /** Cuts kept: concurrent changes of a link are few; more is memory, not speed. */
    static final int CUTS_KEPT_MAX = 8;

    private final Parties parties;
    private final Map<LogOrigin, Long> asOf;
    private final List<Change> merged;
    private final Map<PartyId, List<Change>> byParty = new java.util.HashMap<>();

    private record Cut(PartyId party, long m) {}

    private static final class View {
      final SharedState state;
      long ownFolded;

      View(SharedState state, long ownFolded) {
        this.state = state;
        this.ownFolded = ownFolded;
      }
    }

    private final Map<Cut, View> kept =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Cut, View> eldest) {
            return size() > CUTS_KEPT_MAX;
          }
        };

    Views(Parties parties, Map<LogOrigin, Long> asOf, List<Change> merged) {
      this.parties = parties;
      this.asOf = asOf;
      this.merged = merged;
      for (Change change : merged) {
        byParty.computeIfAbsent(change.party(), ignored -> new ArrayList<>()).add(change);
      }
      byParty.values().forEach(changes -> changes.sort(Comparator.comparingLong(Change::n)));
    }

    /** How many views were folded from scratch: what a stale {@code seen} costs, for tests. */
    int folded;

    /** The fold of the changes {@code change}'s author had seen, in merge order. */
    SharedState stateFor(Change change) {
      Cut cut = new Cut(change.party(), change.m());
      long wanted = change.n() - 1;
      View view = kept.get(cut);
      if (view == null || view.ownFolded > wanted) {
        folded++;
        SharedState state = new SharedState(parties, asOf);
        state.views = this;
        for (Change earlier : merged) {
          if (change.saw(earlier)) {
            state.fold(earlier);
          }
        }
        kept.put(cut, new View(state, wanted));
        return state;
      }
      List<Change> own = byParty.get(change.party());
      for (long n = view.ownFolded + 1; n <= wanted; n++) {
        view.state.fold(own.get((int) n - 1));
      }
      view.ownFolded = wanted;
      return view.state;
    }
  }

  /**
   * The other party's changes folded into {@code object} that {@code change}'s author had not seen.
   */
  private static List<MessageId> unseen(SharedObject object, Change change) {
    return object.folded.stream()
        .filter(earlier -> !earlier.party().equals(change.party()) && !change.saw(earlier))
        .map(earlier -> earlier.entry().id())
        .toList();
  }

  private Optional<SharedObject> seen(Change change, String name) {
    SharedObject object = objects.get(name);
    return object != null && object.created != null && change.saw(object.created)
        ? Optional.of(object)
        : Optional.empty();
  }

  private void refuse(SharedObject object, Change change, String reason) {
    if (lastRefusal == null || !lastRefusal.getMessage().equals(reason)) {
      lastRefusal = new Refused(reason);
    }
    object.record(TimelineItem.of(change, Outcome.REFUSED, reason, List.of()));
  }

  private void refuseElsewhere(Change change, String reason) {
    if (lastRefusal == null || !lastRefusal.getMessage().equals(reason)) {
      lastRefusal = new Refused(reason);
    }
    refusedElsewhere.add(TimelineItem.of(change, Outcome.REFUSED, reason, List.of()));
  }

  /** Commitments shown on the incident and the concern they name, in merge order. */
  private void deriveLinks() {
    for (SharedObject object : objects.values()) {
      if (object instanceof Commitment commitment) {
        commitment
            .incident()
            .map(id -> objects.get("incident/" + id))
            .ifPresent(incident -> ((Incident) incident).commitment(commitment.id()));
        commitment
            .concern()
            .map(id -> objects.get("concern/" + id))
            .ifPresent(concern -> ((Concern) concern).commitment(commitment.id()));
      }
    }
  }

  public Parties parties() {
    return parties;
  }

  /** How many views of authors this fold built from scratch (§20.4 rule 5); for tests. */
  int viewsFolded() {
    return views.folded;
  }

  /** The two log sizes this state reflects. */
  public Map<LogOrigin, Long> asOf() {
    return asOf;
  }

  /** {@link #asOf} as it is shown: {@code {"hotline/us/cn": 12, "hotline/cn/us": 9}}. */
  public Map<String, Long> asOfShown() {
    Map<String, Long> shown = new LinkedHashMap<>();
    asOf.forEach((log, size) -> shown.put(log.text(), size));
    return shown;
  }

  public Optional<SharedObject> object(String name) {
    return Optional.ofNullable(objects.get(name));
  }

  public <T extends SharedObject> List<T> all(Class<T> type) {
    return objects.values().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The commitments that name {@code incident}, in the order they were proposed. */
  public List<Commitment> commitmentsOf(Incident incident) {
    return incident.commitments().stream()
        .map(id -> objects.get(ObjectType.COMMITMENT.wire() + "/" + id))
        .filter(java.util.Objects::nonNull)
        .map(Commitment.class::cast)
        .toList();
  }

  /**
   * How many commitments that name {@code incident} are overdue at {@code now}: a display flag of
   * this node's clock, outside the state and its hash.
   */
  public long overdueCommitments(Incident incident, java.time.Instant now) {
    return commitmentsOf(incident).stream().filter(c -> c.overdueAt(now)).count();
  }

  /**
   * The channel {@code name} ({@code military}) as the link has it: a default one or one some
   * change named (it may not exist yet: only proposed). Empty for any other name.
   */
  public Optional<Channel> channel(String name) {
    if (!Channel.isName(name)) {
      return Optional.empty();
    }
    SharedObject named = objects.get(ObjectType.CHANNEL.wire() + "/" + name);
    if (named != null) {
      return Optional.of((Channel) named);
    }
    return Channel.DEFAULTS.containsKey(name)
        ? Optional.of(new Channel(parties, name))
        : Optional.empty();
  }

  /**
   * The link's channels, the defaults first in their order, then the others by name: every one that
   * exists, and every one with an open proposal.
   */
  public List<Channel> channels() {
    List<Channel> channels = new ArrayList<>();
    Channel.DEFAULTS.keySet().forEach(name -> channel(name).ifPresent(channels::add));
    objects.values().stream()
        .filter(Channel.class::isInstance)
        .map(Channel.class::cast)
        .filter(channel -> !Channel.DEFAULTS.containsKey(channel.channel()))
        .filter(channel -> channel.exists() || channel.proposal().isPresent())
        .sorted(Comparator.comparing(Channel::channel))
        .forEach(channels::add);
    return channels;
  }

  /**
   * The templates {@code reader} adopted on {@code channel} ({@code military}) for its receiving
   * side, in the order it adopted them: what a formatted notification to it there may be filled in
   * against. Empty for a channel the link does not have.
   */
  public List<org.hotline.notice.Template> adopted(PartyId reader, String channel) {
    return channel(channel).map(found -> found.adopted(reader)).orElse(List.of());
  }

  /**
   * The template with this SHA-256 among every template either party ever adopted on any channel of
   * the link, withdrawn ones included: what a received formatted notification is read against.
   */
  public Optional<org.hotline.notice.Template> template(String sha256) {
    return objects.values().stream()
        .filter(Channel.class::isInstance)
        .map(object -> ((Channel) object).everAdopted.get(sha256))
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  /** How a message arrived with respect to the receiver's suspensions of its channel. */
  public enum Arrival {
    /** The channel exists and was not suspended by the receiver when the message arrived. */
    CLEAR,
    /**
     * The receiver suspended the channel before the message arrived, but after what the sender had
     * seen: the message and the suspension crossed. Delivered, flagged.
     */
    CROSSED_SUSPENSION,
    /**
     * The sender had seen the receiver's suspension and sent anyway: its node should have refused.
     * Delivered, flagged.
     */
    SENT_DESPITE_SUSPENSION,
    /** The link has no such channel. Delivered, flagged. */
    UNKNOWN_CHANNEL
  }

  /**
   * How a message on {@code channel}, placed at {@code messageSeq} in the sender's log to {@code
   * receiver}, met the receiver's suspensions (docs/protocol.md §20.9): a pure function of the two
   * logs. The receiver's applied suspend and resume changes on the channel, in its log's order:
   * those it accepted before it had received the message ({@code seen < messageSeq}) give the
   * status at arrival; those at or before {@code messageSeen} in the receiver's log (what the
   * sender had received) give the status as the sender saw it. {@code messageSeen} is -1 when the
   * message does not say (an older format): then only an unknown channel is told.
   */
  public Arrival arrival(PartyId receiver, String channel, long messageSeq, long messageSeen) {
    Optional<Channel> found = channel(channel).filter(Channel::exists);
    if (found.isEmpty()) {
      return Arrival.UNKNOWN_CHANNEL;
    }
    if (messageSeen < 0) {
      return Arrival.CLEAR;
    }
    List<ChangeEntry> switches =
        found.get().switches.stream()
            .filter(change -> change.party().equals(receiver) && change.placed())
            .map(Change::entry)
            .sorted(Comparator.comparingLong(ChangeEntry::seq))
            .toList();
    boolean atArrival = suspended(switches, entry -> entry.seen() < messageSeq);
    boolean asSeen = suspended(switches, entry -> entry.seq() <= messageSeen);
    if (!atArrival) {
      return Arrival.CLEAR;
    }
    return asSeen ? Arrival.SENT_DESPITE_SUSPENSION : Arrival.CROSSED_SUSPENSION;
  }

  /** Whether the last of {@code switches} that {@code folded} takes is a suspension. */
  private static boolean suspended(
      List<ChangeEntry> switches, java.util.function.Predicate<ChangeEntry> folded) {
    boolean suspended = false;
    for (ChangeEntry entry : switches) {
      if (folded.test(entry)) {
        suspended = entry.op().equals("suspend");
      }
    }
    return suspended;
  }

  /** Refused changes that belong to no object: an unknown object or type, a bad creation. */
  public List<TimelineItem> refusedElsewhere() {
    return Collections.unmodifiableList(refusedElsewhere);
  }

  /** Every refused change of the link, wherever it is shown. */
  public List<TimelineItem> refused() {
    List<TimelineItem> refused = new ArrayList<>(refusedElsewhere);
    objects.values().stream()
        .flatMap(object -> object.timeline().stream())
        .filter(item -> item.outcome() == Outcome.REFUSED)
        .forEach(refused::add);
    return refused;
  }

  /**
   * The link's state hash: hex SHA-256 of the RFC 8785 JSON of every object's state hash by name,
   * and of the refused changes that belong to no object (docs/protocol.md §20.5).
   */
  public String stateHash() {
    Map<String, Object> objectHashes = new TreeMap<>();
    objects.forEach((name, object) -> objectHashes.put(name, object.stateHash()));
    Map<String, Object> link = new LinkedHashMap<>();
    link.put("objects", objectHashes);
    link.put("refused", refusedElsewhere.stream().map(TimelineItem::canonical).toList());
    return StateHash.of(link);
  }
}
