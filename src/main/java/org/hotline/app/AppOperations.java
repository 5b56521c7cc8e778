package org.hotline.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.hotline.Json;
import org.hotline.cli.NodeOperations;
import org.hotline.identity.IdentityCard;
import org.hotline.identity.PartyId;
import org.hotline.link.Peer;
import org.hotline.store.sqlite.SqliteStore;
import org.slf4j.LoggerFactory;

/** The CLI's operations, carried out with the concrete parts. */
final class AppOperations implements NodeOperations {
  private final Clock clock = Clock.systemUTC();
  private final java.security.SecureRandom random = new java.security.SecureRandom();

  @Override
  public IdentityCard init(InitOptions options) {
    return NodeHome.init(
            options.dir(),
            options.party(),
            options.name(),
            options.federationBind(),
            options.federationPort(),
            options.consolePort(),
            options.endpoints(),
            clock)
        .card();
  }

  @Override
  public IdentityCard identity(Path dir) {
    return NodeHome.open(dir).card();
  }

  @Override
  public void addPeer(Path dir, IdentityCard card, List<URI> endpoints, Peer.Mode mode) {
    NodeHome home = NodeHome.open(dir);
    if (card.party().equals(home.party())) {
      throw new org.hotline.InvalidInputException(
          "card", "that is this node's own card (" + card.party() + ")");
    }
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
      store.add(new Peer(card, endpoints, mode));
    }
  }

  @Override
  public List<Peer> peers(Path dir) {
    try (SqliteStore store = SqliteStore.open(NodeHome.open(dir).database(), Json.mapper())) {
      return store.peers();
    }
  }

  @Override
  public void removePeer(Path dir, PartyId party) {
    try (SqliteStore store = SqliteStore.open(NodeHome.open(dir).database(), Json.mapper())) {
      store.remove(party);
    }
  }

  @Override
  public void serve(Path dir) throws InterruptedException {
    Node node = Node.start(NodeHome.open(dir), clock);
    runUntilStopped(node);
  }

  @Override
  public ApiTarget api(Path dir) {
    NodeHome home = NodeHome.open(dir);
    return new ApiTarget(home.apiBase(), home.token());
  }

  @Override
  public void demo(Path dir) throws InterruptedException {
    Demo.run(dir, clock);
  }

  @Override
  public org.hotline.record.RecordVerifier.Report verify(Path dir) {
    NodeHome home = NodeHome.open(dir);
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
      java.util.Map<PartyId, org.hotline.transcript.NoteVerifier> keys = new java.util.HashMap<>();
      keys.put(home.party(), home.signer().verifier());
      store.peers().forEach(peer -> keys.put(peer.id(), peer.card().verifier()));
      org.hotline.record.RecordVerifier.Report report =
          new org.hotline.record.RecordVerifier(store, keys::get).verify();
      LastVerify.record(home.dir(), report, clock.instant());
      return report;
    }
  }

  @Override
  public BackupResult backup(Path dir, Path out, boolean force) {
    return Backups.backup(dir, out, force, clock);
  }

  @Override
  public org.hotline.link.Recovery.Result recover(
      Path dir, PartyId peer, IdentityCard card, List<URI> endpoints) {
    return Recoveries.recover(dir, peer, card, endpoints, clock);
  }

  @Override
  public RestoreResult restore(Path in, Path dir, String expectedManifestSha256) {
    return Backups.restore(in, dir, expectedManifestSha256);
  }

  @Override
  public java.util.Map<String, Object> sitrep(
      Path dir,
      org.hotline.link.entry.MessageId incident,
      org.hotline.record.SituationReport.Header header,
      boolean proofs) {
    NodeHome home = NodeHome.open(dir);
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
      for (Peer peer : store.peers()) {
        org.hotline.identity.LogOrigin ours =
            new org.hotline.identity.LogOrigin(home.party(), peer.id());
        var state = org.hotline.record.SituationReport.stateHolding(store, ours, incident);
        if (state.isPresent()) {
          return org.hotline.record.SituationReport.build(
              store, state.get(), incident, header, clock.instant(), proofs);
        }
      }
      throw new org.hotline.NotFoundException(
          "no incident " + incident + " is shared with any peer of " + home.party());
    }
  }

  @Override
  public org.hotline.record.SitrepHtml.Words sitrepWords(Path dir, String language) {
    String chosen = org.hotline.console.User.checkLanguage(language);
    if (chosen == null) {
      chosen = NodeHome.open(dir).config().console().language();
    }
    return org.hotline.web.console.Text.of(chosen == null ? "en" : chosen);
  }

  @Override
  public long export(Path dir, PartyId peer, Path out) {
    NodeHome home = NodeHome.open(dir);
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
      Peer paired =
          store
              .peer(peer)
              .orElseThrow(
                  () ->
                      new org.hotline.NotFoundException(
                          "no peer " + peer + " is paired with " + home.party()));
      try {
        NodeHome.createOwnerOnly(out);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new org.hotline.ConflictException(out + " already exists; refusing to overwrite it");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
      }
      // Every checkpoint of our log in the transcript leaves the node: the mark is raised to the
      // log's size after the transcript is written and before it is put in place as out.
      org.hotline.identity.LogOrigin ours =
          new org.hotline.identity.LogOrigin(home.party(), paired.id());
      MarkFile mark = MarkFile.openFor(home.dir(), home.party(), store);
      Path partial = out.resolveSibling(out.getFileName() + ".partial");
      try {
        java.nio.file.Files.deleteIfExists(partial);
        NodeHome.createOwnerOnly(partial);
        long entries;
        try (var stream = java.nio.file.Files.newOutputStream(partial)) {
          entries =
              new org.hotline.record.TranscriptExporter(store)
                  .export(home.card(), paired.card(), clock.instant(), stream);
        }
        mark.publish(
            ours, store.logHead(ours).map(org.hotline.link.LinkStore.LogHead::size).orElse(0L));
        java.nio.file.Files.move(
            partial,
            out,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return entries;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
      } finally {
        try {
          java.nio.file.Files.deleteIfExists(partial);
        } catch (java.io.IOException e) {
          // left behind: named .partial, owner-only
        }
      }
    }
  }

  @Override
  public org.hotline.console.User addUser(
      Path dir, String username, org.hotline.console.Role role, char[] password, String language) {
    return withAccounts(
        dir,
        accounts ->
            accounts.add(username, role, password, language, org.hotline.console.Actor.CLI));
  }

  @Override
  public List<org.hotline.console.User> users(Path dir) {
    return withAccounts(dir, org.hotline.console.Accounts::list);
  }

  @Override
  public void disableUser(Path dir, String username) {
    withAccounts(
        dir,
        accounts -> {
          accounts.disable(username, org.hotline.console.Actor.CLI);
          return null;
        });
  }

  @Override
  public void enableUser(Path dir, String username) {
    withAccounts(
        dir,
        accounts -> {
          accounts.enable(username, org.hotline.console.Actor.CLI);
          return null;
        });
  }

  @Override
  public void setPassword(Path dir, String username, char[] password) {
    withAccounts(
        dir,
        accounts -> {
          accounts.setPassword(username, password, org.hotline.console.Actor.CLI);
          return null;
        });
  }

  @Override
  public java.util.Map<String, String> secondFactors(Path dir) {
    return withAccounts(
        dir,
        accounts -> {
          java.util.Map<String, java.time.Instant> enrolled = accounts.secondFactorsEnrolled();
          java.util.Map<String, String> states = new java.util.TreeMap<>();
          for (org.hotline.console.User user : accounts.list()) {
            java.time.Instant since = enrolled.get(user.username());
            states.put(
                user.username(),
                since != null
                    ? "enrolled " + since
                    : accounts.secondFactorRequired(user.role())
                        ? "due at next sign-in"
                        : "not used");
          }
          return states;
        });
  }

  @Override
  public void resetSecondFactor(Path dir, String username) {
    withAccounts(
        dir,
        accounts -> {
          accounts.resetSecondFactor(username, org.hotline.console.Actor.CLI);
          return null;
        });
  }

  private <T> T withAccounts(
      Path dir, java.util.function.Function<org.hotline.console.Accounts, T> work) {
    NodeHome home = NodeHome.open(dir);
    try (SqliteStore store = SqliteStore.open(home.database(), Json.mapper())) {
      var console = store.consoleStore();
      var audit = new org.hotline.console.Audit(console, clock);
      return work.apply(
          new org.hotline.console.Accounts(
              console,
              new org.hotline.console.Passwords(random),
              audit,
              clock,
              random,
              home.config().console().secondFactor()));
    }
  }

  @Override
  public void bench(int warmup, int messages, org.hotline.link.BatchLimits batches, boolean json)
      throws Exception {
    Bench.run(warmup, messages, batches, json);
  }

  @Override
  public WitnessStatus witnessInit(Path dir, String name, String bind, int port) {
    return WitnessSetup.init(dir, name, bind, port);
  }

  @Override
  public void witnessAddLog(Path dir, String origin, String key) {
    WitnessSetup.addLog(dir, origin, key);
  }

  @Override
  public void witnessUse(Path dir, String url, String key) {
    WitnessSetup.use(dir, url, key);
  }

  @Override
  public WitnessStatus witness(Path dir) {
    return WitnessSetup.status(dir);
  }

  @Override
  public void benchRecord(int entries, Path dir, boolean checkpointPerEntry, boolean json)
      throws Exception {
    RecordBench.run(
        entries,
        dir == null ? java.nio.file.Files.createTempDirectory("hotline-record") : dir,
        checkpointPerEntry,
        json);
  }

  @Override
  public void benchProofs(boolean json) throws Exception {
    ProofBench.run(json);
  }

  /** Blocks until SIGINT/SIGTERM, then closes {@code closeables} cleanly. */
  static void runUntilStopped(AutoCloseable... closeables) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable closeable : closeables) {
                    try {
                      closeable.close();
                    } catch (Exception e) {
                      LoggerFactory.getLogger(AppOperations.class).warn("error while stopping", e);
                    }
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }
}
