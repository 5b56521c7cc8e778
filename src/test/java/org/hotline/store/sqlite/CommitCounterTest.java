package org.hotline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.hotline.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store counts the write transactions it commits (each one fsync of the write-ahead log in WAL
 * mode with synchronous=FULL) and the checkpoints that copy the log into the database file: the
 * benchmark's fsyncs per message.
 */
class CommitCounterTest {
  @TempDir Path dir;

  private SqliteStore store;

  @BeforeEach
  void open_a_store_with_a_table() {
    store = SqliteStore.open(dir.resolve("hotline.db"), Json.mapper());
    store.transaction(handle -> handle.execute("CREATE TABLE filler (n INTEGER PRIMARY KEY)"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void n_write_transactions_are_n_commits() {
    long before = store.commits();

    for (int n = 0; n < 25; n++) {
      insert(n);
    }

    assertThat(store.commits() - before).isEqualTo(25);
  }

  @Test
  void one_transaction_of_many_rows_is_one_commit() {
    long before = store.commits();

    store.transaction(
        handle -> {
          for (int n = 0; n < 100; n++) {
            handle.execute("INSERT INTO filler (n) VALUES (?)", n);
          }
          return null;
        });

    assertThat(store.commits() - before).isEqualTo(1);
  }

  @Test
  void reads_read_transactions_and_rolled_back_writes_are_not_commits() {
    insert(1);
    long before = store.commits();

    store.read(handle -> handle.createQuery("SELECT count(*) FROM filler").mapTo(Long.class).one());
    store.snapshot(records -> records.placedMessageCount());
    store.transaction(
        handle -> handle.createQuery("SELECT count(*) FROM filler").mapTo(Long.class).one());
    assertThatThrownBy(
            () ->
                store.transaction(
                    handle -> {
                      handle.execute("INSERT INTO filler (n) VALUES (2)");
                      throw new IllegalStateException("the work fails after writing");
                    }))
        .hasMessage("the work fails after writing");

    assertThat(store.commits()).isEqualTo(before);
  }

  @Test
  void a_checkpoint_is_counted_when_it_copies_new_frames_and_not_when_the_log_is_already_copied() {
    insert(1);
    store.checkpointNow();
    long copied = store.walCheckpoints();
    assertThat(copied).as("the first commit's frames copied").isPositive();

    store.checkpointNow();
    store.checkpointNow();
    assertThat(store.walCheckpoints()).as("nothing new to copy").isEqualTo(copied);

    insert(2);
    store.checkpointNow();
    assertThat(store.walCheckpoints()).as("the next commit's frames copied").isGreaterThan(copied);
  }

  private void insert(int n) {
    store.transaction(handle -> handle.execute("INSERT INTO filler (n) VALUES (?)", n));
  }
}
