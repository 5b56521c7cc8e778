package org.hotline.architecture.violations.link;

import java.sql.Connection;
import java.sql.SQLException;

/** Wrong: domain code that talks JDBC instead of declaring the storage interface it needs. */
public final class LinkThatRunsSql {
  private final Connection connection;

  public LinkThatRunsSql(Connection connection) {
    this.connection = connection;
  }

  public void forget() throws SQLException {
    connection.createStatement().execute("DELETE FROM messages");
  }
}
