package org.hotline.link;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.hotline.NotFoundException;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.entry.EntryCodec;
import org.hotline.link.entry.MessageId;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.UninterpretableEntry;
import org.hotline.link.health.Capabilities;
import org.hotline.link.health.Heartbeats;
import org.hotline.link.health.LinkBlocks;
import org.hotline.link.health.LinkHealth;
import org.hotline.link.receive.Receiver;
import org.hotline.link.send.Dispatcher;
import org.hotline.link.send.Outbox;
import org.hotline.link.send.Sequencer;
import org.hotline.transcript.NoteSigner;
import org.hotline.transcript.NoteVerifier;

/**
 * The link component of a node: the outbox, one dispatcher per peer, and the receiver. This is the
 * face the API and the federation port see. Thread-safe.
 */
public final class Links implements AutoCloseable {
  private final PartyId self;
  private final LinkStore store;
  private final PeerDirectory peers;
  private final PeerTransport transport;
  private final Clock clock;
  private final Sequencer sequencer;
  private final Outbox outbox;
  private final Receiver receiver;
  private final org.hotline.event.EventBus events;
  private final CheckpointExchange exchange;
  private final Heartbeats heartbeats;
  private final Proofs proofs;
  private final SignedMessages signedMessages;
  private final LinkBlocks blocks;
  private final Capabilities capabilities;

  /**
   * Set last in the constructor; the callbacks handed to the parts above use it only once the node
   * runs, so it is not final only because Java cannot see that.
   */
  private LinkRuntime runtime;

  public Links(
      PartyId self,
      NoteSigner signer,
      LinkStore store,
      PeerDirectory peers,
      PeerTransport transport,
      Clock clock,
      RandomGenerator random,
      org.hotline.event.EventBus events,
      java.time.Duration heartbeatInterval,
      AckDeadlines deadlines) {
    this.self = self;
    this.store = store;
    this.peers = peers;
    this.transport = transport;
    this.clock = clock;
    this.events = events;
    Consumer<SecurityEvent> alarms =
        alarm -> events.publish(new org.hotline.event.Event.SecurityAlarmRaised(alarm));
    this.sequencer = new Sequencer(self, signer, store, clock);
    this.outbox =
        new Outbox(self, store, peers, clock, random, deadlines, peer -> this.runtime.wake(peer));
    outbox.sequenceWhenIdle(sequencer, this::batchLimits, this::readyToSend);
    this.receiver = new Receiver(self, signer, store, clock, alarms, events, deadlines);
    this.exchange = new CheckpointExchange(self, signer.verifier(), store, clock, alarms);
    NoteVerifier selfKey = signer.verifier();
    this.proofs = new Proofs(store, party -> verifierOf(party, selfKey));
    this.signedMessages = new SignedMessages(self, store, proofs, clock, alarms);
    this.blocks = new LinkBlocks(events, clock);
    this.capabilities = new Capabilities(clock);
    // A node signs nothing its peer does not read (protocol.md §11.7): each entry is written in
    // the newest format both nodes read, format 1 until the peer has said otherwise.
    outbox.useFormats(this::formatFor);
    this.heartbeats =
        new Heartbeats(
            self,
            signer,
            peers,
            transport,
            clock,
            events,
            heartbeatInterval,
            this::linkRecovered,
            blocks);
    this.runtime =
        new LinkRuntime(
            self,
            store,
            peers,
            transport,
            clock,
            random,
            sequencer,
            outbox,
            receiver,
            exchange,
            heartbeats,
            blocks,
            capabilities,
            events,
            this::batchLimits);
  }

  /**
   * Keeps this node's high-water mark of what it published ({@link SignedMark}): raised before a
   * checkpoint of its own logs leaves the node, and checked before it signs one. Call before {@link
   * #start}.
   */
  public void useMark(SignedMark mark) {
    sequencer.useMark(mark);
    exchange.useMark(mark);
  }

  /** Whether {@code peer}'s dispatcher would send an entry sequenced now at once. */
  private boolean readyToSend(PartyId peer) {
    Dispatcher dispatcher = runtime.existingDispatcher(peer);
    return dispatcher != null && dispatcher.readyToSend();
  }

  /** The key that signs {@code party}'s log: ours, or a pinned peer's; null for a stranger. */
  private NoteVerifier verifierOf(PartyId party, NoteVerifier selfKey) {
    return party.equals(self)
        ? selfKey
        : peers.peer(party).map(p -> p.card().verifier()).orElse(null);
  }

  /** The newest entry format both this node and {@code peer} read; 1 until the peer says more. */
  private int formatFor(PartyId peer) {
    return capabilities
        .of(peer)
        .highestCommonFormat(PeerCapabilities.OWN.formats())
        .orElse(EntryCodec.FORMAT_1);
  }

  /** The heartbeats see {@code peer} again: traffic and capabilities resume at once. */
  private void linkRecovered(PartyId peer) {
    runtime.dispatcher(peer).linkRecovered();
    capabilities.linkRecovered(peer);
  }

  /**
   * How often the peer list is read again, so a peer pinned with {@code hotline peer add} while the
   * node runs gets its dispatcher without a restart.
   */
  static final java.time.Duration PEER_REFRESH = java.time.Duration.ofSeconds(2);

  /**
   * How often both logs are compared with each peer. A tampered or equivocating record is seen
   * within this time even on an idle link; the exchange costs two small requests.
   */
  public static final java.time.Duration CHECKPOINT_EXCHANGE_INTERVAL =
      java.time.Duration.ofSeconds(30);

  /**
   * Signed link tests on the record, as on the Moscow–Washington link: hourly unless configured.
   */
  public static final java.time.Duration LINK_TEST_INTERVAL_DEFAULT = java.time.Duration.ofHours(1);

  private volatile BatchLimits batchLimits = BatchLimits.DEFAULT;

  /**
   * Sets how large the batches this node sends are and how many it keeps in flight per peer
   * (configuration; the benchmark varies them). Dispatchers read it before each batch.
   */
  public void batchLimits(BatchLimits limits) {
    this.batchLimits = java.util.Objects.requireNonNull(limits);
  }

  /** The batch limits in force. */
  public BatchLimits batchLimits() {
    return batchLimits;
  }

  /** Sets the link-test interval (configuration; tests shorten it). */
  public void linkTestInterval(java.time.Duration interval) {
    runtime.linkTestInterval(interval);
  }

  /** Queues the link tests that are due now (the runtime's periodic work; tests call it). */
  void queueDueLinkTests() {
    runtime.queueDueLinkTests();
  }

  /** Asks each peer whose answer is due what it reads (periodic work; tests call it). */
  void learnDueCapabilities() {
    runtime.learnDueCapabilities();
  }

  /** Starts a dispatcher for every pinned peer, and watches for peers added later. */
  public void start() {
    runtime.start();
  }

  /** A peer was added while running: start delivering to it. */
  public void peerAdded(PartyId peer) {
    runtime.peerAdded(peer);
  }

  /** What each peer reads, as last learned. */
  public Capabilities capabilities() {
    return capabilities;
  }

  public PartyId self() {
    return self;
  }

  public org.hotline.event.EventBus events() {
    return events;
  }

  public Outbox outbox() {
    return outbox;
  }

  public Receiver receiver() {
    return receiver;
  }

  /** The inclusion proof of a message, checked against the stored record. */
  public Optional<Proofs.EntryProof> proof(MessageRecord message) {
    Optional<Proofs.EntryProof> proof = proofs.proof(message);
    // A checkpoint of our own log shown to a user has left the node: raise the mark first.
    proof
        .filter(p -> p.log().startsWith("hotline/" + self + "/"))
        .ifPresent(p -> sequencer.publishing(LogOrigin.parse(p.log()), p.size()));
    return proof;
  }

  public Heartbeats heartbeats() {
    return heartbeats;
  }

  /**
   * Which links are BLOCKED. The federation port reports here each batch of a peer's that it
   * accepts or refuses; listeners (the watch) learn of every block and its end.
   */
  public LinkBlocks blocks() {
    return blocks;
  }

  public CheckpointExchange checkpointExchange() {
    return exchange;
  }

  /**
   * Runs one checkpoint exchange with {@code peer} now; returns every divergence either side found.
   * Throws {@link PeerUnreachableException} when the peer does not answer.
   */
  public List<String> exchangeCheckpoints(PartyId peer) {
    Peer paired =
        peers.peer(peer).orElseThrow(() -> new NotFoundException("no peer " + peer + " is paired"));
    return exchange.exchange(paired, transport);
  }

  public Optional<MessageRecord> message(MessageId id) {
    return store.message(id);
  }

  public MessageRecord requireMessage(MessageId id) {
    return store
        .message(id)
        .orElseThrow(() -> new NotFoundException("no message " + id + " on this node"));
  }

  /**
   * The message to show a person: exactly as it was signed. Throws {@link NotFoundException} if
   * this node holds no such message, and {@link TamperedRecordException} (after raising a security
   * event) if its stored copy is not provably the signed entry.
   */
  public MessageRecord signedMessage(MessageId id) {
    return signedMessages.check(requireMessage(id));
  }

  /** The receipt that proves delivery of this message, once there is one. */
  public Optional<LinkStore.Receipt> receipt(MessageRecord message) {
    if (message.seq() == 0) {
      return Optional.empty();
    }
    return store.receiptCovering(new LogOrigin(message.from(), message.to()), message.seq());
  }

  /**
   * Why the peer could not interpret the entry of a message this node sent, if it said so in its
   * answer to the batch (docs/protocol.md §14); empty for every other message.
   */
  public Optional<UninterpretableEntry> unreadByPeer(MessageRecord message) {
    if (message.seq() == 0 || !message.from().equals(self)) {
      return Optional.empty();
    }
    return store.uninterpretable(new LogOrigin(message.from(), message.to()), message.seq());
  }

  /**
   * The record this node holds, for what reads it as a whole, read only: the situation report of an
   * incident (record.SituationReport), with each entry's place and proof.
   */
  public LinkStore record() {
    return store;
  }

  public List<LinkStore.ResponseRecord> responses(MessageId message) {
    return store.responses(message);
  }

  public List<MessageRecord> messages(LinkStore.Box box, long before, int limit) {
    return store.messages(box, before, limit);
  }

  /** {@link #messages(LinkStore.Box, long, int)} on {@code channel} alone; all if null. */
  public List<MessageRecord> messages(LinkStore.Box box, String channel, long before, int limit) {
    return store.messages(box, channel, before, limit);
  }

  /** Messages without an answer yet, most urgent first, then oldest. */
  public List<MessageRecord> unanswered(LinkStore.Box box, int limit) {
    return store.unanswered(box, limit);
  }

  public List<SecurityEvent> securityEvents(int limit) {
    return store.securityEvents(limit);
  }

  /** The state of the link to each pinned peer. */
  public List<LinkStatus> status() {
    List<LinkStatus> out = new ArrayList<>();
    for (Peer peer : peers.peers()) {
      LogOrigin outgoing = new LogOrigin(self, peer.id());
      LogOrigin incoming = new LogOrigin(peer.id(), self);
      LinkStore.LogHead head = store.logHead(outgoing).orElse(LinkStore.LogHead.EMPTY);
      Dispatcher dispatcher = runtime.existingDispatcher(peer.id());
      Optional<LinkStore.Receipt> receipt = store.latestReceipt(outgoing);
      LinkHealth health = heartbeats.health(peer.id());
      LinkHealth.Sample last = health.lastAnswered();
      LinkStore.Unanswered unanswered = store.unanswered(peer.id(), clock.instant());
      out.add(
          new LinkStatus(
              peer.id(),
              peer.card().name(),
              heartbeats.state(peer.id()).name(),
              peer.endpoints().isEmpty()
                  ? ""
                  : peer.endpoints().get(transport.currentEndpoint(peer)).toString(),
              last == null ? null : last.rttMillis(),
              last == null ? null : last.clockOffsetMillis(),
              health.lastHeard(),
              dispatcher != null && dispatcher.reachable(),
              dispatcher == null ? "" : dispatcher.lastError(),
              outbox.queued(peer.id()),
              head.size() - head.receiptedSize(),
              head.size(),
              head.receiptedSize(),
              receipt.map(LinkStore.Receipt::at).orElse(null),
              store.logHead(incoming).map(LinkStore.LogHead::size).orElse(0L),
              new Unacknowledged(
                  byPrecedence(unanswered.received()), byPrecedence(unanswered.sent())),
              new Overdue(unanswered.overdueReceived(), unanswered.overdueSent()),
              blocks.block(peer.id()).orElse(null),
              capabilities.known(peer.id())));
    }
    return out;
  }

  /**
   * Batches sent to {@code peer} and not yet answered (receipted or refused), at most the window: a
   * volatile read, for the node's metrics; 0 when no dispatcher runs for the peer.
   */
  public int inFlightBatches(PartyId peer) {
    Dispatcher dispatcher = runtime.existingDispatcher(peer);
    return dispatcher == null ? 0 : dispatcher.inFlightBatches();
  }

  /** Every precedence, most urgent first, with 0 where there is nothing. */
  private static Map<Precedence, Long> byPrecedence(Map<Precedence, Long> counts) {
    Map<Precedence, Long> out = new java.util.EnumMap<>(Precedence.class);
    for (Precedence precedence : Precedence.values()) {
      out.put(precedence, counts.getOrDefault(precedence, 0L));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The time on this node's clock, for deadlines shown to people. */
  public Instant now() {
    return clock.instant();
  }

  /**
   * Per peer: the link's state (UP, DEGRADED, BLOCKED, DOWN, UNKNOWN), the endpoint in use, the
   * last round-trip time and clock offset, when the peer's last heartbeat arrived, whether the last
   * exchange got an answer, messages waiting to be sequenced, entries sequenced but not yet
   * receipted, the log size, what the latest receipt covers and when it came, how many entries of
   * the peer's log to us are stored, the messages in each direction that nobody has acknowledged or
   * declined yet, how many of those are past their deadline, why the link is BLOCKED (null when it
   * is not), and what the peer reads (entry formats, kinds, optional fields) as last learned.
   */
  public record LinkStatus(
      PartyId peer,
      String name,
      String state,
      String endpoint,
      Long rttMillis,
      Long clockOffsetMillis,
      Instant lastHeartbeatReceived,
      boolean reachable,
      String lastError,
      long queued,
      long inFlight,
      long sent,
      long deliveredUpTo,
      Instant lastReceiptAt,
      long received,
      Unacknowledged unacknowledged,
      Overdue overdue,
      LinkBlocks.Block blocked,
      Capabilities.Known peerCapabilities) {}

  /**
   * Messages awaiting an acknowledgement or decline, by precedence. {@code received}: sent to us,
   * awaiting our people's answer; {@code sent}: ours, awaiting the peer's.
   */
  public record Unacknowledged(Map<Precedence, Long> received, Map<Precedence, Long> sent) {}

  /** How many of the unacknowledged messages are past their deadline (ACK OVERDUE), each way. */
  public record Overdue(long received, long sent) {}

  /**
   * How long a pull request waits for entries before answering "none yet": long polling keeps
   * latency low.
   */
  public static final java.time.Duration PULL_WAIT_MAX = java.time.Duration.ofSeconds(10);

  static final long PULL_POLL_MILLIS = 25;

  /**
   * Answers {@code peer}'s request for our own log to it, which it lost (docs/protocol.md §11.8):
   * up to what it had receipted.
   */
  public RecoveryPage ownLogPage(Peer peer, long after) {
    return RecoveryPage.serveOwn(store, new LogOrigin(self, peer.id()), after);
  }

  /**
   * Answers {@code peer}'s recovery of its own log, which we mirror (docs/protocol.md §11.8): what
   * we hold ({@code state}, read as for {@code GET /federation/v1/state}) and the entries after
   * {@code after} up to the next checkpoint we stored, with our receipt for it.
   */
  public RecoveryPage recoveryPage(Peer peer, RemoteLogState state, long after) {
    return RecoveryPage.serve(store, new LogOrigin(peer.id(), self), state, after);
  }

  /**
   * Answers a pull from {@code peer}: takes its receipt (if newer), then returns the next batch of
   * our log after {@code after} entries, waiting up to {@link #PULL_WAIT_MAX}; null if none came.
   */
  public Batch pull(Peer peer, long after, String receipt) throws InterruptedException {
    if (peer.mode() != Peer.Mode.PULLED) {
      throw new BatchRefusedException(
          BatchRefusedException.Kind.WRONG_LOG,
          peer.id() + " is not set to pull from " + self + " (peer mode " + peer.mode() + ")",
          -1);
    }
    Dispatcher dispatcher = runtime.dispatcher(peer.id());
    if (receipt != null && after > 0) {
      dispatcher.acceptPulledReceipt(peer, after, receipt);
    }
    long deadline = System.nanoTime() + PULL_WAIT_MAX.toNanos();
    while (true) {
      Batch batch = dispatcher.batchAfter(after);
      if (batch != null || System.nanoTime() > deadline || runtime.closed()) {
        return batch;
      }
      Thread.sleep(PULL_POLL_MILLIS);
    }
  }

  @Override
  public void close() {
    runtime.close();
  }
}
