package org.hotline.app;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.hotline.Json;
import org.hotline.OverloadedException;
import org.hotline.event.EventBus;
import org.hotline.identity.LogOrigin;
import org.hotline.identity.PartyId;
import org.hotline.link.Batch;
import org.hotline.link.CheckpointExchange;
import org.hotline.link.CheckpointView;
import org.hotline.link.LinkStore;
import org.hotline.link.Links;
import org.hotline.link.Peer;
import org.hotline.link.PeerTransport;
import org.hotline.link.RemoteLogState;
import org.hotline.link.entry.Draft;
import org.hotline.link.entry.Precedence;
import org.hotline.link.entry.StatusFlag;
import org.hotline.store.sqlite.SqliteStore;

/**
 * {@code hotline bench --record N}: makes two nodes' data directories ({@code us} and {@code cn})
 * whose stores hold N messages from us to cn, written by the real link: the outbox stores each
 * submission, the dispatcher has the sequencer place and sign batches, the receiver checks each
 * batch against the signed root and stores it, the sender stores the receipt. Both stores are real
 * SQLite files with {@code synchronous=FULL}. The one thing left out is the network: the two nodes
 * run in this process and the dispatcher's transport calls the receiver directly instead of over
 * mutual TLS, which would only make filling a million entries slower without changing what is
 * stored. Messages are as in the link benchmark: ROUTINE, TEST, 1 KiB bodies.
 *
 * <p>The result is for {@code hotline verify --dir DIR/cn} (or {@code DIR/us}), whose speed
 * docs/BENCHMARKS.md records.
 */
final class RecordBench {
  /** Messages per submission: the outbox's maximum, one group commit each. */
  private static final int SUBMISSION_SIZE = 1_000;

  /** Body of every message, as in the link benchmark. */
  private static final String BODY = "x".repeat(1024);

  /** Filling stops with an error if the link makes no progress for this long. */
  private static final Duration STALL_MAX = Duration.ofMinutes(2);

  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

  private RecordBench() {}

  /**
   * @param checkpointPerEntry the worst case for verify: each message is sent alone and receipted
   *     before the next is submitted, so every entry has its own signed checkpoint and receipt
   */
  static void run(int entries, Path root, boolean checkpointPerEntry, boolean json)
      throws Exception {
    Clock clock = Clock.systemUTC();
    Files.createDirectories(root);
    NodeHome usHome =
        NodeHome.init(
            root.resolve("us"),
            PartyId.of("us"),
            "Bench US",
            "127.0.0.1",
            0,
            0,
            List.of("https://127.0.0.1:1"),
            clock);
    NodeHome cnHome =
        NodeHome.init(
            root.resolve("cn"),
            PartyId.of("cn"),
            "Bench CN",
            "127.0.0.1",
            0,
            0,
            List.of("https://127.0.0.1:1"),
            clock);
    long started = System.nanoTime();
    Receipts receipts = new Receipts();
    try (SqliteStore usStore = SqliteStore.open(usHome.database(), Json.mapper());
        SqliteStore cnStore = SqliteStore.open(cnHome.database(), Json.mapper())) {
      usStore.add(new Peer(cnHome.card(), List.of(URI.create("https://127.0.0.1:1"))));
      cnStore.add(new Peer(usHome.card(), List.of(URI.create("https://127.0.0.1:1"))));
      AtomicReference<Links> usLinks = new AtomicReference<>();
      AtomicReference<Links> cnLinks = new AtomicReference<>();
      Duration heartbeat = usHome.config().heartbeatInterval();
      usLinks.set(
          new Links(
              usHome.party(),
              usHome.signer(),
              usStore,
              usStore,
              new Direct(usHome.party(), cnLinks, cnStore, receipts),
              clock,
              new SecureRandom(),
              new EventBus(clock),
              heartbeat,
              WatchSettings.deadlines(usHome.config())));
      cnLinks.set(
          new Links(
              cnHome.party(),
              cnHome.signer(),
              cnStore,
              cnStore,
              new Direct(cnHome.party(), usLinks, usStore, new Receipts()),
              clock,
              new SecureRandom(),
              new EventBus(clock),
              heartbeat,
              WatchSettings.deadlines(cnHome.config())));
      try (Links us = usLinks.get();
          Links cn = cnLinks.get()) {
        cn.start();
        us.start();
        LogOrigin log = new LogOrigin(usHome.party(), cnHome.party());
        if (checkpointPerEntry) {
          submitOneByOne(us, usStore, log, entries, json);
        } else {
          submitAll(us, entries);
        }
        awaitReceipted(usStore, log, entries, json);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("record_entries", entries);
    figures.put("record_fill_seconds", Math.round(seconds * 10) / 10.0);
    figures.put("record_fill_entries_per_second", Math.round(entries / seconds));
    figures.put("batches_receipted", receipts.count());
    figures.put("batch_to_receipt_p50_ms", receipts.percentileMillis(50));
    figures.put("batch_to_receipt_p99_ms", receipts.percentileMillis(99));
    figures.put("batch_to_receipt_max_ms", receipts.percentileMillis(100));
    figures.put("warm_batches", Math.max(0, receipts.count() - Receipts.WARM_UP_BATCHES));
    figures.put("warm_batch_to_receipt_p50_ms", receipts.warmPercentileMillis(50));
    figures.put("warm_batch_to_receipt_p99_ms", receipts.warmPercentileMillis(99));
    figures.put("warm_batch_to_receipt_max_ms", receipts.warmPercentileMillis(100));
    figures.put("sender_dir", usHome.dir().toString());
    figures.put("receiver_dir", cnHome.dir().toString());
    figures.put("verify_with", "hotline verify --dir " + cnHome.dir());
    if (json) {
      System.out.println(
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(figures));
    } else {
      figures.forEach((name, value) -> System.out.printf("%-32s %s%n", name, value));
    }
  }

  private static void submitAll(Links us, int entries) throws InterruptedException {
    for (int offset = 0; offset < entries; offset += SUBMISSION_SIZE) {
      int size = Math.min(SUBMISSION_SIZE, entries - offset);
      List<Draft> drafts = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        drafts.add(
            new Draft(
                PartyId.of("cn"),
                Precedence.ROUTINE,
                StatusFlag.TEST,
                "bench " + (offset + i),
                BODY,
                "en",
                null));
      }
      while (true) {
        try {
          us.outbox().submit(drafts);
          break;
        } catch (OverloadedException e) {
          Thread.sleep(100);
        }
      }
    }
  }

  private static void submitOneByOne(
      Links us, SqliteStore store, LogOrigin log, int entries, boolean json)
      throws InterruptedException {
    long lastReported = System.nanoTime();
    for (int i = 0; i < entries; i++) {
      us.outbox()
          .submit(
              List.of(
                  new Draft(
                      PartyId.of("cn"),
                      Precedence.ROUTINE,
                      StatusFlag.TEST,
                      "bench " + i,
                      BODY,
                      "en",
                      null)));
      long deadline = System.nanoTime() + STALL_MAX.toNanos();
      while (store.logHead(log).map(LinkStore.LogHead::receiptedSize).orElse(0L) < i + 1) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "message " + (i + 1) + " was not receipted within " + STALL_MAX);
        }
        Thread.sleep(1);
      }
      if (!json && System.nanoTime() - lastReported > PROGRESS_INTERVAL.toNanos()) {
        System.err.println(
            "bench: " + (i + 1) + " of " + entries + " entries receipted, one checkpoint each");
        lastReported = System.nanoTime();
      }
    }
  }

  private static void awaitReceipted(SqliteStore store, LogOrigin log, long entries, boolean json)
      throws InterruptedException {
    long lastProgress = System.nanoTime();
    long lastReported = System.nanoTime();
    long receipted = 0;
    while (receipted < entries) {
      Thread.sleep(100);
      long now = store.logHead(log).map(LinkStore.LogHead::receiptedSize).orElse(0L);
      if (now > receipted) {
        receipted = now;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > STALL_MAX.toNanos()) {
        throw new IllegalStateException(
            "the link stalled at " + receipted + " of " + entries + " entries receipted");
      }
      if (!json && System.nanoTime() - lastReported > PROGRESS_INTERVAL.toNanos()) {
        System.err.println("bench: " + receipted + " of " + entries + " entries receipted");
        lastReported = System.nanoTime();
      }
    }
  }

  /**
   * How long the receiver took from getting each batch to answering with its cosignature: it
   * checked the batch against the signed root, stored it durably and cosigned the checkpoint. At
   * most {@link #SAMPLES_MAX} batches are kept. Thread-safe.
   */
  static final class Receipts {
    /** A million entries make about 4,000 batches; more samples add nothing to a percentile. */
    static final int SAMPLES_MAX = 1_000_000;

    /**
     * The first batches of a fresh JVM run interpreted and compiling code (the first takes about
     * ten times the median); a node that has been up for minutes is past them. The warm figures
     * leave them out.
     */
    static final int WARM_UP_BATCHES = 50;

    private final java.util.concurrent.ConcurrentLinkedQueue<Long> nanos =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger count =
        new java.util.concurrent.atomic.AtomicInteger();

    void add(long elapsedNanos) {
      if (count.incrementAndGet() <= SAMPLES_MAX) {
        nanos.add(elapsedNanos);
      }
    }

    long count() {
      return count.get();
    }

    double percentileMillis(double percentile) {
      return percentileMillis(percentile, 0);
    }

    /** As {@link #percentileMillis(double)}, leaving out the first {@link #WARM_UP_BATCHES}. */
    double warmPercentileMillis(double percentile) {
      return percentileMillis(percentile, WARM_UP_BATCHES);
    }

    private double percentileMillis(double percentile, int skipped) {
      long[] sorted = nanos.stream().skip(skipped).mapToLong(Long::longValue).sorted().toArray();
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
      return Math.round(sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e4) / 100.0;
    }
  }

  /**
   * The link's transport with the network left out: each call goes straight to the other node's
   * link.
   */
  private record Direct(
      PartyId self, AtomicReference<Links> other, SqliteStore otherStore, Receipts receipts)
      implements PeerTransport {
    private Peer caller() {
      return otherStore.peer(self).orElseThrow();
    }

    @Override
    public RemoteLogState state(Peer peer, String log) {
      return other.get().receiver().state(caller(), log);
    }

    @Override
    public org.hotline.link.BatchAnswer push(Peer peer, Batch batch) {
      long started = System.nanoTime();
      org.hotline.link.BatchAnswer answer = other.get().receiver().accept(caller(), batch);
      receipts.add(System.nanoTime() - started);
      return answer;
    }

    @Override
    public CheckpointExchange.Answer exchange(
        Peer peer, List<CheckpointView> views, List<String> divergences) {
      return other.get().checkpointExchange().answer(caller(), views, divergences);
    }

    @Override
    public String heartbeat(Peer peer, int endpoint, String note, Duration timeout) {
      return other.get().heartbeats().answer(caller(), note);
    }

    @Override
    public Batch pull(Peer peer, String log, long after, String receipt) {
      return null;
    }

    @Override
    public org.hotline.link.RecoveryPage recoveryPage(Peer peer, String log, long after) {
      throw new org.hotline.link.PeerUnreachableException("the bench does not recover");
    }

    /** Both nodes run this same code. */
    @Override
    public java.util.Optional<org.hotline.link.PeerCapabilities> capabilities(Peer peer) {
      return java.util.Optional.of(org.hotline.link.PeerCapabilities.OWN);
    }

    @Override
    public int currentEndpoint(Peer peer) {
      return 0;
    }

    @Override
    public void selectEndpoint(Peer peer, int endpoint) {}
  }
}
