package org.hotline.app;

import java.security.SecureRandom;
import java.time.Clock;
import org.hotline.Json;
import org.hotline.federation.FederationClient;
import org.hotline.federation.FederationServer;
import org.hotline.federation.WitnessClient;
import org.hotline.federation.WitnessServer;
import org.hotline.link.Links;
import org.hotline.link.SecurityEvent;
import org.hotline.notify.CommandNotifier;
import org.hotline.notify.EmailNotifier;
import org.hotline.notify.WebhookNotifier;
import org.hotline.store.sqlite.SqliteStore;
import org.hotline.watch.ConsoleAlarm;
import org.hotline.watch.EscalationChain;
import org.hotline.watch.Notifier;
import org.hotline.watch.Notifiers;
import org.hotline.watch.Watch;
import org.hotline.web.ApiServer;
import org.hotline.witness.Witness;
import org.hotline.witness.Witnessing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a running node: the one place that knows the concrete store, transport
 * and servers, and wires them together. Thread-safe; {@link #close} stops everything in reverse
 * order of starting.
 */
public final class Node implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  private final NodeHome home;
  private final SqliteStore store;
  private final FederationClient transport;
  private final Links links;
  private final org.hotline.event.EventBus events;
  private final FederationServer federation;
  private final ApiServer api;
  private final WebhookNotifier webhooks;
  private final Watch watch;
  private final org.hotline.crisis.Crisis crisis;
  private final AutoCloseable followChanges;
  private final org.hotline.crisis.InternalNotes internalNotes;
  private final WitnessServer witnessServer;
  private final WitnessClient witnessClient;
  private final java.util.List<Witnessing> witnessing;
  private final NodeMetrics metrics;
  private volatile boolean started;

  private Node(NodeHome home, Clock clock) {
    this.home = home;
    NodeConfig config = home.config();
    config.checkConsoleExposure();
    var deadlines = new org.hotline.crisis.ChannelDeadlines(WatchSettings.deadlines(config));
    EscalationChain chain = WatchSettings.chain(config);
    EmailNotifier.Settings smtp = WatchSettings.smtp(config);
    org.hotline.link.BatchLimits batchLimits = config.batchLimits();
    this.store = SqliteStore.open(home.database(), Json.mapper());
    this.transport = new FederationClient(home.tls());
    this.events = new org.hotline.event.EventBus(clock);
    this.links =
        new Links(
            home.party(),
            home.signer(),
            store,
            store,
            transport,
            clock,
            new SecureRandom(),
            events,
            config.heartbeatInterval(),
            deadlines);
    links.linkTestInterval(config.linkTestInterval());
    links.batchLimits(batchLimits);
    links.useMark(MarkFile.openFor(home.dir(), home.party(), store));
    this.webhooks = new WebhookNotifier();
    var consoleStore = store.consoleStore();
    SecureRandom random = new SecureRandom();
    var audit = new org.hotline.console.Audit(consoleStore, clock);
    var sessions = new org.hotline.console.Sessions(clock, random);
    var personalAlerts =
        new org.hotline.console.PersonalAlerts(
            consoleStore, consoleStore, sessions, audit, events, clock);
    warnAboutConsoleTargets(chain, consoleStore.users());
    Notifier notifier =
        new Notifiers(
            webhooks,
            smtp == null ? Notifiers.noEmail() : new EmailNotifier(smtp),
            new CommandNotifier(),
            new org.hotline.notify.ConsoleNotifier(personalAlerts));
    this.watch =
        new Watch(
            home.party(),
            store.watchStore(),
            links.outbox()::recordDeadlineMissed,
            chain,
            notifier,
            new ConsoleAlarm(events),
            clock,
            this::overdueCommitments);
    links.outbox().onAnswer(this::answered);
    links
        .blocks()
        .listen(
            new org.hotline.link.health.LinkBlocks.Listener() {
              @Override
              public void blocked(
                  org.hotline.identity.PartyId peer,
                  org.hotline.link.health.LinkBlocks.Block block) {
                watch.linkBlocked(
                    peer, block.direction().name(), block.problem(), block.detail(), block.since());
              }

              @Override
              public void unblocked(
                  org.hotline.identity.PartyId peer,
                  org.hotline.link.health.LinkBlocks.Block ended) {
                watch.linkUnblocked(peer);
              }
            });
    links.receiver().onAnswer(this::answered);
    this.crisis =
        new org.hotline.crisis.Crisis(
            home.party(),
            store,
            links.outbox(),
            store,
            peer -> {
              var known = links.capabilities().known(peer);
              return known.source() == org.hotline.link.health.Capabilities.Source.ASSUMED
                  ? java.util.Optional.empty()
                  : java.util.Optional.of(known.capabilities());
            },
            events,
            clock);
    this.internalNotes =
        new org.hotline.crisis.InternalNotes(crisis, store.internalNoteStore(), clock);
    this.followChanges = crisis.follow(this::raise, deadlines);
    links.outbox().useChannelGate(new org.hotline.crisis.ChannelRules(crisis::state));
    links
        .checkpointExchange()
        .useStateHashes(
            crisis::stateHashAt,
            peer ->
                links
                    .capabilities()
                    .of(peer)
                    .optionalFields()
                    .contains(org.hotline.link.PeerCapabilities.CHECKPOINTS_STATE_HASH));
    this.federation =
        new FederationServer(
            config.federationBind(),
            config.federationPort(),
            home.tls(),
            store,
            links.receiver(),
            links.checkpointExchange(),
            links.heartbeats(),
            links);
    federation.raiseRefusedHandshakes(clock, this::raise);
    this.metrics = new NodeMetrics(links, events, store, this::notReady, home.dir());
    this.api =
        new ApiServer(
            config.consoleBind(),
            config.consolePort(),
            home.token(),
            links,
            watch,
            console(home, clock, consoleStore, random, audit, sessions, personalAlerts),
            ConsoleTls.context(home.dir(), config.console()),
            config.consoleHostNames(),
            () -> new ApiServer.StoreWrites(store.commits(), store.walCheckpoints()),
            metrics,
            config.metricsToken(),
            crisis,
            internalNotes,
            new org.hotline.notice.Templates(store.templateStore(), clock));
    WitnessSettings witness = config.witness();
    this.witnessServer =
        witness == null
            ? null
            : new WitnessServer(
                witness.bind(),
                witness.port(),
                new Witness(
                    home.witnessSigner(),
                    witness.witnessedLogs(),
                    store.witnessStore(),
                    clock,
                    this::raise));
    this.witnessClient = new WitnessClient();
    this.witnessing =
        WitnessSettings.endpoints(config.witnesses()).stream()
            .map(
                endpoint ->
                    new Witnessing(
                        home.party(),
                        endpoint,
                        store,
                        store,
                        store.witnessCosignatureStore(),
                        witnessClient,
                        clock,
                        this::raise))
            .toList();
  }

  /**
   * The shared commitments overdue on this node's clock, on every link, for the watch to escalate:
   * none until the crisis part is wired (the watch starts after it).
   */
  private java.util.List<org.hotline.watch.OpenCommitments.Overdue> overdueCommitments(
      java.time.Instant now) {
    org.hotline.crisis.Crisis shared = crisis;
    if (shared == null) {
      return java.util.List.of();
    }
    java.util.List<org.hotline.watch.OpenCommitments.Overdue> overdue = new java.util.ArrayList<>();
    for (org.hotline.identity.PartyId peer : shared.peers()) {
      for (org.hotline.crisis.Commitment commitment :
          shared.state(peer).all(org.hotline.crisis.Commitment.class)) {
        if (commitment.overdueAt(now)) {
          overdue.add(
              new org.hotline.watch.OpenCommitments.Overdue(
                  peer,
                  commitment.id(),
                  commitment.owedBy(),
                  commitment.owedTo(),
                  commitment.due()));
        }
      }
    }
    return overdue;
  }

  /**
   * An acknowledgement or decline, given here or received from the peer, stops the watch over that
   * message; reading does not.
   */
  private void answered(org.hotline.link.LinkStore.ResponseRecord response) {
    if (response.kind() != org.hotline.link.entry.ResponseEntry.Kind.READ) {
      watch.answered(response.message());
    }
  }

  /**
   * The web console's parts: users, sessions, audit log, releases, alarms and personal alerts in
   * this node's database.
   */
  private org.hotline.web.console.Console console(
      NodeHome home,
      Clock clock,
      org.hotline.store.sqlite.SqliteConsoleStore consoleStore,
      SecureRandom random,
      org.hotline.console.Audit audit,
      org.hotline.console.Sessions sessions,
      org.hotline.console.PersonalAlerts personalAlerts) {
    var settings = home.config().console();
    return new org.hotline.web.console.Console(
        new org.hotline.web.console.ConsoleServices(
            links,
            watch,
            store,
            new org.hotline.console.Accounts(
                consoleStore,
                new org.hotline.console.Passwords(random),
                audit,
                clock,
                random,
                settings.secondFactor()),
            sessions,
            audit,
            new org.hotline.console.Releases(
                consoleStore,
                audit,
                clock,
                settings.twoPersonRelease(),
                settings.apiTokenBypassesRelease()),
            new org.hotline.console.SecurityAlarms(consoleStore, audit, clock),
            personalAlerts,
            clock,
            home.config().name(),
            settings.tls(),
            settings.language(),
            crisis,
            internalNotes));
  }

  /**
   * Says at start which console targets of the chain nobody would see today (a user who does not
   * exist or is disabled, a role no active user has). Not fatal: users are added and enabled while
   * the node runs, and the watch checks again at each delivery, failing it visibly if still so.
   */
  private static void warnAboutConsoleTargets(
      EscalationChain chain, java.util.List<org.hotline.console.User> users) {
    java.util.List<org.hotline.watch.Target> targets = new java.util.ArrayList<>(chain.reminder());
    chain.levels().forEach(level -> targets.addAll(level.targets()));
    for (org.hotline.watch.Target target : targets) {
      boolean someone =
          switch (target) {
            case org.hotline.watch.Target.User user ->
                users.stream().anyMatch(u -> u.username().equals(user.username()) && !u.disabled());
            case org.hotline.watch.Target.Role role ->
                users.stream().anyMatch(u -> u.role() == role.role() && !u.disabled());
            default -> true;
          };
      if (!someone) {
        LOG.warn(
            "escalation target {}: no active console user would see it today ({}); its"
                + " notifications will fail until one does",
            target.key(),
            target instanceof org.hotline.watch.Target.User
                ? "the user does not exist or is disabled"
                : "nobody active has the role");
      }
    }
  }

  /**
   * Stores a security event found outside the link (by the witness roles) and raises it like the
   * link's.
   */
  private void raise(SecurityEvent event) {
    store.write(
        writes -> {
          writes.putSecurityEvent(event);
          return null;
        });
    events.publish(new org.hotline.event.Event.SecurityAlarmRaised(event));
  }

  /**
   * What keeps this node from serving, for {@code GET /readyz}: still starting (the console port
   * opens before the watch and the witnesses start), keys not loaded, or a store that cannot take a
   * write.
   */
  private java.util.List<String> notReady() {
    java.util.List<String> reasons = new java.util.ArrayList<>();
    if (!started) {
      reasons.add("the node is still starting");
    }
    if (home.signer() == null || home.tls() == null) {
      reasons.add("the node's keys are not loaded");
    }
    store.notWritable().ifPresent(reason -> reasons.add("store: " + reason));
    return reasons;
  }

  /** Opens the data directory's store and starts both ports and the dispatchers. */
  public static Node start(NodeHome home, Clock clock) {
    Node node = new Node(home, clock);
    try {
      node.federation.start();
      if (node.witnessServer != null) {
        node.witnessServer.start();
      }
      // The outbox's queue counts are loaded here; no submission may come in before that.
      node.links.start();
      node.api.start();
      node.watch.start();
      node.witnessing.forEach(Witnessing::start);
      node.started = true;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    LOG.info(
        "node {} up: federation https://{}:{}, console {}://{}:{}",
        home.party(),
        home.config().federationBind(),
        node.federation.port(),
        home.config().console().tls() ? "https" : "http",
        home.config().consoleBind(),
        node.api.port());
    if (node.witnessServer != null) {
      LOG.info(
          "witness {} up: http://{}:{}{} for {} logs",
          home.config().witness().name(),
          home.config().witness().bind(),
          node.witnessServer.port(),
          WitnessServer.SUBMISSION_PREFIX,
          home.config().witness().logs().size());
    }
    return node;
  }

  public NodeHome home() {
    return home;
  }

  /** The shared objects of the links and the changes to them. */
  public org.hotline.crisis.Crisis crisis() {
    return crisis;
  }

  /** The notes this node's people keep on shared objects, which never leave the node. */
  public org.hotline.crisis.InternalNotes internalNotes() {
    return internalNotes;
  }

  public Links links() {
    return links;
  }

  /** The deadline watch; tests call its {@code tick()} after moving their clock. */
  public Watch watch() {
    return watch;
  }

  public org.hotline.link.PeerDirectory peers() {
    return store;
  }

  /** Pins a peer on a running node and starts delivering to it. */
  public void addPeer(org.hotline.link.Peer peer) {
    store.add(peer);
    links.peerAdded(peer.id());
  }

  public int federationPort() {
    return federation.port();
  }

  public int apiPort() {
    return api.port();
  }

  /** The witness listener's port, or -1 if this node is not a witness. */
  public int witnessPort() {
    return witnessServer == null ? -1 : witnessServer.port();
  }

  /**
   * The submitters to the configured witnesses, one per witness; tests run their rounds directly.
   */
  public java.util.List<Witnessing> witnessing() {
    return witnessing;
  }

  @Override
  public void close() {
    started = false;
    closeQuietly(api);
    closeQuietly(metrics);
    closeQuietly(watch);
    closeQuietly(webhooks);
    witnessing.forEach(Node::closeQuietly);
    closeQuietly(witnessClient);
    closeQuietly(followChanges);
    closeQuietly(links);
    if (witnessServer != null) {
      closeQuietly(witnessServer);
    }
    closeQuietly(federation);
    closeQuietly(transport);
    closeQuietly(store);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("error while stopping {}", closeable.getClass().getSimpleName(), e);
    }
  }
}
