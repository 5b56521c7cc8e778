package org.hotline.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.hotline.notice.AddedTemplate;
import org.hotline.notice.TemplateStore;
import org.jdbi.v3.core.Jdbi;

/**
 * The templates operators added (V16__templates.sql) in the node's SQLite file. Writes share {@link
 * SqliteStore}'s lock, so they are serialized with the link's. Thread-safe.
 */
final class SqliteTemplates implements TemplateStore {
  private static final String COLUMNS = "id, version, sha256, canonical, added_by, added_at";

  private final Jdbi jdbi;
  private final ReentrantLock writeLock;

  SqliteTemplates(Jdbi jdbi, ReentrantLock writeLock) {
    this.jdbi = jdbi;
    this.writeLock = writeLock;
  }

  @Override
  public boolean addIfAbsent(AddedTemplate template) {
    writeLock.lock();
    try {
      return jdbi.withHandle(
              handle ->
                  handle
                      .createUpdate(
                          "INSERT INTO templates ("
                              + COLUMNS
                              + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id, version) DO NOTHING")
                      .bind(0, template.id())
                      .bind(1, template.version())
                      .bind(2, template.sha256())
                      .bind(3, template.canonical())
                      .bind(4, template.addedBy())
                      .bind(5, Rows.micros(template.addedAt()))
                      .execute())
          == 1;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public Optional<AddedTemplate> find(String id, int version) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM templates WHERE id = ? AND version = ?")
                .bind(0, id)
                .bind(1, version)
                .map((rs, ctx) -> row(rs))
                .findOne());
  }

  @Override
  public List<AddedTemplate> all() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM templates ORDER BY id, version")
                .map((rs, ctx) -> row(rs))
                .list());
  }

  private static AddedTemplate row(ResultSet rs) throws SQLException {
    return new AddedTemplate(
        rs.getString(1),
        rs.getInt(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        Rows.instant(rs.getLong(6)));
  }
}
