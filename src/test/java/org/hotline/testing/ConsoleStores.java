package org.hotline.testing;

import java.nio.file.Path;
import org.hotline.Json;
import org.hotline.store.sqlite.SqliteConsoleStore;
import org.hotline.store.sqlite.SqliteStore;

/** A real SQLite database with the console's tables, for tests of the console's domain. */
public final class ConsoleStores {
  private ConsoleStores() {}

  /** The store and its database; close the database when done. */
  public record Opened(SqliteStore database, SqliteConsoleStore console) implements AutoCloseable {
    @Override
    public void close() {
      database.close();
    }
  }

  public static Opened open(Path dir) {
    SqliteStore database = SqliteStore.open(dir.resolve("hotline.db"), Json.mapper());
    return new Opened(database, database.consoleStore());
  }
}
