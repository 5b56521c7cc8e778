package org.hotline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A stopped node's database opened with plain JDBC, the way someone with access to the disk would
 * edit it: no Hotline code in between. Not thread-safe.
 */
public final class SqliteFile implements AutoCloseable {
  private final Connection connection;

  private SqliteFile(Connection connection) {
    this.connection = connection;
  }

  /** Opens {@code dataDir/hotline.db}; the node must be stopped. */
  public static SqliteFile open(Path dataDir) {
    try {
      return new SqliteFile(
          DriverManager.getConnection(
              "jdbc:sqlite:" + dataDir.resolve("hotline.db").toAbsolutePath()));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the database of " + dataDir, e);
    }
  }

  /** Runs one statement; returns the number of rows it changed. */
  public int update(String sql, Object... parameters) {
    try (PreparedStatement statement = prepare(sql, parameters)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The first column of every row. */
  public <T> List<T> column(Class<T> type, String sql, Object... parameters) {
    try (PreparedStatement statement = prepare(sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      List<T> values = new ArrayList<>();
      while (rows.next()) {
        values.add(type.cast(rows.getObject(1)));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The first column of the one row the query must return. */
  public <T> T one(Class<T> type, String sql, Object... parameters) {
    List<T> values = column(type, sql, parameters);
    if (values.size() != 1) {
      throw new IllegalStateException(sql + " returned " + values.size() + " rows");
    }
    return values.get(0);
  }

  private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies a stopped node's data directory (database, keys, configuration) to {@code target}. */
  public static void copyDirectory(Path source, Path target) {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
