package org.hotline.store.sqlite;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.hotline.crisis.InternalNote;
import org.hotline.crisis.InternalNoteStore;
import org.jdbi.v3.core.Jdbi;

/**
 * The internal notes (V15__internal_notes.sql) in the node's SQLite file. Writes share {@link
 * SqliteStore}'s lock, so they are serialized with the link's. Thread-safe.
 */
final class SqliteInternalNotes implements InternalNoteStore {
  private final Jdbi jdbi;
  private final ReentrantLock writeLock;

  SqliteInternalNotes(Jdbi jdbi, ReentrantLock writeLock) {
    this.jdbi = jdbi;
    this.writeLock = writeLock;
  }

  @Override
  public void insert(InternalNote note) {
    writeLock.lock();
    try {
      jdbi.useHandle(
          handle ->
              handle
                  .createUpdate(
                      "INSERT INTO internal_notes (id, object, author, text, created_at,"
                          + " supersedes) VALUES (?, ?, ?, ?, ?, ?)")
                  .bind(0, note.id().toString())
                  .bind(1, note.object())
                  .bind(2, note.author())
                  .bind(3, note.text())
                  .bind(4, Rows.micros(note.at()))
                  .bind(5, note.supersedes().map(UUID::toString).orElse(null))
                  .execute());
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public List<InternalNote> notes(String object) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id, object, author, text, created_at, supersedes FROM internal_notes"
                        + " WHERE object = ? ORDER BY created_at, rowid")
                .bind(0, object)
                .map(
                    (rs, ctx) ->
                        new InternalNote(
                            UUID.fromString(rs.getString(1)),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            Rows.instant(rs.getLong(5)),
                            Optional.ofNullable(rs.getString(6)).map(UUID::fromString)))
                .list());
  }
}
