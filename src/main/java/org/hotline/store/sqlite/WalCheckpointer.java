package org.hotline.store.sqlite;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log into the database file off the commit path. SQLite's automatic
 * checkpoint runs inside the commit that crosses its threshold (1,000 pages), so every few batches
 * one receiver commit also copied about 4 MB into the database file and synced it: the tail of the
 * time from a batch's arrival to its receipt. The store's connections therefore run with automatic
 * checkpoints off, and this thread runs a {@code PASSIVE} checkpoint every {@link #INTERVAL}: it
 * copies every frame no reader still needs, without waiting for or blocking writers and readers.
 *
 * <p>Bound: the log holds what is written in one interval, plus whatever a long reader (such as
 * {@code hotline verify}) holds back from being copied, as it would with automatic checkpoints;
 * once copied, the log is reused from its start and its file cut back to {@link
 * #JOURNAL_SIZE_LIMIT_BYTES}. Closing the store checkpoints what is left.
 *
 * <p>A checkpoint that copies frames syncs the log and then the database file: two fsyncs, counted
 * in {@link #checkpoints}. One that finds nothing new to copy syncs nothing and is not counted.
 *
 * <p>Thread-safe.
 */
final class WalCheckpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

  /** How often the log is copied; at the link's full rate one interval writes a few MB. */
  static final Duration INTERVAL = Duration.ofMillis(500);

  /** The log file is cut back to this size after a checkpoint has let it start over. */
  static final int JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

  /**
   * Closing waits this long for a checkpoint under way; one copies at most a few intervals' writes.
   */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final Jdbi jdbi;
  private final ScheduledExecutorService executor;
  private final AtomicLong framesCopied = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong checkpoints = new AtomicLong();
  private final java.util.function.LongSupplier commits;

  /** The store's commits and the log's copied frames at the last checkpoint; under this lock. */
  private long commitsBefore = -1;

  private int copiedBefore;

  private WalCheckpointer(Jdbi jdbi, String name, java.util.function.LongSupplier commits) {
    this.jdbi = jdbi;
    this.commits = commits;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("wal-checkpoint-" + name).factory());
  }

  /**
   * Starts checkpointing the database behind {@code jdbi} every {@link #INTERVAL}; {@code commits}
   * counts the store's write transactions as SQLite enters their commit (before their frames are in
   * the log), to tell a checkpoint that copied new frames from one that found the log already
   * copied.
   */
  static WalCheckpointer start(Jdbi jdbi, String name, java.util.function.LongSupplier commits) {
    WalCheckpointer checkpointer = new WalCheckpointer(jdbi, name, commits);
    // The task catches and counts its own failures; the future would only repeat them.
    ScheduledFuture<?> unused =
        checkpointer.executor.scheduleWithFixedDelay(
            checkpointer::checkpoint,
            INTERVAL.toMillis(),
            INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
    return checkpointer;
  }

  /** Frames of the log copied into the database file so far, by this thread. */
  long framesCopied() {
    return framesCopied.get();
  }

  /**
   * Checkpoints that copied frames into the database file, each syncing the log and the file. A
   * checkpoint held back entirely by a long reader (such as {@code hotline verify}) right after a
   * commit is counted although it copied nothing, and so is one after a commit that failed once
   * SQLite had entered it: overcounts by one, not a drift. The commit count it compares moves
   * before a commit's frames reach the log, so a checkpoint never copies frames it cannot see are
   * new.
   */
  long checkpoints() {
    return checkpoints.get();
  }

  /** Checkpoints that failed (each is logged); the next interval tries again. */
  long failures() {
    return failures.get();
  }

  /** Synchronized: a test may run one while the thread runs its own. */
  synchronized void checkpoint() {
    try {
      long committed = commits.getAsLong();
      // Columns: busy (always 0 for PASSIVE), frames in the log, frames copied so far.
      int copied =
          jdbi.withHandle(
              handle ->
                  handle
                      .createQuery("PRAGMA wal_checkpoint(PASSIVE)")
                      .map((row, context) -> row.getInt(3))
                      .one());
      if (copied > 0) {
        framesCopied.addAndGet(copied);
        // Without a commit since the last checkpoint the log holds the same frames: new ones were
        // copied only if more of them are copied now (a reader let go of them).
        if (committed != commitsBefore || copied > copiedBefore) {
          checkpoints.incrementAndGet();
        }
      }
      commitsBefore = committed;
      copiedBefore = copied;
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      LOG.warn("checkpoint of the write-ahead log failed; trying again shortly: {}", e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("the write-ahead log checkpoint thread did not stop within {}", CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
