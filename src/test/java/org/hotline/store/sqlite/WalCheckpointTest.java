package org.hotline.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hotline.Json;
import org.hotline.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is copied into the database file by the store's own thread, never inside a
 * commit: a commit that crossed SQLite's automatic threshold used to copy and sync megabytes before
 * the receiver could answer with its receipt. And a store this code creates has 16 KiB pages.
 */
class WalCheckpointTest {
  @TempDir Path dir;

  @Test
  void commits_leave_the_log_to_the_background_checkpoint_which_copies_it_into_the_database() {
    Path file = dir.resolve("hotline.db");
    try (SqliteStore store = SqliteStore.open(file, Json.mapper())) {
      int autocheckpoint =
          store.read(
              handle -> handle.createQuery("PRAGMA wal_autocheckpoint").mapTo(Integer.class).one());
      assertThat(autocheckpoint).as("pages after which a commit checkpoints itself").isZero();
      store.transaction(
          handle -> handle.execute("CREATE TABLE filler (n INTEGER PRIMARY KEY, data BLOB)"));
      long before = size(file);
      for (int commit = 0; commit < 20; commit++) {
        int first = commit * 50;
        store.transaction(
            handle -> {
              for (int n = first; n < first + 50; n++) {
                handle.execute("INSERT INTO filler (n, data) VALUES (?, randomblob(4000))", n);
              }
              return null;
            });
      }
      Await.until(
          "the log copied into the database file",
          Duration.ofSeconds(10),
          () -> store.walFramesCopied() >= 200 && size(file) - before >= 4_000_000);
    }
  }

  @Test
  void a_new_store_has_pages_of_16_kib_and_an_existing_store_keeps_its_own() throws Exception {
    Path file = dir.resolve("hotline.db");
    try (SqliteStore store = SqliteStore.open(file, Json.mapper())) {
      assertThat(pageSize(store)).isEqualTo(16_384);
    }
    Path old = dir.resolve("old.db");
    try (java.sql.Connection made = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old);
        java.sql.Statement statement = made.createStatement()) {
      statement.execute("PRAGMA page_size = 4096");
      statement.execute("PRAGMA journal_mode = WAL"); // writes the file's first page
    }
    try (SqliteStore store = SqliteStore.open(old, Json.mapper())) {
      assertThat(pageSize(store)).isEqualTo(4_096);
      String journal =
          store.read(handle -> handle.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
      assertThat(journal).isEqualTo("wal");
    }
  }

  private static int pageSize(SqliteStore store) {
    return store.read(handle -> handle.createQuery("PRAGMA page_size").mapTo(Integer.class).one());
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
