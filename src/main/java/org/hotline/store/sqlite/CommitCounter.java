package org.hotline.store.sqlite;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.LocalTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * Counts the write transactions the store commits. In WAL mode with {@code synchronous=FULL} each
 * one appends to the write-ahead log and syncs it: one fsync per commit (two for the first commit
 * after the log starts over, whose header is synced too). Commits per message is therefore the
 * durability work per message, a figure that does not depend on how busy the machine is.
 *
 * <p>SQLite's commit hook, which it calls only for a write transaction, says whether a commit had
 * anything to make durable; the count goes up once that commit has returned without error. A read
 * transaction, a write transaction rolled back, and a commit that fails are not counted. A write
 * statement that changed nothing still makes a write transaction, counted though nothing is synced.
 * Writes by other processes (the CLI pinning a peer) are not seen. Thread-safe.
 */
final class CommitCounter {
  /**
   * Set by the commit hook of the connection this thread is committing on. The hook runs inside the
   * JDBC commit, on the committing thread.
   */
  private static final ThreadLocal<Boolean> WROTE = ThreadLocal.withInitial(() -> Boolean.FALSE);

  /**
   * Commits the hook has seen, counted as SQLite enters them, before their frames reach the log: so
   * whoever sees new frames in the log has seen this count move (the checkpointer relies on it).
   */
  private final AtomicLong hooked = new AtomicLong();

  private final SQLiteCommitListener hook =
      new SQLiteCommitListener() {
        @Override
        public void onCommit() {
          hooked.incrementAndGet();
          WROTE.set(Boolean.TRUE);
        }

        @Override
        public void onRollback() {
          // a rolled-back transaction is not counted: the flag is cleared before each commit
        }
      };

  private final AtomicLong commits = new AtomicLong();

  /** Told how long each counted commit took, in nanoseconds; nothing until set. */
  private volatile java.util.function.LongConsumer commitNanos = nanos -> {};

  /**
   * Tells {@code listener} the duration of each counted commit (SQLite's COMMIT: the append to the
   * write-ahead log and its fsync), on the committing thread: it must return at once.
   */
  void onCommit(java.util.function.LongConsumer listener) {
    commitNanos = listener;
  }

  /** A data source whose every connection reports its commits to this counter's hook. */
  SQLiteDataSource dataSource(SQLiteConfig config) {
    return new SQLiteDataSource(config) {
      @Override
      public SQLiteConnection getConnection(String user, String password) throws SQLException {
        SQLiteConnection connection = super.getConnection(user, password);
        connection.addCommitListener(hook);
        return connection;
      }
    };
  }

  /** Jdbi's default transaction handling, counting the commits that wrote. */
  TransactionHandler transactionHandler() {
    return new Counting(LocalTransactionHandler.binding());
  }

  /**
   * Write transactions SQLite has entered a commit for, counted before their frames are in the log
   * (a commit that then fails is counted too). For the checkpointer, not for reports.
   */
  long hookedCommits() {
    return hooked.get();
  }

  /** Write transactions committed since the store was opened. */
  long commits() {
    return commits.get();
  }

  /** Counts around Jdbi's own handler, which each handle gets specialized, as without counting. */
  private final class Counting extends DelegatingTransactionHandler {
    Counting(TransactionHandler delegate) {
      super(delegate);
    }

    @Override
    public TransactionHandler specialize(Handle handle) throws SQLException {
      return new Counting(getDelegate().specialize(handle));
    }

    @Override
    public void commit(Handle handle) {
      WROTE.set(Boolean.FALSE);
      long start = System.nanoTime();
      super.commit(handle);
      if (WROTE.get()) {
        commits.incrementAndGet();
        commitNanos.accept(System.nanoTime() - start);
        WROTE.set(Boolean.FALSE);
      }
    }
  }
}
