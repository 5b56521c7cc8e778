package org.hotline.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.hotline.event.EventBus;
import org.hotline.identity.PartyId;
import org.hotline.link.health.Backoff;
import org.hotline.link.health.Capabilities;
import org.hotline.link.health.Heartbeats;
import org.hotline.link.health.LinkBlocks;
import org.hotline.link.receive.Puller;
import org.hotline.link.receive.Receiver;
import org.hotline.link.send.Dispatcher;
import org.hotline.link.send.Outbox;
import org.hotline.link.send.Sequencer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every thread of the link, in one place: a dispatcher per pushed peer, a puller per peer we pull
 * from, the virtual threads that carry batches in flight, the heartbeats, and the peer watch, which
 * every {@link Links#PEER_REFRESH} starts what new peers need, queues due link tests, learns
 * capabilities, and every {@link Links#CHECKPOINT_EXCHANGE_INTERVAL} compares both logs with each
 * peer. {@link Links} builds the parts and is the face the rest of the node sees; this class starts
 * and stops them. Thread-safe.
 */
final class LinkRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LinkRuntime.class);

  private final PartyId self;
  private final LinkStore store;
  private final PeerDirectory peers;
  private final PeerTransport transport;
  private final Clock clock;
  private final RandomGenerator random;
  private final Sequencer sequencer;
  private final Outbox outbox;
  private final Receiver receiver;
  private final CheckpointExchange exchange;
  private final Heartbeats heartbeats;
  private final LinkBlocks blocks;
  private final Capabilities capabilities;
  private final EventBus events;
  private final Supplier<BatchLimits> limits;
  private final Map<PartyId, Dispatcher> dispatchers = new ConcurrentHashMap<>();
  private final Map<PartyId, Puller> pullers = new ConcurrentHashMap<>();
  private final Map<PartyId, Instant> firstSeen = new ConcurrentHashMap<>();

  /**
   * Where batches wait for their answers: a virtual thread per batch in flight, so that the
   * dispatchers never block on the network. A dispatcher starts no send while a window's worth of
   * its sends, abandoned ones included, still waits for an answer (at most {@link
   * BatchLimits#WINDOW_MAX} per peer).
   */
  private final ExecutorService sends =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("batch-send-", 0).factory());

  private volatile Duration linkTestInterval = Links.LINK_TEST_INTERVAL_DEFAULT;
  private volatile boolean closed;
  private volatile Thread peerWatch;

  LinkRuntime(
      PartyId self,
      LinkStore store,
      PeerDirectory peers,
      PeerTransport transport,
      Clock clock,
      RandomGenerator random,
      Sequencer sequencer,
      Outbox outbox,
      Receiver receiver,
      CheckpointExchange exchange,
      Heartbeats heartbeats,
      LinkBlocks blocks,
      Capabilities capabilities,
      EventBus events,
      Supplier<BatchLimits> limits) {
    this.self = self;
    this.store = store;
    this.peers = peers;
    this.transport = transport;
    this.clock = clock;
    this.random = random;
    this.sequencer = sequencer;
    this.outbox = outbox;
    this.receiver = receiver;
    this.exchange = exchange;
    this.heartbeats = heartbeats;
    this.blocks = blocks;
    this.capabilities = capabilities;
    this.events = events;
    this.limits = limits;
  }

  /** Starts a dispatcher for every pinned peer, the heartbeats, and the peer watch. */
  void start() {
    outbox.loadQueuedCounts();
    peers.peers().forEach(peer -> dispatcher(peer.id()));
    startPullers();
    peerWatch = Thread.ofPlatform().name("peer-watch").daemon().start(this::watchPeers);
    heartbeats.start();
  }

  boolean closed() {
    return closed;
  }

  void linkTestInterval(Duration interval) {
    if (interval.toSeconds() < 1) {
      throw new IllegalArgumentException("link-test interval must be at least a second");
    }
    this.linkTestInterval = interval;
  }

  /** A peer was added while running: start delivering to it. */
  void peerAdded(PartyId peer) {
    dispatcher(peer);
    startPullers();
  }

  /** Something was queued for {@code peer}: its dispatcher looks at the queue now. */
  void wake(PartyId peer) {
    dispatcher(peer).wake();
  }

  /** The dispatcher of {@code peer}'s log, started now if there was none. */
  Dispatcher dispatcher(PartyId peer) {
    return dispatchers.computeIfAbsent(
        peer,
        id -> {
          Dispatcher dispatcher =
              new Dispatcher(
                  self,
                  id,
                  store,
                  peers,
                  transport,
                  sequencer,
                  outbox,
                  clock,
                  Backoff.standard(random),
                  events,
                  blocks,
                  limits,
                  sends);
          if (!closed) {
            dispatcher.start();
          }
          return dispatcher;
        });
  }

  /** The dispatcher of {@code peer}'s log if one runs, or null (for status). */
  Dispatcher existingDispatcher(PartyId peer) {
    return dispatchers.get(peer);
  }

  /**
   * Queues a link test for each peer an interval after the last one (stored, so restarts do not
   * reset the count), or an interval after the peer was first seen by this run if it never had one.
   */
  void queueDueLinkTests() {
    Instant now = clock.instant();
    for (Peer peer : peers.peers()) {
      Instant last =
          store
              .lastLinkTest(peer.id())
              .orElseGet(() -> firstSeen.computeIfAbsent(peer.id(), id -> now));
      if (!now.isBefore(last.plus(linkTestInterval))) {
        outbox.queueLinkTest(peer.id(), now.getEpochSecond() / linkTestInterval.toSeconds());
      }
    }
  }

  /**
   * Asks each peer whose answer is due (see {@link Capabilities}) what it reads. A peer in PULLED
   * mode cannot be reached from here: it stays at format 1 only.
   */
  void learnDueCapabilities() {
    for (Peer peer : peers.peers()) {
      if (peer.mode() != Peer.Mode.PULLED && capabilities.due(peer.id())) {
        capabilities.learn(peer, transport);
      }
    }
  }

  private void watchPeers() {
    long rounds = 0;
    long exchangeEvery =
        Math.max(1, Links.CHECKPOINT_EXCHANGE_INTERVAL.toMillis() / Links.PEER_REFRESH.toMillis());
    while (!closed) {
      try {
        Thread.sleep(Links.PEER_REFRESH);
        peers.peers().forEach(peer -> dispatcher(peer.id()));
        startPullers();
        queueDueLinkTests();
        learnDueCapabilities();
        if (++rounds % exchangeEvery == 0) {
          exchangeWithEveryPeer();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("periodic link work (peers, pullers, link tests, checkpoint exchange) failed", e);
      }
    }
  }

  private void exchangeWithEveryPeer() {
    for (Peer peer : peers.peers()) {
      try {
        exchange.exchange(peer, transport);
      } catch (PeerUnreachableException | BatchRefusedException e) {
        LOG.debug("checkpoint exchange with {} failed: {}", peer.id(), e.getMessage());
      }
    }
  }

  private void startPullers() {
    for (Peer peer : peers.peers()) {
      if (peer.mode() == Peer.Mode.PULL) {
        pullers.computeIfAbsent(
            peer.id(),
            id -> {
              Puller puller =
                  new Puller(
                      self,
                      id,
                      store,
                      peers,
                      transport,
                      receiver,
                      Backoff.standard(random),
                      blocks);
              puller.start();
              return puller;
            });
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    heartbeats.close();
    Thread watcher = peerWatch;
    if (watcher != null) {
      watcher.interrupt();
      try {
        watcher.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    outbox.close();
    dispatchers.values().forEach(Dispatcher::close);
    pullers.values().forEach(Puller::close);
    // Batches still in flight are abandoned: their entries are stored and sent again on restart.
    sends.shutdownNow();
  }
}
