package org.hotline.link.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;
import org.hotline.HotlineException;
import org.hotline.InvalidInputException;
import org.hotline.OverloadedException;
import org.hotline.identity.PartyId;
import org.hotline.link.AckDeadlines;
import org.hotline.link.BatchLimits;
import org.hotline.link.ChannelGate;
import org.hotline.link.LinkStore;
import org.hotline.link.MessageAnswer;
import org.hotline.link.MessageRecord;
import org.hotline.link.MessageState;
import org.hotline.link.Peer;
import org.hotline.link.PeerDirectory;
import org.hotline.link.entry.ChangeEntry;
import org.hotline.link.entry.DeadlineMissedEntry;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.Entry;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.LinkTestEntry;
import org.hotline.link.entry.MessageEntry;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.ResponseEntry;
import org.hotline.text.TextPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts messages and stores them durably before answering: the caller's {@link #submit} returns
 * only after the transaction that holds them is fsynced. Concurrent submissions are written
 * together by one committer thread (group commit), so one fsync serves many callers.
 *
 * <p>Thread-safe.
 */
public final class Outbox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  /** Submissions waiting for the committer; past this, callers get 503 and retry. */
  public static final int PENDING_SUBMISSIONS_MAX = 4_096;

  /** Messages written in one group transaction: about 20 ms of SQLite work at 100k rows/s. */
  public static final int COMMIT_GROUP_MESSAGES_MAX = 2_000;

  /**
   * Queued (unsequenced) messages per peer: a week of heavy traffic; beyond it the link is broken.
   */
  public static final long QUEUED_PER_PEER_MAX = 1_000_000;

  /** Messages in one API submission. */
  public static final int SUBMISSION_MESSAGES_MAX = 1_000;

  /**
   * How long a caller may wait for its group to commit before it is told the node is overloaded.
   */
  static final Duration COMMIT_WAIT_MAX = Duration.ofSeconds(30);

  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** What the caller gets back for each accepted message. */
  public record Accepted(MessageId id, MessageState state) {}

  private record Pending(
      List<LinkStore.OutgoingMessage> messages,
      List<LinkStore.QueuedEntry> entries,
      CompletableFuture<Void> done) {}

  private final PartyId self;
  private final LinkStore store;
  private final PeerDirectory peers;
  private final Clock clock;
  private final RandomGenerator random;
  private final AckDeadlines deadlines;
  private final Consumer<PartyId> queuedListener;
  private volatile Consumer<LinkStore.ResponseRecord> answered = response -> {};
  private volatile ToIntFunction<PartyId> formats = peer -> EntryCodec.FORMAT_VERSION;
  private volatile ChannelGate gate = ChannelGate.OPEN;
  private final BlockingQueue<Pending> pending = new ArrayBlockingQueue<>(PENDING_SUBMISSIONS_MAX);
  private final Map<PartyId, AtomicLong> queued = new ConcurrentHashMap<>();
  private final Thread committer;
  private volatile Sequencer sequencer;
  private volatile java.util.function.Predicate<PartyId> ready = peer -> false;
  private volatile java.util.function.Supplier<BatchLimits> limits = () -> BatchLimits.DEFAULT;
  private volatile boolean closed;

  public Outbox(
      PartyId self,
      LinkStore store,
      PeerDirectory peers,
      Clock clock,
      RandomGenerator random,
      AckDeadlines deadlines,
      Consumer<PartyId> queuedListener) {
    this.self = self;
    this.store = store;
    this.peers = peers;
    this.clock = clock;
    this.random = random;
    this.deadlines = deadlines;
    this.queuedListener = queuedListener;
    this.committer =
        Thread.ofPlatform().name("outbox-committer").daemon().unstarted(this::commitLoop);
    committer.start();
  }

  /**
   * Asks {@code gate}, from now on, whether each message may go out on its channel before it is
   * accepted ({@link #submit}, {@link #check}). Without this call every channel is open ({@link
   * ChannelGate#OPEN}).
   */
  public void useChannelGate(ChannelGate gate) {
    this.gate = java.util.Objects.requireNonNull(gate);
  }

  /**
   * Stores the drafts durably and returns their ids, in order, all QUEUED. Throws {@link
   * InvalidInputException} (nothing stored) for an unknown recipient or reply target, {@link
   * org.hotline.ChannelRefusedException} (nothing stored) when the {@link ChannelGate} refuses any
   * of them, and {@link OverloadedException} (nothing stored) when the queues are full.
   */
  public List<Accepted> submit(List<Draft> drafts) {
    if (drafts.isEmpty() || drafts.size() > SUBMISSION_MESSAGES_MAX) {
      throw new InvalidInputException(
          "messages",
          "a submission holds 1 to " + SUBMISSION_MESSAGES_MAX + " messages, got " + drafts.size());
    }
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    List<LinkStore.OutgoingMessage> messages = new ArrayList<>(drafts.size());
    Set<PartyId> known = new HashSet<>();
    List<LinkStore.QueuedEntry> entries = new ArrayList<>(drafts.size());
    Map<PartyId, Written> written = new java.util.HashMap<>();
    for (int index = 0; index < drafts.size(); index++) {
      Draft draft = admitted(drafts, index);
      if (!known.contains(draft.to()) && peers.peer(draft.to()).isPresent()) {
        known.add(draft.to());
      }
      if (!known.contains(draft.to())) {
        throw invalid(
            drafts,
            index,
            "to",
            "unknown peer '" + draft.to() + "': pair with it first (hotline peer add)");
      }
      if (draft.inReplyTo() != null && !store.messageExists(draft.inReplyTo())) {
        throw invalid(
            drafts, index, "in_reply_to", "no message " + draft.inReplyTo() + " to reply to");
      }
      if (counter(draft.to()).get() >= QUEUED_PER_PEER_MAX) {
        throw new OverloadedException(
            QUEUED_PER_PEER_MAX
                + " messages already queued for "
                + draft.to()
                + "; the link is not draining",
            RETRY_AFTER);
      }
      Written as = written.computeIfAbsent(draft.to(), this::writtenNow);
      LinkStore.OutgoingMessage message =
          new LinkStore.OutgoingMessage(
              MessageId.generate(now, random), self, now, draft, as.seen());
      try {
        entries.add(queueable(message, as.format()));
      } catch (InvalidInputException e) {
        throw invalid(drafts, index, e.field(), e.getMessage());
      }
      messages.add(message);
    }
    // After seen is read: a suspension the peer's log holds within seen is one the gate knew of,
    // so a message it lets through never claims to have seen a suspension of its channel.
    // Once per peer, channel and precedence: a batch of a thousand is mostly one of each.
    java.util.Set<List<Object>> admitted = new java.util.HashSet<>();
    for (Draft draft : drafts) {
      if (admitted.add(List.of(draft.to(), draft.channel(), draft.precedence()))) {
        gate.admit(draft.to(), draft.channel(), draft.precedence());
      }
    }
    Pending request = new Pending(messages, entries, new CompletableFuture<>());
    if (closed || !pending.offer(request)) {
      throw new OverloadedException(
          "the outbox has " + PENDING_SUBMISSIONS_MAX + " submissions waiting to be stored",
          RETRY_AFTER);
    }
    awaitCommit(request.done());
    List<Accepted> accepted = new ArrayList<>(messages.size());
    for (LinkStore.OutgoingMessage message : messages) {
      accepted.add(new Accepted(message.id(), MessageState.QUEUED));
    }
    return accepted;
  }

  /**
   * The draft as {@link #submit} would take it (text admitted by the policy, a paired recipient, a
   * reply to a message this node holds, an entry its reader accepts), without storing anything: for
   * a draft held elsewhere before it is submitted, such as a FLASH waiting for two-person release,
   * so that it is refused now rather than when it is released. Throws {@link InvalidInputException}
   * naming the field.
   */
  public Draft check(Draft draft) {
    List<Draft> drafts = List.of(draft);
    Draft admitted = admitted(drafts, 0);
    if (peers.peer(admitted.to()).isEmpty()) {
      throw new InvalidInputException(
          "to", "unknown peer '" + admitted.to() + "': pair with it first (hotline peer add)");
    }
    if (admitted.inReplyTo() != null && !store.messageExists(admitted.inReplyTo())) {
      throw new InvalidInputException(
          "in_reply_to", "no message " + admitted.inReplyTo() + " to reply to");
    }
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Written as = writtenNow(admitted.to());
    queueable(
        new LinkStore.OutgoingMessage(
            MessageId.generate(now, random), self, now, admitted, as.seen()),
        as.format());
    gate.admit(admitted.to(), admitted.channel(), admitted.precedence());
    return admitted;
  }

  /** Tells {@code listener} of every answer this node gives (for events and deadline timers). */
  public void onAnswer(Consumer<LinkStore.ResponseRecord> listener) {
    Consumer<LinkStore.ResponseRecord> previous = answered;
    answered = previous.andThen(listener);
  }

  /**
   * The draft at {@code index} with its text admitted by the {@link TextPolicy} (CR LF made LF in
   * the body), or the submission refused naming the field and position.
   */
  private static Draft admitted(List<Draft> drafts, int index) {
    try {
      return drafts.get(index).admitted();
    } catch (InvalidInputException e) {
      throw invalid(drafts, index, e.field(), e.getMessage());
    }
  }

  /** In a submission of several messages the problem says which one, as {@code messages[i].to}. */
  private static InvalidInputException invalid(
      List<Draft> drafts, int index, String field, String message) {
    if (drafts.size() == 1) {
      return new InvalidInputException(field, message);
    }
    return new InvalidInputException(
        "messages[" + index + "]." + field, "message " + index + ": " + message);
  }

  /**
   * Called by the dispatcher when {@code count} queued entries for {@code peer} were sequenced. The
   * count is a gauge for status and the queue bound; the dispatcher never relies on it to decide
   * whether to look at the queue, so a momentary miscount (a commit counted just after its entries
   * were sequenced) can never leave an entry unsent.
   */
  void sequenced(PartyId peer, int count) {
    counter(peer).addAndGet(-count);
  }

  /** Sets the queue gauge from storage at start-up. */
  public void loadQueuedCounts() {
    for (Peer peer : peers.peers()) {
      counter(peer.id()).set(store.queuedCount(peer.id()));
    }
  }

  public long queued(PartyId peer) {
    return Math.max(0, counter(peer).get());
  }

  private AtomicLong counter(PartyId peer) {
    return queued.computeIfAbsent(peer, p -> new AtomicLong());
  }

  private static void awaitCommit(CompletableFuture<Void> done) {
    try {
      done.get(COMMIT_WAIT_MAX.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HotlineException hotline) {
        throw hotline;
      }
      throw new IllegalStateException(
          "storing messages failed: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new OverloadedException(
          "storage did not commit within " + COMMIT_WAIT_MAX.toSeconds() + " s", RETRY_AFTER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OverloadedException("interrupted while storing", RETRY_AFTER);
    }
  }

  private void commitLoop() {
    List<Pending> group = new ArrayList<>();
    while (!closed || !pending.isEmpty()) {
      try {
        Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        int messages = first.messages().size();
        while (messages < COMMIT_GROUP_MESSAGES_MAX && pending.peek() != null) {
          Pending next = pending.poll();
          group.add(next);
          messages += next.messages().size();
        }
        commit(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        group.clear();
      }
    }
  }

  private void commit(List<Pending> group) {
    List<LinkStore.OutgoingMessage> all = new ArrayList<>();
    group.forEach(p -> all.addAll(p.messages()));
    Map<PartyId, Integer> sequenced = new java.util.HashMap<>();
    try {
      store.write(
          writes -> {
            sequenced.clear();
            List<PartyId> idle = idlePeers(writes, all);
            writes.insertOutgoing(all, clock.instant(), deadlinesOf(all));
            List<LinkStore.QueuedEntry> entries = new ArrayList<>(all.size());
            group.forEach(p -> entries.addAll(p.entries()));
            writes.enqueue(entries);
            for (PartyId peer : idle) {
              sequenced.put(peer, sequencer.sequenceIn(writes, peer, limits.get().entries()));
            }
            return null;
          });
    } catch (RuntimeException e) {
      LOG.error("storing {} submitted messages failed", all.size(), e);
      group.forEach(p -> p.done().completeExceptionally(e));
      return;
    }
    all.forEach(m -> counter(m.draft().to()).incrementAndGet());
    sequenced.forEach(this::sequenced);
    group.forEach(p -> p.done().complete(null));
    all.stream().map(m -> m.draft().to()).distinct().forEach(queuedListener);
  }

  /**
   * The recipients of {@code messages} whose link is idle: its dispatcher ready to send at once,
   * nothing queued, nothing sent without a receipt. Their entries are sequenced in the transaction
   * that accepts them, which saves the sequencing's own fsync on an idle link; elsewhere they queue
   * behind what is there. None when the node has not said how to sequence ({@link
   * #sequenceWhenIdle}).
   */
  private List<PartyId> idlePeers(
      LinkStore.Writes writes, List<LinkStore.OutgoingMessage> messages) {
    List<PartyId> idle = new ArrayList<>();
    for (PartyId peer : messages.stream().map(m -> m.draft().to()).distinct().toList()) {
      if (idle(writes, peer)) {
        idle.add(peer);
      }
    }
    return idle;
  }

  /** Whether the link to {@code peer} is idle, as {@link #idlePeers} says. */
  private boolean idle(LinkStore.Writes writes, PartyId peer) {
    if (sequencer == null || !ready.test(peer)) {
      return false;
    }
    org.hotline.identity.LogOrigin log = new org.hotline.identity.LogOrigin(self, peer);
    LinkStore.LogHead head = writes.logHead(log).orElse(LinkStore.LogHead.EMPTY);
    return head.size() == head.receiptedSize() && writes.nextQueued(log, 1).isEmpty();
  }

  /**
   * Sequences the entries of an idle link in the transaction that accepts them, with {@code
   * sequencer}, in batches of {@code limits}' size, when {@code ready} says the peer's dispatcher
   * would send them at once. Without this call every entry is queued for its dispatcher.
   */
  public void sequenceWhenIdle(
      Sequencer sequencer,
      java.util.function.Supplier<BatchLimits> limits,
      java.util.function.Predicate<PartyId> ready) {
    this.limits = limits;
    this.ready = ready;
    this.sequencer = sequencer;
  }

  private Map<MessageId, Instant> deadlinesOf(List<LinkStore.OutgoingMessage> messages) {
    Map<MessageId, Instant> out = new java.util.HashMap<>(messages.size() * 2);
    for (LinkStore.OutgoingMessage message : messages) {
      Draft draft = message.draft();
      out.put(
          message.id(),
          deadlines.dueAt(draft.to(), draft.channel(), draft.precedence(), message.created()));
    }
    return out;
  }

  /**
   * Uses {@code formats} to choose, per peer, the entry format of everything queued from now on:
   * the newest format both nodes read (the peer's capabilities). Entries already queued keep
   * theirs: the format is stored with each queued entry, and the sequencer encodes in it.
   */
  public void useFormats(ToIntFunction<PartyId> formats) {
    this.formats = formats;
  }

  /**
   * {@code entry} (seq 0) as queued for {@code peer} at {@code precedence}, in the format chosen
   * for the peer now and checked to be signable in it; throws {@link InvalidInputException} if it
   * is not. The format is fixed here rather than at sequencing so that the check at submission is
   * the check the sequencer repeats: a peer whose capabilities change meanwhile cannot turn a
   * queued entry into one its reader refuses.
   */
  private LinkStore.QueuedEntry queueable(Entry entry, PartyId peer, Precedence precedence) {
    return queueable(entry, precedence, formats.applyAsInt(peer));
  }

  private static LinkStore.QueuedEntry queueable(Entry entry, Precedence precedence, int format) {
    EntryCodec.checkSignable(entry, format);
    return new LinkStore.QueuedEntry(0, precedence.rank(), format, entry);
  }

  private LinkStore.QueuedEntry queueable(LinkStore.OutgoingMessage message, int format) {
    Draft draft = message.draft();
    return queueable(
        new MessageEntry(
            new org.hotline.identity.LogOrigin(self, draft.to()),
            0,
            message.id(),
            message.created(),
            draft,
            message.seen()),
        draft.precedence(),
        format);
  }

  /** The format a message to a peer is written in, and the {@code seen} it carries in it. */
  private record Written(int format, long seen) {}

  /**
   * The format chosen now for a message to {@code peer}, and what the message says its sender had
   * seen in it (docs/protocol.md §3.1): the size of the peer's log to us as stored, as a change's
   * {@code seen} is; {@link MessageEntry#SEEN_UNKNOWN} when the format does not carry it. Read
   * before the message is accepted, so it never claims more than the node had received.
   */
  private Written writtenNow(PartyId peer) {
    int format = formats.applyAsInt(peer);
    if (format < EntryCodec.FORMAT_3) {
      return new Written(format, MessageEntry.SEEN_UNKNOWN);
    }
    org.hotline.identity.LogOrigin theirs = new org.hotline.identity.LogOrigin(peer, self);
    return new Written(format, store.logHead(theirs).map(LinkStore.LogHead::size).orElse(0L));
  }

  /**
   * Answers a message this node received: READ, ACK (with an optional note) or DECLINE (with a
   * reason). The answer is stored, queued at the message's precedence, and travels to the sender as
   * a signed entry. Idempotent: a repeated READ or ACK changes nothing and returns the message as
   * it stands. Throws {@link org.hotline.NotFoundException} for an unknown message, {@link
   * InvalidInputException} for a message this node sent, and {@link org.hotline.ConflictException}
   * for a decline after an acknowledgement or the reverse. Answers are taken one at a time, so two
   * people acknowledging at once produce one acknowledgement.
   */
  public synchronized MessageRecord respond(
      MessageId messageId, ResponseEntry.Kind kind, String by, String note) {
    MessageRecord message = answerable(messageId);
    if (alreadyAnswered(message, kind)) {
      return message;
    }
    Instant now = clock.instant();
    org.hotline.identity.LogOrigin log = new org.hotline.identity.LogOrigin(self, message.from());
    String field = kind == ResponseEntry.Kind.DECLINE ? "reason" : "note";
    ResponseEntry entry =
        new ResponseEntry(
            log,
            0,
            MessageId.generate(now, random),
            now,
            kind,
            messageId,
            TextPolicy.admit("by", by, TextPolicy.Lines.ONE),
            TextPolicy.admit(field, note, TextPolicy.Lines.MULTI));
    LinkStore.QueuedEntry queuedEntry =
        queueable(entry, message.from(), message.draft().precedence());
    int sequenced =
        store.write(
            writes -> {
              boolean idle = idle(writes, message.from());
              writes.insertResponse(
                  new LinkStore.ResponseRecord(
                      entry.id(),
                      messageId,
                      kind,
                      entry.by(),
                      entry.note(),
                      now,
                      false,
                      null,
                      null));
              writes.enqueue(List.of(queuedEntry));
              return idle
                  ? sequencer.sequenceIn(writes, message.from(), limits.get().entries())
                  : 0;
            });
    counter(message.from()).incrementAndGet();
    sequenced(message.from(), sequenced);
    answered.accept(
        new LinkStore.ResponseRecord(
            entry.id(), messageId, kind, entry.by(), entry.note(), now, false, null, null));
    queuedListener.accept(message.from());
    return store.message(messageId).orElseThrow();
  }

  /** The message {@code messageId}; throws {@link org.hotline.NotFoundException} without it. */
  private MessageRecord held(MessageId messageId) {
    return store
        .message(messageId)
        .orElseThrow(
            () -> new org.hotline.NotFoundException("no message " + messageId + " on this node"));
  }

  /**
   * The message {@code messageId} if this node may answer it: it holds it, and received it. Throws
   * {@link org.hotline.NotFoundException} or {@link InvalidInputException}.
   */
  private MessageRecord answerable(MessageId messageId) {
    MessageRecord message = held(messageId);
    if (!message.to().equals(self)) {
      throw new InvalidInputException(
          "id",
          "message " + messageId + " was sent by this node; only its recipient can answer it");
    }
    return message;
  }

  /**
   * Whether {@code message} already has the answer {@code kind} would give (a repeated READ or ACK
   * changes nothing); throws {@link org.hotline.ConflictException} for a decline after an
   * acknowledgement or the reverse.
   */
  private static boolean alreadyAnswered(MessageRecord message, ResponseEntry.Kind kind) {
    if (kind == ResponseEntry.Kind.READ && message.readAt() != null) {
      return true;
    }
    MessageAnswer wanted =
        kind == ResponseEntry.Kind.ACK
            ? MessageAnswer.ACKNOWLEDGED
            : kind == ResponseEntry.Kind.DECLINE ? MessageAnswer.DECLINED : null;
    if (wanted != null && message.answer() != null) {
      if (message.answer() == wanted) {
        return true;
      }
      throw new org.hotline.ConflictException(
          "message "
              + message.id()
              + " is already "
              + message.answer().name().toLowerCase(java.util.Locale.ROOT));
    }
    return false;
  }

  /**
   * What a change to a shared object is made of, inside the transaction that accepts it: the
   * changes stored so far for the link (ours still queued included) and {@code seen}, the size of
   * the peer's log to us as stored.
   */
  @FunctionalInterface
  public interface ChangeMaker {
    /**
     * The change to store and queue (seq 0, {@code seen} as given, id {@code id}, created {@code
     * now}); throws to refuse it, and nothing is stored.
     */
    ChangeEntry make(List<LinkStore.ChangeRecord> changes, long seen, MessageId id, Instant now);
  }

  /**
   * Accepts a change to a shared object of the link with {@code peer}: {@code maker} builds it in
   * the transaction that stores it and queues it at {@link #CHANGE_PRECEDENCE}, checked to be
   * signable like every queued entry. Changes are accepted one at a time, so each is made against
   * every change accepted before it; and all travel at one precedence, so the queue (ordered by
   * precedence, then arrival) places them in the log in the order they were accepted, never
   * overtaking one another (docs/protocol.md §20.2). Returns the change as stored.
   */
  public synchronized ChangeEntry queueChange(PartyId peer, ChangeMaker maker) {
    // The entry says its time in milliseconds: stored with more, ours would not be the entry
    // signed.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    MessageId id = MessageId.generate(now, random);
    org.hotline.identity.LogOrigin ours = new org.hotline.identity.LogOrigin(self, peer);
    record Made(ChangeEntry change, int sequenced) {}
    Made made =
        store.write(
            writes -> {
              long seen = writes.logHead(ours.reversed()).map(LinkStore.LogHead::size).orElse(0L);
              ChangeEntry change = maker.make(writes.changes(ours), seen, id, now);
              LinkStore.QueuedEntry queuedEntry = queueable(change, peer, CHANGE_PRECEDENCE);
              boolean idle = idle(writes, peer);
              writes.insertChanges(peer, false, List.of(change));
              writes.enqueue(List.of(queuedEntry));
              return new Made(
                  change, idle ? sequencer.sequenceIn(writes, peer, limits.get().entries()) : 0);
            });
    counter(peer).incrementAndGet();
    sequenced(peer, made.sequenced());
    queuedListener.accept(peer);
    return made.change();
  }

  /**
   * The precedence of every change to a shared object: above the ROUTINE traffic of a busy link, so
   * that both sides see the same crisis soon, and below FLASH, which stays for messages. One
   * precedence keeps changes in the order they were accepted.
   */
  public static final Precedence CHANGE_PRECEDENCE = Precedence.IMMEDIATE;

  /**
   * Queues a link test for {@code peer}, at ROUTINE precedence: it proves the line, it is not
   * urgent.
   */
  public void queueLinkTest(PartyId peer, long number) {
    Instant now = clock.instant();
    LinkTestEntry entry =
        new LinkTestEntry(
            new org.hotline.identity.LogOrigin(self, peer),
            0,
            MessageId.generate(now, random),
            now,
            number);
    LinkStore.QueuedEntry queuedEntry = queueable(entry, peer, Precedence.ROUTINE);
    store.write(
        writes -> {
          writes.enqueue(List.of(queuedEntry));
          writes.putLinkTest(peer, number, now);
          return null;
        });
    counter(peer).incrementAndGet();
    queuedListener.accept(peer);
  }

  /**
   * Puts on the record that a message this node sent was not answered by its deadline: a signed
   * {@link DeadlineMissedEntry} queued at the message's precedence, behind the message itself if it
   * is still queued. Idempotent: returns false and queues nothing if the miss is already recorded,
   * or if the message has meanwhile been acknowledged or declined (the answer was held before the
   * miss was written). Throws {@link org.hotline.NotFoundException} for an unknown message; a
   * message this node received, or one without a deadline, is a programmer error.
   */
  public boolean recordDeadlineMissed(MessageId messageId) {
    MessageRecord message = held(messageId);
    if (!message.from().equals(self) || message.deadline() == null) {
      throw new IllegalStateException(
          "message " + messageId + " is not one this node sent with a deadline");
    }
    if (message.answer() != null || message.deadlineMissedAt() != null) {
      return false;
    }
    Instant now = clock.instant();
    org.hotline.identity.LogOrigin log = new org.hotline.identity.LogOrigin(self, message.to());
    Precedence precedence = message.draft().precedence();
    DeadlineMissedEntry entry =
        new DeadlineMissedEntry(
            log,
            0,
            MessageId.generate(now, random),
            now,
            messageId,
            precedence,
            message.deadline());
    LinkStore.QueuedEntry queuedEntry = queueable(entry, message.to(), precedence);
    boolean recorded =
        store.write(
            writes -> {
              if (!writes.insertDeadlineMiss(
                  new LinkStore.DeadlineMissRecord(
                      entry.id(), messageId, entry.deadline(), now, false, null, null))) {
                return false;
              }
              writes.enqueue(List.of(queuedEntry));
              return true;
            });
    if (recorded) {
      counter(message.to()).incrementAndGet();
      queuedListener.accept(message.to());
    }
    return recorded;
  }

  @Override
  public void close() {
    closed = true;
    try {
      committer.join(COMMIT_WAIT_MAX.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
