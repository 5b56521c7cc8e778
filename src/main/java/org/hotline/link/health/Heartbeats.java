package org.hotline.link.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.hotline.InvalidInputException;
import org.hotline.event.Event;
import org.hotline.event.EventBus;
import org.hotline.identity.PartyId;
import org.hotline.link.BatchRefusedException;
import org.hotline.link.Peer;
import org.hotline.link.PeerDirectory;
import org.hotline.link.PeerTransport;
import org.hotline.link.PeerUnreachableException;
import org.hotline.transcript.NoteSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each peer a signed heartbeat every interval (5 s by default), answers the peer's, and keeps
 * each link's {@link LinkHealth}. A state change is an event ({@code link.up}, {@code
 * link.degraded}, {@code link.down}; {@code link.blocked} comes from {@link LinkBlocks}) and a log
 * line. Also drives failover: heartbeats go to the endpoint in use and, while that is a backup, to
 * the primary too, so traffic returns to the primary as soon as it answers. A switch to another
 * endpoint is followed at once by a heartbeat to it: the state follows the endpoint in use, and a
 * backup that answers resumes delivery at once. Thread-safe.
 */
public final class Heartbeats implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);
  public static final Duration INTERVAL_DEFAULT = Duration.ofSeconds(5);

  private final PartyId self;
  private final NoteSigner signer;
  private final PeerDirectory peers;
  private final PeerTransport transport;
  private final Clock clock;
  private final EventBus events;
  private final Consumer<PartyId> recovered;
  private final LinkBlocks blocks;
  private final Duration interval;
  private final Map<PartyId, LinkHealth> health = new ConcurrentHashMap<>();
  private final Map<PartyId, LinkHealth.State> states = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private final Map<PartyId, Integer> failuresInARow = new ConcurrentHashMap<>();

  /**
   * Two missed heartbeats in a row on the endpoint in use: one can be a blip, two is a broken path.
   */
  static final int FAILOVER_AFTER_MISSED = 2;

  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("heartbeats").daemon().factory());
  private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

  public Heartbeats(
      PartyId self,
      NoteSigner signer,
      PeerDirectory peers,
      PeerTransport transport,
      Clock clock,
      EventBus events,
      Duration interval,
      Consumer<PartyId> recovered) {
    this(
        self,
        signer,
        peers,
        transport,
        clock,
        events,
        interval,
        recovered,
        new LinkBlocks(events, clock));
  }

  /**
   * @param blocks the links whose batches are refused: such a link that answers heartbeats is
   *     BLOCKED
   */
  public Heartbeats(
      PartyId self,
      NoteSigner signer,
      PeerDirectory peers,
      PeerTransport transport,
      Clock clock,
      EventBus events,
      Duration interval,
      Consumer<PartyId> recovered,
      LinkBlocks blocks) {
    this.blocks = blocks;
    this.self = self;
    this.signer = signer;
    this.peers = peers;
    this.transport = transport;
    this.clock = clock;
    this.events = events;
    this.interval = interval;
    this.recovered = recovered;
  }

  @SuppressWarnings(
      "FutureReturnValueIgnored") // both tasks log their own failures; close() ends them
  public void start() {
    ticker.scheduleAtFixedRate(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    ticker.scheduleAtFixedRate(
        this::evaluateAll, interval.toMillis() / 4, interval.toMillis() / 4, TimeUnit.MILLISECONDS);
  }

  public Duration interval() {
    return interval;
  }

  public LinkHealth health(PartyId peer) {
    return health.computeIfAbsent(peer, p -> new LinkHealth(clock.instant()));
  }

  /**
   * The link's state: the heartbeats' verdict, except that a link answering heartbeats whose
   * batches are refused is BLOCKED. DOWN stays DOWN: nothing at all gets through.
   */
  public LinkHealth.State state(PartyId peer) {
    Peer.Mode mode = peers.peer(peer).map(Peer::mode).orElse(Peer.Mode.PUSH);
    LinkHealth.State heard = health(peer).state(clock.instant(), interval, mode);
    return heard != LinkHealth.State.DOWN && blocks.block(peer).isPresent()
        ? LinkHealth.State.BLOCKED
        : heard;
  }

  private void tick() {
    try {
      for (Peer peer : peers.peers()) {
        senders.execute(() -> beat(peer));
      }
    } catch (RuntimeException e) {
      LOG.warn("heartbeat round failed", e);
    }
  }

  /**
   * One heartbeat round for {@code peer}, then its state is evaluated. The ticker runs it on its
   * own thread; package-private so that tests run rounds one at a time, on a clock they move.
   */
  public void beat(Peer peer) {
    if (peer.mode() == Peer.Mode.PULLED) {
      evaluate(peer.id());
      return;
    }
    int current = transport.currentEndpoint(peer);
    if (!beat(peer, current) && transport.currentEndpoint(peer) != current) {
      switched(peer);
    }
    if (current != 0 && beat(peer, 0)) {
      LOG.info("primary endpoint of {} answers again; returning to it", peer.id());
      transport.selectEndpoint(peer, 0);
    }
    evaluate(peer.id());
  }

  /**
   * Traffic just moved to another endpoint: beat it at once, so that the link's state follows the
   * endpoint now in use instead of the one that stopped answering, and if it answers tell delivery,
   * which then stops backing off rather than waiting for a state change. A miss here does not move
   * traffic again: the new endpoint gets its rounds like the last one.
   */
  private void switched(Peer peer) {
    if (beat(peer, transport.currentEndpoint(peer))) {
      recovered.accept(peer.id());
    } else {
      failuresInARow.remove(peer.id());
    }
  }

  /** One heartbeat to one endpoint; returns whether it was answered validly. */
  private boolean beat(Peer peer, int endpoint) {
    long number = seq.incrementAndGet();
    Instant sent = clock.instant();
    String endpointText =
        peer.endpoints().isEmpty()
            ? ""
            : peer.endpoints().get(Math.min(endpoint, peer.endpoints().size() - 1)).toString();
    try {
      String replyNote =
          transport.heartbeat(
              peer,
              endpoint,
              new Heartbeat(false, self, peer.id(), number, sent.toEpochMilli()).sign(signer),
              interval);
      Instant received = clock.instant();
      Heartbeat reply = Heartbeat.open(replyNote, peer.card().verifier());
      if (!reply.reply()
          || reply.seq() != number
          || !reply.from().equals(peer.id())
          || !reply.to().equals(self)) {
        throw new InvalidInputException("heartbeat", "reply does not answer heartbeat " + number);
      }
      long rtt = Duration.between(sent, received).toMillis();
      long offset = reply.timeMillis() - (sent.toEpochMilli() + rtt / 2);
      if (endpoint == transport.currentEndpoint(peer)) {
        health(peer.id()).record(new LinkHealth.Sample(received, true, rtt, offset, endpointText));
        failuresInARow.remove(peer.id());
      }
      return true;
    } catch (PeerUnreachableException | BatchRefusedException | InvalidInputException e) {
      if (endpoint == transport.currentEndpoint(peer)) {
        health(peer.id())
            .record(new LinkHealth.Sample(clock.instant(), false, -1, 0, endpointText));
        int failures = failuresInARow.merge(peer.id(), 1, Integer::sum);
        if (peer.endpoints().size() > 1 && failures >= FAILOVER_AFTER_MISSED) {
          int next = (endpoint + 1) % peer.endpoints().size();
          LOG.warn(
              "endpoint {} of {} missed {} heartbeats; failing over to {}",
              endpointText,
              peer.id(),
              failures,
              peer.endpoints().get(next));
          transport.selectEndpoint(peer, next);
          failuresInARow.remove(peer.id());
        }
      }
      return false;
    }
  }

  /** Answers a peer's heartbeat (the federation port calls this). */
  public String answer(Peer peer, String note) {
    Heartbeat heartbeat = Heartbeat.open(note, peer.card().verifier());
    if (heartbeat.reply() || !heartbeat.from().equals(peer.id()) || !heartbeat.to().equals(self)) {
      throw new InvalidInputException(
          "heartbeat", "heartbeat is not from " + peer.id() + " to " + self);
    }
    health(peer.id()).heard(clock.instant());
    return new Heartbeat(true, self, peer.id(), heartbeat.seq(), clock.instant().toEpochMilli())
        .sign(signer);
  }

  /** Evaluates every peer's state; package-private for the same reason as {@link #beat(Peer)}. */
  void evaluateAll() {
    try {
      peers.peers().forEach(peer -> evaluate(peer.id()));
    } catch (RuntimeException e) {
      LOG.warn("link evaluation failed", e);
    }
  }

  private void evaluate(PartyId peer) {
    LinkHealth.State now = state(peer);
    LinkHealth.State before = states.put(peer, now);
    if (before == null || before == now || now == LinkHealth.State.UNKNOWN) {
      return;
    }
    if (now != LinkHealth.State.BLOCKED) {
      publish(peer, before, now);
    }
    if (before == LinkHealth.State.DOWN) {
      recovered.accept(peer);
    }
  }

  /** A state change other than a block, which {@link LinkBlocks} publishes with its reason. */
  private void publish(PartyId peer, LinkHealth.State before, LinkHealth.State now) {
    LinkHealth.Sample last = health(peer).lastAnswered();
    org.hotline.LogFields.of(
            org.hotline.LogFields.PEER,
            peer.value(),
            org.hotline.LogFields.EVENT,
            "link." + now.name().toLowerCase(java.util.Locale.ROOT))
        .log(
            () -> {
              if (now == LinkHealth.State.DOWN) {
                LOG.warn("link to {} is DOWN", peer);
              } else {
                LOG.info("link to {} is {}", peer, now);
              }
            });
    events.publish(
        new Event.LinkStateChanged(
            peer,
            now,
            before,
            last == null ? OptionalLong.empty() : OptionalLong.of(last.rttMillis())));
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    senders.shutdownNow();
  }
}
