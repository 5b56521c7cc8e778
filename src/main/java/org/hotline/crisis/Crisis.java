package org.hotline.crisis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hotline.ConflictException;
import org.hotline.InvalidInputException;
import org.hotline.NotFoundException;
import org.hotline.OverloadedException;
import org.hotline.console.NotPermittedException;
import org.hotline.console.Permission;
import org.hotline.console.Role;
import org.hotline.event.Event;
import org.hotline.event.EventBus;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.LinkStore;
import org.hotline.link.PeerCapabilities;
import org.hotline.link.PeerDirectory;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.send.Outbox;
import org.hotline.text.TextPolicy;

/**
 * Crisis management on the links: the shared objects of each link as the two logs make them ({@link
 * SharedState}), and the changes this node's people and programs make to them. A change is checked
 * against every change this node holds, its own still queued included, exactly as the peer will
 * check it, before it is stored and queued: no path signs a change the peer would refuse.
 * Thread-safe; changes are accepted one at a time by the outbox.
 */
public final class Crisis {
  private final PartyId self;
  private final LinkStore store;
  private final Outbox outbox;
  private final PeerDirectory peers;
  private final java.util.function.Function<PartyId, Optional<PeerCapabilities>> capabilities;
  private final EventBus events;
  private final java.time.Clock clock;

  /**
   * The state of each link as last computed, with the two log sizes it was folded from: a view
   * reuses it while neither log has grown, instead of folding the whole link again. The changes at
   * or below a log size never change once that size is reached, and our queued changes are never in
   * a state, so the two sizes name exactly what was folded.
   */
  private final Map<PartyId, SharedState> folded = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param capabilities what each peer reads, empty while it has not said (its link not yet up)
   */
  public Crisis(
      PartyId self,
      LinkStore store,
      Outbox outbox,
      PeerDirectory peers,
      java.util.function.Function<PartyId, Optional<PeerCapabilities>> capabilities,
      EventBus events,
      java.time.Clock clock) {
    this.self = self;
    this.store = store;
    this.outbox = outbox;
    this.peers = peers;
    this.capabilities = capabilities;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Follows the shared state of every link as it changes, on a thread of its own (each step
   * computes the link's state again): raises a security event, through {@code raise}, for every
   * change of a peer that the rules refuse, once, when the batch that carried it has been stored,
   * and for every formatted notification received that does not keep its template; and keeps {@code
   * deadlines} to the channels' agreed deadline tables. Refused changes already held when this is
   * called are taken as raised before (when they arrived). Returns the follower, to close with the
   * node.
   */
  public AutoCloseable follow(
      java.util.function.Consumer<org.hotline.link.SecurityEvent> raise,
      ChannelDeadlines deadlines) {
    java.util.Set<MessageId> raised = java.util.concurrent.ConcurrentHashMap.newKeySet();
    for (PartyId peer : peers()) {
      state(peer).refused().forEach(item -> raised.add(item.id()));
      deadlines.refresh(peer, withOurQueued(peer));
    }
    // One waiting step per peer: a burst of batches on a link needs only the step that reads them
    // all, and no link's step is ever dropped for another's.
    java.util.Set<PartyId> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.ExecutorService follower =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "crisis-follower");
              thread.setDaemon(true);
              return thread;
            });
    events.observe(
        event -> {
          if (event instanceof Event.MessageReceived received) {
            try {
              follower.execute(() -> checkReceived(received.id(), raise));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
              // the node is closing
            }
          }
          if (event instanceof Event.CrisisChanged changed && waiting.add(changed.peer())) {
            try {
              follower.execute(
                  () -> {
                    waiting.remove(changed.peer());
                    followed(changed.peer(), raised, raise, deadlines);
                  });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
              waiting.remove(changed.peer());
            }
          }
        });
    return follower::shutdownNow;
  }

  /**
   * The link's state with our own changes still queued folded in: what this node has agreed, which
   * its own deadlines follow at once (the peer's follow when the change arrives).
   */
  private SharedState withOurQueued(PartyId peer) {
    LogOrigin ours = new LogOrigin(self, peer);
    return SharedState.withQueued(
        parties(peer), store.changes(ours), Long.MAX_VALUE, size(ours.reversed()), places());
  }

  private void followed(
      PartyId peer,
      java.util.Set<MessageId> raised,
      java.util.function.Consumer<org.hotline.link.SecurityEvent> raise,
      ChannelDeadlines deadlines) {
    SharedState state;
    try {
      state = state(peer);
      deadlines.refresh(peer, withOurQueued(peer));
    } catch (RuntimeException e) {
      // A peer unpaired meanwhile, a store closing with the node: the next change reads again.
      return;
    }
    for (TimelineItem item : state.refused()) {
      if (item.party().equals(peer) && raised.add(item.id())) {
        raise.accept(
            new org.hotline.link.SecurityEvent(
                clock.instant(),
                peer.value(),
                org.hotline.link.SecurityEvent.Kind.REFUSED_CHANGE,
                peer
                    + " signed a change that was not valid where it stood: "
                    + item.op()
                    + " at "
                    + item.log()
                    + " #"
                    + item.seq()
                    + ": "
                    + item.reason(),
                "change " + item.id() + " in " + item.log() + " at " + item.seq()));
      }
    }
  }

  /** This node's time, for display flags (an overdue commitment), never for the state. */
  public java.time.Instant now() {
    return clock.instant();
  }

  public PartyId self() {
    return self;
  }

  /** The peers this node shares objects with: every pinned peer. */
  public List<PartyId> peers() {
    return peers.peers().stream().map(peer -> peer.id()).toList();
  }

  /**
   * The shared objects of the link with {@code peer} as of the two log sizes this node holds: the
   * peer's log as received, ours as placed (changes still queued are not in it).
   */
  public SharedState state(PartyId peer) {
    requirePeer(peer);
    LogOrigin ours = new LogOrigin(self, peer);
    long ourSize = size(ours);
    long theirSize = size(ours.reversed());
    SharedState kept = folded.get(peer);
    if (kept != null && foldedAt(kept, ourSize, theirSize)) {
      return kept;
    }
    SharedState state =
        SharedState.asOf(parties(peer), store.changes(ours), ourSize, theirSize, places());
    folded.put(peer, state);
    return state;
  }

  private boolean foldedAt(SharedState state, long ourSize, long theirSize) {
    LogOrigin ours = new LogOrigin(self, state.parties().peer());
    return state.asOf().get(ours) == ourSize && state.asOf().get(ours.reversed()) == theirSize;
  }

  /**
   * The link's state hash at the given sizes of its two logs (which this node must hold): what the
   * checkpoint exchange compares with the peer's (docs/protocol.md §11.3).
   */
  public String stateHashAt(PartyId peer, long ourSize, long theirSize) {
    // Always from the changes as stored now, never the state kept for views: the exchange is
    // there to find a record changed behind the node's back, which no log size would reveal.
    return SharedState.asOf(
            parties(peer), store.changes(new LogOrigin(self, peer)), ourSize, theirSize, places())
        .stateHash();
  }

  /**
   * How a message we received arrived on its channel, with respect to our suspensions of it
   * (docs/protocol.md §20.9, {@link SharedState#arrival}); empty for a message we sent, one not yet
   * placed, or one from a party no longer paired.
   */
  public Optional<SharedState.Arrival> arrival(org.hotline.link.MessageRecord message) {
    PartyId sender = message.from();
    if (sender.equals(self) || message.seq() <= 0 || !peers().contains(sender)) {
      return Optional.empty();
    }
    long seen = message.seen() == null ? -1 : message.seen();
    return Optional.of(state(sender).arrival(self, message.draft().channel(), message.seq(), seen));
  }

  /**
   * A formatted notification to {@code to} on {@code channel} (general when null), filled in
   * against the template {@code templateId} that {@code to} adopted there, at {@code version} or
   * the newest it adopted when null, with {@code fields}, the values as JSON text (docs/
   * notifications.md). The draft's subject is the template's id, its body the values in canonical
   * JSON (RFC 8785), and it names the template by id, version and hash. Checks in this order, and
   * throws at the first that fails: {@link InvalidInputException} on field "template" when the peer
   * does not read entry format 4 ({@link OverloadedException} while it has not said what it reads),
   * {@link org.hotline.TemplateNotAdoptedException} when it has not adopted the template on the
   * channel, {@link org.hotline.InvalidFieldsException} with every problem when the values break
   * it. Stores nothing: the caller submits the draft.
   */
  public org.hotline.link.entry.Draft formattedNotification(
      PartyId to,
      String templateId,
      Integer version,
      String channel,
      org.hotline.link.entry.Precedence precedence,
      org.hotline.link.entry.StatusFlag status,
      String fields) {
    requirePeer(to);
    PeerCapabilities reads =
        capabilities
            .apply(to)
            .orElseThrow(
                () ->
                    new OverloadedException(
                        "the link with "
                            + to
                            + " has not yet said what it reads; try again when it is up",
                        java.time.Duration.ofSeconds(5)));
    if (!reads.reads(org.hotline.link.entry.EntryCodec.FORMAT_4)) {
      throw new InvalidInputException(
          "template",
          "template: "
              + to
              + " runs a version that does not read formatted notifications (entry format 4);"
              + " send a plain message, or upgrade it first");
    }
    String on = channel == null ? org.hotline.link.entry.Draft.CHANNEL_DEFAULT : channel;
    org.hotline.notice.Template template =
        state(to).adopted(to, on).stream()
            .filter(adopted -> adopted.id().equals(templateId))
            .filter(adopted -> version == null || adopted.version() == version)
            .max(java.util.Comparator.comparingInt(org.hotline.notice.Template::version))
            .orElseThrow(
                () ->
                    new org.hotline.TemplateNotAdoptedException(
                        templateId,
                        version,
                        on,
                        to
                            + " has not adopted template "
                            + templateId
                            + (version == null ? "" : " version " + version)
                            + " on channel "
                            + on
                            + ": it would not know the form"));
    if (fields == null) {
      throw new InvalidInputException("fields", "fields is required: the notification's values");
    }
    List<org.hotline.notice.FieldProblem> problems = template.check(fields);
    if (!problems.isEmpty()) {
      throw new org.hotline.InvalidFieldsException(
          template.id(),
          problems.stream()
              .map(
                  problem ->
                      new org.hotline.InvalidFieldsException.FieldError(
                          problem.pointer(), problem.rule(), problem.message()))
              .toList());
    }
    return new org.hotline.link.entry.Draft(
        to,
        precedence,
        status,
        template.id(),
        org.hotline.notice.Template.canonicalValues(fields),
        null,
        null,
        on,
        new org.hotline.link.entry.TemplateRef(
            template.id(), template.version(), template.sha256()));
  }

  /**
   * The formatted notification {@code message} is, read against the templates adopted on its link
   * ({@link FormattedNotification#read}); empty for a plain message. A message of a party no longer
   * paired reads as {@link FormattedNotification.Validity#UNKNOWN_TEMPLATE}: its link's state is
   * gone.
   */
  public Optional<FormattedNotification> notification(org.hotline.link.MessageRecord message) {
    org.hotline.link.entry.TemplateRef ref = message.template();
    if (ref == null) {
      return Optional.empty();
    }
    PartyId peer = message.from().equals(self) ? message.to() : message.from();
    Optional<org.hotline.notice.Template> adopted =
        peers().contains(peer) ? state(peer).template(ref.sha256()) : Optional.empty();
    return Optional.of(FormattedNotification.read(ref, adopted, message.draft().body()));
  }

  /** At most this many of a notification's problems are named in its security event's detail. */
  static final int PROBLEMS_NAMED_MAX = 3;

  /**
   * Raises a security event of kind {@code invalid-notification} for a formatted notification we
   * received that is not {@link FormattedNotification.Validity#VALID}: its id, template and first
   * problems, never its values. The message itself is stored, receipted and watched as any other.
   */
  private void checkReceived(
      MessageId id, java.util.function.Consumer<org.hotline.link.SecurityEvent> raise) {
    Optional<org.hotline.link.MessageRecord> message;
    Optional<FormattedNotification> notification;
    try {
      message = store.message(id);
      notification = message.flatMap(this::notification);
    } catch (RuntimeException | StackOverflowError e) {
      // A store closing with the node, a peer unpaired meanwhile; a check that overflowed (which a
      // template's rules prevent) must not end the follower thread either.
      return;
    }
    if (notification.isEmpty()
        || notification.get().validity() == FormattedNotification.Validity.VALID) {
      return;
    }
    FormattedNotification read = notification.get();
    org.hotline.link.MessageRecord received = message.get();
    String problems =
        read.problems().stream()
            .limit(PROBLEMS_NAMED_MAX)
            .map(problem -> problem.pointer() + " " + problem.rule())
            .collect(java.util.stream.Collectors.joining("; "));
    raise.accept(
        new org.hotline.link.SecurityEvent(
            clock.instant(),
            received.from().value(),
            org.hotline.link.SecurityEvent.Kind.INVALID_NOTIFICATION,
            received.from()
                + " sent formatted notification "
                + id
                + " that is "
                + read.validity()
                + " against template "
                + read.ref().id()
                + " version "
                + read.ref().version()
                + ": "
                + problems,
            "message "
                + id
                + " at "
                + new LogOrigin(received.from(), received.to())
                + " #"
                + received.seq()
                + " template "
                + read.ref().sha256()));
  }

  /** The object {@code name} ({@code incident/<id>}) on whichever link holds it. */
  public Optional<Located> find(String name) {
    for (PartyId peer : peers()) {
      SharedState state = state(peer);
      Optional<SharedObject> object = state.object(name);
      if (object.isPresent()) {
        return Optional.of(new Located(state, object.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * The peer whose link holds the object {@code name}: in the record, or still pending here (its
   * creation accepted, not yet placed).
   */
  public Optional<PartyId> linkOf(String name) {
    Optional<Located> located = find(name);
    if (located.isPresent()) {
      return Optional.of(located.get().state().parties().peer());
    }
    return peers().stream()
        .filter(peer -> pending(peer).stream().anyMatch(change -> change.object().equals(name)))
        .findFirst();
  }

  /** An object with the state of the link it belongs to. */
  public record Located(SharedState state, SharedObject object) {}

  /**
   * Our changes to objects of the link with {@code peer} that are accepted but not yet placed in
   * our log (the link is down, or a batch is ahead of them): shown apart, never in a state.
   */
  public List<ChangeEntry> pending(PartyId peer) {
    requirePeer(peer);
    return store.queuedChanges(new LogOrigin(self, peer)).stream()
        .map(LinkStore.ChangeRecord::entry)
        .toList();
  }

  /** A change as accepted: the entry, and whether it is already placed in our log. */
  public record Accepted(ChangeEntry change, boolean placed) {
    /** {@code QUEUED} until placed, then {@code SENT}, as the API shows a change. */
    public String state() {
      return placed ? "SENT" : "QUEUED";
    }
  }

  /**
   * Makes a change: creates an object of {@code type} (when {@code object} is empty) or changes the
   * object {@code type/object}, on the link with {@code peer}. {@code by} is who makes it, with
   * {@code role} (the API token acts as the node's operator: {@link Role#ADMINISTRATOR}).
   *
   * <p>Throws {@link NotFoundException} for an unknown peer or object, {@link
   * NotPermittedException} when the role does not allow the operation (docs/crisis.md §6), {@link
   * InvalidInputException} naming the argument at fault, {@link ConflictException} when the
   * object's state does not allow the change or the peer does not read changes, {@link
   * OverloadedException} while the peer has not yet said what it reads. Nothing is stored when it
   * throws.
   */
  public Accepted change(
      PartyId peer,
      ObjectType type,
      Optional<MessageId> object,
      String op,
      Map<String, Object> data,
      String by,
      Role role) {
    if (object.isEmpty() != op.equals(type.createOp())) {
      throw new InvalidInputException(
          "op",
          object.isEmpty()
              ? "a new " + type.wire() + " is made by '" + type.createOp() + "'"
              : "'" + op + "' does not create an object here");
    }
    return make(peer, type, object.map(id -> type.wire() + "/" + id), op, data, by, role);
  }

  /**
   * Says how this node's people read {@code message}, which the peer sent: a {@code translate}
   * change on {@code translation/<message>} with {@code data} ({@code language}, {@code text},
   * {@code field}?) (docs/notifications.md, translations). Throws {@link NotFoundException} for a
   * message this node does not hold, {@link ConflictException} for one it wrote (only its reader
   * translates), and otherwise as {@link #change} does.
   */
  public Accepted translate(MessageId message, Map<String, Object> data, String by, Role role) {
    store
        .message(message)
        .ifPresent(
            held ->
                requireTranslatedField(
                    notification(held), data == null ? null : data.get("field")));
    return onTranslations(message, "translate", data, by, role);
  }

  /**
   * Refuses, naming {@code field}, a translation that does not say what it covers: a plain
   * message's text is translated whole, so it names no field; a formatted notification's coded
   * fields need no translation, so it names one of its free-text fields by its JSON Pointer.
   */
  private static void requireTranslatedField(
      Optional<FormattedNotification> notification, Object field) {
    if (notification.isEmpty()) {
      if (field != null) {
        throw new InvalidInputException(
            "field",
            "field: a plain message is translated whole; only a formatted notification's"
                + " free-text fields are named");
      }
      return;
    }
    List<String> pointers =
        notification.get().freeText().stream()
            .map(org.hotline.notice.Template.FreeText::pointer)
            .toList();
    if (pointers.isEmpty()) {
      throw new InvalidInputException(
          "field",
          "field: this formatted notification has no free-text field a translation could cover"
              + (notification.get().template().isEmpty()
                  ? " (its template is not adopted on the link)"
                  : ""));
    }
    if (field == null) {
      throw new InvalidInputException(
          "field",
          "field is required: a formatted notification is translated one free-text field at a"
              + " time, one of "
              + String.join(", ", pointers));
    }
    if (!(field instanceof String named) || !pointers.contains(named)) {
      throw new InvalidInputException(
          "field",
          "field: '"
              + Args.clip(String.valueOf(field))
              + "' is not a free-text field of this notification; one of "
              + String.join(", ", pointers));
    }
  }

  /**
   * Disputes a translation of {@code message}, which this node wrote: a {@code dispute} change with
   * {@code data} ({@code of} = the translate change's id, {@code note}). Throws as {@link
   * #translate} does; {@link ConflictException} for a message this node received.
   */
  public Accepted dispute(MessageId message, Map<String, Object> data, String by, Role role) {
    return onTranslations(message, "dispute", data, by, role);
  }

  private Accepted onTranslations(
      MessageId message, String op, Map<String, Object> data, String by, Role role) {
    org.hotline.link.MessageRecord held =
        store
            .message(message)
            .orElseThrow(() -> new NotFoundException("no message " + message + " on this node"));
    PartyId peer = held.from().equals(self) ? held.to() : held.from();
    return make(
        peer,
        ObjectType.TRANSLATION,
        Optional.of(ObjectType.TRANSLATION.wire() + "/" + message),
        op,
        data,
        by,
        role);
  }

  /** {@link #translations(org.hotline.link.MessageRecord)} of a message this node holds. */
  public Optional<Translation> translationsOf(MessageId message) {
    return store.message(message).flatMap(this::translations);
  }

  /**
   * The translations of {@code message} as the record holds them on its link, if any were made:
   * placed changes only, like every state this node shows.
   */
  public Optional<Translation> translations(org.hotline.link.MessageRecord message) {
    PartyId peer = message.from().equals(self) ? message.to() : message.from();
    if (!peers().contains(peer)) {
      return Optional.empty();
    }
    return state(peer).translations(message.id());
  }

  /**
   * Makes a change to the channel {@code channel} ({@code military}) of the link with {@code peer}:
   * {@code propose}, {@code accept}, {@code suspend} or {@code resume} (docs/crisis.md, channels).
   * Throws as {@link #change} does; {@link InvalidInputException} on {@code name} for a name that
   * is not a channel's.
   */
  public Accepted changeChannel(
      PartyId peer, String channel, String op, Map<String, Object> data, String by, Role role) {
    if (!Channel.isName(channel)) {
      throw new InvalidInputException(
          "name",
          "name: a channel is a lower-case word of up to 32 characters, such as military, not '"
              + Args.clip(String.valueOf(channel))
              + "'");
    }
    return make(
        peer,
        ObjectType.CHANNEL,
        Optional.of(ObjectType.CHANNEL.wire() + "/" + channel),
        op,
        data,
        by,
        role);
  }

  private Accepted make(
      PartyId peer,
      ObjectType type,
      Optional<String> object,
      String op,
      Map<String, Object> data,
      String by,
      Role role) {
    requirePeer(peer);
    String admittedBy = TextPolicy.admit("by", by, TextPolicy.Lines.ONE);
    Permission needed = Operations.permission(type, op, data);
    if (!role.allows(needed)) {
      throw new NotPermittedException(
          "a "
              + role.label()
              + " may not "
              + op
              + " "
              + (object.isEmpty() ? "a new " : "an ")
              + type.wire());
    }
    requireReadsChanges(peer);
    if (type == ObjectType.CHANNEL) {
      requireReadsFormat(peer, org.hotline.link.entry.EntryCodec.FORMAT_3, "changes to channels");
    }
    if (type == ObjectType.TRANSLATION) {
      // A translation needs no field format 3 lacks, but a version without translations (every
      // version that reads at most format 3) keeps such a change unread (REFUSED, "no object
      // type", §20.4 rule 2) and its state hash then parts from ours. What a peer reads is told
      // only as formats and kinds; translations came with format 4, so format 4 is the gate.
      requireReadsFormat(peer, org.hotline.link.entry.EntryCodec.FORMAT_4, "translations");
    }
    if (type == ObjectType.CHANNEL && (op.equals("adopt") || op.equals("withdraw"))) {
      requireReadsFormat(
          peer,
          org.hotline.link.entry.EntryCodec.FORMAT_4,
          "the adoption of notification templates");
    }
    SortedMap<String, Object> arguments = admitted(data);
    requireKnownMessages(arguments);
    if (object.isPresent() && type != ObjectType.CHANNEL && type != ObjectType.TRANSLATION) {
      requireObject(peer, object.get());
    }
    requireKnownChannel(peer, type, arguments);
    ChangeEntry change =
        outbox.queueChange(
            peer,
            (records, seen, id, now) -> {
              String name = object.orElse(type.wire() + "/" + id);
              ChangeEntry candidate =
                  new ChangeEntry(
                      new LogOrigin(self, peer), 0, id, now, name, op, seen, admittedBy, arguments);
              SharedState.withQueued(parties(peer), records, Long.MAX_VALUE, seen, places())
                  .admit(candidate);
              return candidate;
            });
    boolean placed =
        store.changes(new LogOrigin(self, peer)).stream()
            .anyMatch(record -> record.entry().id().equals(change.id()) && record.placed());
    events.publish(new Event.CrisisChanged(peer, List.of(change.object()), false));
    return new Accepted(change, placed);
  }

  /**
   * The arguments with their text admitted by the text policy (CR LF made LF), each within what a
   * change entry carries: the limits of the entry are checked here, naming the argument, because
   * the entry itself can only say that the entry is at fault.
   */
  private static SortedMap<String, Object> admitted(Map<String, Object> data) {
    if (data == null) {
      return new TreeMap<>();
    }
    SortedMap<String, Object> admitted = new TreeMap<>();
    for (Map.Entry<String, Object> field : data.entrySet()) {
      Object value = field.getValue();
      fitsAnEntry(field.getKey(), value);
      admitted.put(
          field.getKey(),
          value instanceof String text
              ? TextPolicy.admit(field.getKey(), text, TextPolicy.Lines.MULTI)
              : value);
    }
    return admitted;
  }

  private static void fitsAnEntry(String name, Object value) {
    if (value instanceof String text && text.length() > ChangeEntry.STRING_CHARS_MAX) {
      throw new InvalidInputException(
          name,
          name
              + ": must be 1 to "
              + ChangeEntry.STRING_CHARS_MAX
              + " characters, not "
              + text.length());
    }
    if (value instanceof List<?> list) {
      if (list.size() > ChangeEntry.LIST_ITEMS_MAX) {
        throw new InvalidInputException(
            name, name + ": at most " + ChangeEntry.LIST_ITEMS_MAX + " ids, not " + list.size());
      }
      for (Object item : list) {
        if (!(item instanceof String text) || text.length() > ChangeEntry.ITEM_CHARS_MAX) {
          throw new InvalidInputException(name, name + ": must be a list of ids");
        }
      }
    }
  }

  /** Every message a change links to is one this node holds: sent or received. */
  private void requireKnownMessages(Map<String, Object> arguments) {
    List<String> ids = new ArrayList<>();
    if (arguments.get("message") instanceof String id) {
      ids.add(id);
    }
    if (arguments.get("messages") instanceof List<?> list) {
      list.forEach(item -> ids.add(String.valueOf(item)));
    }
    for (String id : ids) {
      MessageId message;
      try {
        message = MessageId.parse(id);
      } catch (InvalidInputException e) {
        continue; // the rules name the malformed id
      }
      if (!store.messageExists(message)) {
        throw new InvalidInputException(
            arguments.containsKey("messages") ? "messages" : "message",
            "no message " + message + " on this node");
      }
    }
  }

  /**
   * A new incident names a channel the link has: the rules take any word, so that changes already
   * signed fold the same, but this node signs none naming a channel the link does not have.
   */
  private void requireKnownChannel(PartyId peer, ObjectType type, Map<String, Object> arguments) {
    if (type == ObjectType.INCIDENT
        && arguments.get("channel") instanceof String channel
        && Channel.isName(channel)
        && state(peer).channel(channel).filter(Channel::exists).isEmpty()) {
      throw new InvalidInputException(
          "channel", "channel: the link with " + peer + " has no channel " + channel);
    }
  }

  private void requireObject(PartyId peer, String name) {
    if (state(peer).object(name).isEmpty()
        && pending(peer).stream().noneMatch(change -> change.object().equals(name))) {
      throw new NotFoundException("no " + name + " on the link with " + peer);
    }
  }

  private void requireReadsChanges(PartyId peer) {
    PeerCapabilities reads =
        capabilities
            .apply(peer)
            .orElseThrow(
                () ->
                    new OverloadedException(
                        "the link with "
                            + peer
                            + " has not yet said what it reads; try again when it is up",
                        java.time.Duration.ofSeconds(5)));
    if (!reads.kinds().contains(ChangeEntry.KIND)) {
      throw new ConflictException(
          peer + " runs a version that does not read crisis changes; it must be upgraded first");
    }
  }

  /**
   * Throws {@link ConflictException} unless {@code peer} is known to read entry format {@code
   * format}, the first that carries {@code what}.
   */
  private void requireReadsFormat(PartyId peer, int format, String what) {
    if (capabilities.apply(peer).map(reads -> !reads.reads(format)).orElse(true)) {
      throw new ConflictException(
          peer
              + " runs a version that does not read "
              + what
              + " (entry format "
              + format
              + "); it must be upgraded first");
    }
  }

  private void requirePeer(PartyId peer) {
    if (peers.peer(peer).isEmpty()) {
      throw new NotFoundException("no peer " + peer + " is paired with this node");
    }
  }

  /** Where this node's messages stand in their logs. */
  private MessagePlaces places() {
    return MessagePlaces.of(store);
  }

  private Parties parties(PartyId peer) {
    return new Parties(self, peer);
  }

  private long size(LogOrigin log) {
    return store.logHead(log).map(LinkStore.LogHead::size).orElse(0L);
  }
}
