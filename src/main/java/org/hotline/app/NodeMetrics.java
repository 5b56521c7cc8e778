package org.hotline.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.hotline.event.Event;
import org.hotline.identity.PartyId;
import org.hotline.link.Links;
import org.hotline.link.SecurityEvent;
import org.hotline.link.entry.Precedence;
import org.hotline.link.health.LinkHealth;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.watch.Alert;
import org.hotline.watch.CommitmentAlert;
import org.hotline.watch.LinkAlert;

/**
 * The node's metrics for {@code GET /metrics}, in Prometheus' text format (docs/operations.md,
 * "Metrics, health and logs" names each one).
 *
 * <p>The link's numbers are those of {@code GET /api/v1/links}: one {@link Links#status()} is read
 * at each scrape and every per-peer gauge reads that snapshot, so a scrape costs what one look at
 * the links page costs and the link's own path does no work for metrics at all. Counters of things
 * that happen (security events, escalations, failed notifications) observe the node's event bus,
 * which hands each event to them on the publishing thread: one increment per event, none per
 * message carried. Thread-safe.
 */
final class NodeMetrics implements org.hotline.web.NodeProbes, AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Links links;
  private final SqliteStore store;
  private final Supplier<List<String>> notReady;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Set<PartyId> peersRegistered = ConcurrentHashMap.newKeySet();
  private final Map<SecurityEvent.Kind, Counter> securityEvents =
      new EnumMap<>(SecurityEvent.Kind.class);
  private final Map<String, Counter> escalations = new ConcurrentHashMap<>();
  private final Map<String, Counter> notificationFailures = new ConcurrentHashMap<>();
  private volatile Map<PartyId, Links.LinkStatus> snapshot = Map.of();

  /** What the last scrape read of each peer's queue and overdue messages, by precedence. */
  private record ByPrecedence(
      Map<org.hotline.link.entry.Precedence, Long> queued,
      Map<String, Map<org.hotline.link.entry.Precedence, Long>> overdue) {}

  private volatile Map<PartyId, ByPrecedence> byPrecedence = Map.of();
  private final Map<PartyId, io.micrometer.core.instrument.DistributionSummary> clockOffsets =
      new ConcurrentHashMap<>();

  /**
   * Buckets of the clock offset histogram, in seconds: NTP keeps clocks within milliseconds; the
   * link is DEGRADED beyond 2 s ({@link LinkHealth#CLOCK_OFFSET_DEGRADED}).
   */
  static final double[] OFFSET_BUCKETS = {0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 30};

  private final Map<PartyId, io.micrometer.core.instrument.Timer> roundTrips =
      new ConcurrentHashMap<>();
  private final Map<PartyId, java.time.Instant> heartbeatsSeen = new ConcurrentHashMap<>();
  private final Map<PartyId, io.micrometer.core.instrument.Timer> batchReceipts =
      new ConcurrentHashMap<>();

  /**
   * Buckets of the commit histogram: an fsync takes tens of microseconds on a fast SSD,
   * milliseconds on a disk or a network volume, and more is trouble.
   */
  static final java.time.Duration[] COMMIT_BUCKETS =
      milliseconds(0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1_000);

  /**
   * Buckets of the link's histograms (heartbeat round trips, batch to receipt): from a link within
   * a city to one that is DEGRADED ({@link LinkHealth#RTT_DEGRADED}) and beyond, within the
   * heartbeat's timeout.
   */
  static final java.time.Duration[] LINK_BUCKETS =
      milliseconds(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);

  private static java.time.Duration[] milliseconds(double... bounds) {
    return java.util.Arrays.stream(bounds)
        .mapToObj(bound -> java.time.Duration.ofNanos(Math.round(bound * 1_000_000)))
        .toArray(java.time.Duration[]::new);
  }

  /**
   * Metrics of {@code links} and {@code store}, counting {@code events} from now on; {@code
   * notReady} is the readiness check {@code /readyz} answers with.
   */
  NodeMetrics(
      Links links,
      org.hotline.event.EventBus events,
      SqliteStore store,
      Supplier<List<String>> notReady,
      java.nio.file.Path dir) {
    this.links = links;
    this.store = store;
    this.notReady = notReady;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    registerStore();
    registerEventCounters();
    registerCheckpointExchanges(links.checkpointExchange());
    registerLastVerify(dir);
    events.observe(this::count);
  }

  /** What the last {@code hotline verify} of the data directory found ({@link LastVerify}). */
  private void registerLastVerify(java.nio.file.Path dir) {
    Gauge.builder(
            "hotline.verify.findings",
            dir,
            d -> LastVerify.read(d).map(o -> (double) o.findings()).orElse(Double.NaN))
        .description("problems the last hotline verify of this data directory found")
        .register(registry);
    Gauge.builder(
            "hotline.verify.last.run.timestamp",
            dir,
            d -> LastVerify.read(d).map(o -> o.at().toEpochMilli() / 1000.0).orElse(Double.NaN))
        .description("when the last hotline verify of this data directory ran")
        .baseUnit("seconds")
        .register(registry);
  }

  @Override
  public synchronized String scrape() {
    Map<PartyId, Links.LinkStatus> now = new java.util.LinkedHashMap<>();
    for (Links.LinkStatus status : links.status()) {
      now.put(status.peer(), status);
    }
    snapshot = now;
    Map<PartyId, ByPrecedence> counts = new java.util.HashMap<>();
    java.time.Instant at = links.now();
    for (PartyId peer : now.keySet()) {
      counts.put(
          peer,
          new ByPrecedence(store.queuedByPrecedence(peer), store.overdueByPrecedence(peer, at)));
    }
    byPrecedence = counts;
    for (PartyId peer : now.keySet()) {
      if (peersRegistered.add(peer)) {
        registerPeer(peer);
      }
      recordRoundTrips(peer);
    }
    return registry.scrape();
  }

  @Override
  public List<String> notReady() {
    return notReady.get();
  }

  private void registerStore() {
    FunctionCounter.builder("hotline.store.commits", store, s -> (double) s.commits())
        .description("write transactions the store committed since the node started")
        .register(registry);
    FunctionCounter.builder("hotline.store.wal.checkpoints", store, s -> s.walCheckpoints())
        .description("checkpoints that copied the write-ahead log into the database file")
        .register(registry);
    io.micrometer.core.instrument.Timer commitTimes =
        io.micrometer.core.instrument.Timer.builder("hotline.store.commit")
            .description(
                "how long each write transaction's commit took: the append to the write-ahead log"
                    + " and its fsync")
            .serviceLevelObjectives(COMMIT_BUCKETS)
            .register(registry);
    store.onCommit(nanos -> commitTimes.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
    for (String state : List.of("active", "idle", "waiting")) {
      Gauge.builder("hotline.store.connections", store, s -> poolCount(s.poolUse(), state))
          .description("database connections lent out, idle, or threads waiting for one")
          .tag("state", state)
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder("hotline.store.connections.max", store, s -> s.poolUse().max())
        .description("the most database connections the pool opens")
        .strongReference(true)
        .register(registry);
  }

  private void registerCheckpointExchanges(org.hotline.link.CheckpointExchange exchange) {
    for (org.hotline.link.CheckpointExchange.Result result :
        org.hotline.link.CheckpointExchange.Result.values()) {
      FunctionCounter.builder(
              "hotline.checkpoint.exchanges", exchange, e -> (double) e.exchanges(result))
          .description(
              "checkpoint exchanges this node started: both views agreed, a divergence was found,"
                  + " or the exchange did not complete")
          .tag("result", result.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
    }
  }

  private static double poolCount(SqliteStore.PoolUse use, String state) {
    return switch (state) {
      case "active" -> use.active();
      case "idle" -> use.idle();
      default -> use.waiting();
    };
  }

  /**
   * Every label value a counter can take is registered at 0 from the start, so that an alert on
   * {@code increase(...)} sees the first event too.
   */
  private void registerEventCounters() {
    for (SecurityEvent.Kind kind : SecurityEvent.Kind.values()) {
      securityEvents.put(
          kind,
          Counter.builder("hotline.security.events")
              .description("security events raised since the node started, by kind")
              .tag("kind", kind.wire())
              .register(registry));
    }
    for (Alert.Kind kind : Alert.Kind.values()) {
      escalations.put(kind.event(), escalationCounter(kind.event()));
    }
    escalations.put(LinkAlert.ESCALATION, escalationCounter(LinkAlert.ESCALATION));
    escalations.put(CommitmentAlert.OVERDUE, escalationCounter(CommitmentAlert.OVERDUE));
    for (String about : List.of("message", "link", "commitment")) {
      notificationFailures.put(
          about,
          Counter.builder("hotline.notification.failures")
              .description(
                  "notifications given up after their last attempt, about a message, a link or a"
                      + " commitment")
              .tag("about", about)
              .register(registry));
    }
  }

  private Counter escalationCounter(String step) {
    return Counter.builder("hotline.escalations")
        .description(
            "steps of the watch fired since the node started: reminders, escalations and missed"
                + " deadlines of messages, escalations of BLOCKED links and of overdue"
                + " commitments")
        .tag("step", step)
        .register(registry);
  }

  /** Called on the publishing thread: increments one counter and returns. */
  private void count(Event event) {
    switch (event) {
      case Event.SecurityAlarmRaised alarm -> securityEvents.get(alarm.event().kind()).increment();
      case Event.DeadlineAlarm alarm -> escalations.get(alarm.alert().kind().event()).increment();
      case Event.LinkEscalated escalated -> escalations.get(LinkAlert.ESCALATION).increment();
      case Event.CommitmentOverdue overdue -> escalations.get(CommitmentAlert.OVERDUE).increment();
      case Event.LinkReceipt receipt ->
          receipt.batchesAnswered().forEach(batchReceipts(receipt.peer())::record);
      case Event.NotificationFailed failed -> notificationFailures.get("message").increment();
      case Event.LinkNotificationFailed failed -> notificationFailures.get("link").increment();
      case Event.CommitmentNotificationFailed failed ->
          notificationFailures.get("commitment").increment();
      default -> {
        // the other events are counted by the gauges that read the link's status
      }
    }
  }

  /**
   * Adds to the peer's round-trip histogram the heartbeats answered since the last scrape, from the
   * link's own history of them ({@link LinkHealth#HISTORY_MAX} heartbeats, an hour at the default
   * interval): the heartbeat itself records nothing for metrics. Heartbeats older than the history
   * when scrapes are further apart are not counted.
   */
  private void recordRoundTrips(PartyId peer) {
    java.time.Instant seen = heartbeatsSeen.getOrDefault(peer, java.time.Instant.MIN);
    java.time.Instant latest = seen;
    io.micrometer.core.instrument.Timer timer = roundTrips.get(peer);
    for (LinkHealth.Sample sample : links.heartbeats().health(peer).history()) {
      if (sample.at().isAfter(seen)) {
        if (sample.answered()) {
          timer.record(java.time.Duration.ofMillis(sample.rttMillis()));
          clockOffsets.get(peer).record(Math.abs(sample.clockOffsetMillis()) / 1000.0);
        }
        latest = sample.at().isAfter(latest) ? sample.at() : latest;
      }
    }
    heartbeatsSeen.put(peer, latest);
  }

  /** The peer's histogram of the time from sending a batch to storing its receipt. */
  private io.micrometer.core.instrument.Timer batchReceipts(PartyId peer) {
    return batchReceipts.computeIfAbsent(
        peer,
        p ->
            io.micrometer.core.instrument.Timer.builder("hotline.batch.receipt")
                .description(
                    "time from sending a batch to the peer to storing the peer's receipt for it")
                .tag("peer", p.value())
                .serviceLevelObjectives(LINK_BUCKETS)
                .register(registry));
  }

  private void registerPeer(PartyId peer) {
    batchReceipts(peer);
    for (LinkHealth.State state : LinkHealth.State.values()) {
      peerGauge(
          "hotline.link.state",
          peer,
          "1 for the state the link to the peer is in, 0 for the others",
          status -> status.state().equals(state.name()) ? 1 : 0,
          "state",
          state.name());
    }
    peerGauge(
        "hotline.link.reachable",
        peer,
        "1 if the last exchange with the peer got an answer",
        status -> status.reachable() ? 1 : 0);
    roundTrips.put(
        peer,
        io.micrometer.core.instrument.Timer.builder("hotline.heartbeat.round.trip")
            .description("round trips of the answered heartbeats to the peer")
            .tag("peer", peer.value())
            .serviceLevelObjectives(LINK_BUCKETS)
            .register(registry));
    clockOffsets.put(
        peer,
        io.micrometer.core.instrument.DistributionSummary.builder("hotline.heartbeat.clock.offset")
            .description(
                "how far the peer's clock was from ours, either way, at each answered heartbeat")
            .baseUnit("seconds")
            .tag("peer", peer.value())
            .serviceLevelObjectives(OFFSET_BUCKETS)
            .register(registry));
    peerGauge(
        "hotline.link.round.trip.seconds",
        peer,
        "round trip of the last answered heartbeat",
        status -> seconds(status.rttMillis()));
    peerGauge(
        "hotline.link.clock.offset.seconds",
        peer,
        "the peer's clock minus ours, from the last answered heartbeat",
        status -> seconds(status.clockOffsetMillis()));
    peerGauge(
        "hotline.link.last.heartbeat.timestamp.seconds",
        peer,
        "when the peer's last heartbeat arrived, seconds since the epoch",
        status -> epochSeconds(status.lastHeartbeatReceived()));
    peerGauge(
        "hotline.queue.messages",
        peer,
        "messages accepted for the peer and waiting to be sequenced into the log",
        Links.LinkStatus::queued);
    peerGauge(
        "hotline.entries.in.flight",
        peer,
        "entries of our log to the peer sequenced but not yet receipted",
        Links.LinkStatus::inFlight);
    Gauge.builder("hotline.batches.in.flight", links, l -> l.inFlightBatches(peer))
        .description("batches sent to the peer and not yet answered, at most the window")
        .tag("peer", peer.value())
        .strongReference(true)
        .register(registry);
    peerCounter(
        "hotline.entries.sent", peer, "entries of our log to the peer", Links.LinkStatus::sent);
    peerCounter(
        "hotline.entries.receipted",
        peer,
        "entries of our log that the peer has receipted",
        Links.LinkStatus::deliveredUpTo);
    peerCounter(
        "hotline.entries.received",
        peer,
        "entries of the peer's log to us that are stored",
        Links.LinkStatus::received);
    peerGauge(
        "hotline.link.last.receipt.timestamp.seconds",
        peer,
        "when the peer's latest receipt came, seconds since the epoch",
        status -> epochSeconds(status.lastReceiptAt()));
    for (Precedence precedence : Precedence.values()) {
      peerGauge(
          "hotline.messages.unacknowledged",
          peer,
          "messages nobody has acknowledged or declined yet: sent to us (received) or ours (sent)",
          status -> status.unacknowledged().received().getOrDefault(precedence, 0L),
          "direction",
          "received",
          "precedence",
          precedence.name());
      peerGauge(
          "hotline.messages.unacknowledged",
          peer,
          "messages nobody has acknowledged or declined yet: sent to us (received) or ours (sent)",
          status -> status.unacknowledged().sent().getOrDefault(precedence, 0L),
          "direction",
          "sent",
          "precedence",
          precedence.name());
    }
    for (Precedence precedence : Precedence.values()) {
      for (String direction : List.of("received", "sent")) {
        String stored = direction.equals("received") ? "in" : "out";
        Gauge.builder(
                "hotline.messages.overdue",
                this,
                metrics -> metrics.countOf(peer, c -> c.overdue().get(stored), precedence))
            .description("unacknowledged messages past their deadline (ACK OVERDUE)")
            .tag("peer", peer.value())
            .tag("direction", direction)
            .tag("precedence", precedence.name())
            .strongReference(true)
            .register(registry);
      }
      Gauge.builder(
              "hotline.queue.entries",
              this,
              metrics -> metrics.countOf(peer, ByPrecedence::queued, precedence))
          .description(
              "entries waiting for their place in our log to the peer (messages, answers,"
                  + " deadline-missed statements, link tests), by precedence")
          .tag("peer", peer.value())
          .tag("precedence", precedence.name())
          .strongReference(true)
          .register(registry);
    }
  }

  /** A count by precedence from the last scrape; NaN once the peer is gone. */
  private double countOf(
      PartyId peer,
      java.util.function.Function<ByPrecedence, Map<Precedence, Long>> counts,
      Precedence precedence) {
    ByPrecedence read = byPrecedence.get(peer);
    return read == null ? Double.NaN : counts.apply(read).getOrDefault(precedence, 0L);
  }

  private void peerGauge(
      String name,
      PartyId peer,
      String description,
      ToDoubleFunction<Links.LinkStatus> value,
      String... tags) {
    Gauge.builder(name, this, metrics -> metrics.of(peer, value))
        .description(description)
        .tag("peer", peer.value())
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  private void peerCounter(
      String name, PartyId peer, String description, ToDoubleFunction<Links.LinkStatus> value) {
    FunctionCounter.builder(name, this, metrics -> metrics.of(peer, value))
        .description(description)
        .tag("peer", peer.value())
        .register(registry);
  }

  /** The value for {@code peer} in the last scrape's snapshot; NaN once the peer is gone. */
  private double of(PartyId peer, ToDoubleFunction<Links.LinkStatus> value) {
    Links.LinkStatus status = snapshot.get(peer);
    return status == null ? Double.NaN : value.applyAsDouble(status);
  }

  private static double epochSeconds(java.time.Instant at) {
    return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
  }

  private static double seconds(Long millis) {
    return millis == null ? Double.NaN : millis / 1000.0;
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
