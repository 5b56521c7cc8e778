package org.hotline.store.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.hotline.InvalidInputException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * A consistent copy of a store's database file, taken while a node may be writing to it, with
 * SQLite's {@code VACUUM INTO} (https://sqlite.org/lang_vacuum.html#vacuuminto).
 *
 * <p>{@code VACUUM INTO} reads the whole database inside one read transaction: in WAL mode that
 * transaction sees one commit and never blocks the node's writer, and the copy holds exactly what
 * was committed when it began, including what is still only in {@code -wal}. The online backup API
 * ({@code backup to} in sqlite-jdbc) copies pages in steps and starts again from the first page
 * whenever another process writes between two steps, so under a steady load from the node it may
 * never finish. The copy is also compacted and stands alone: no {@code -wal} to carry with it.
 *
 * <p>The database is opened without the schema migrations of {@link SqliteStore#open}: a backup
 * copies what the node wrote, it never upgrades a running node's file. Thread-safe (no state).
 */
public final class SqliteSnapshot {
  private SqliteSnapshot() {}

  /**
   * Copies the database {@code file} to {@code target}, which must not exist; {@code target} is
   * made readable by its owner only before SQLite writes to it.
   *
   * @throws InvalidInputException if {@code file} is not a database SQLite can read; {@code target}
   *     is then left empty or absent for the caller to remove
   */
  public static void copy(Path file, Path target) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("dir", "no database at " + file);
    }
    SQLiteConfig config = new SQLiteConfig();
    // Never create an empty database where the node's file should be.
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.setBusyTimeout(SqliteStore.BUSY_TIMEOUT_MILLIS);
    try {
      // VACUUM INTO writes into an empty file as it would into a new one; made 0600 here, since
      // SQLite would create it with the umask's mode.
      Files.createFile(
          target,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
          PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
        vacuum.setString(1, target.toAbsolutePath().toString());
        vacuum.execute();
      }
    } catch (SQLException e) {
      throw new InvalidInputException(
          "dir", "cannot copy the database " + file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidInputException("out", "cannot write " + target + ": " + e.getMessage());
    }
  }
}
