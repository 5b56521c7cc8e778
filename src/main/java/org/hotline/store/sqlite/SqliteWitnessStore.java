package org.hotline.store.sqlite;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.hotline.identity.LogOrigin;
import org.hotline.record.RecordStore;
import org.hotline.witness.WitnessCosignatures;
import org.hotline.witness.WitnessStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The witness tables (V4__witness.sql) in the node's SQLite file: what this node cosigned as a
 * witness, and what witnesses cosigned of this node's logs. Writes share {@link SqliteStore}'s
 * lock, so they are serialized with the link's. Thread-safe.
 */
final class SqliteWitnessStore implements WitnessStore, WitnessCosignatures {
  private final Jdbi jdbi;
  private final ReentrantLock writeLock;

  SqliteWitnessStore(Jdbi jdbi, ReentrantLock writeLock) {
    this.jdbi = jdbi;
    this.writeLock = writeLock;
  }

  @Override
  public Optional<Witnessed> witnessed(String origin) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT size, root, checkpoint, at FROM witnessed_logs WHERE origin = ?")
                .bind(0, origin)
                .map(
                    (rs, ctx) ->
                        new Witnessed(
                            rs.getLong(1),
                            rs.getBytes(2),
                            rs.getString(3),
                            Rows.instant(rs.getLong(4))))
                .findOne());
  }

  @Override
  public boolean advance(String origin, long expectedSize, Witnessed next) {
    if (next.size() < expectedSize) {
      throw new IllegalArgumentException(
          "a witnessed log never shrinks: "
              + origin
              + " from "
              + expectedSize
              + " to "
              + next.size());
    }
    writeLock.lock();
    try {
      return jdbi.inTransaction(
          handle -> {
            int changed =
                expectedSize == 0
                    ? handle
                        .createUpdate(
                            "INSERT INTO witnessed_logs (origin, size, root, checkpoint, at) VALUES (?, ?, ?, ?, ?)"
                                + " ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root, checkpoint = excluded.checkpoint,"
                                + " at = excluded.at WHERE witnessed_logs.size = 0")
                        .bind(0, origin)
                        .bind(1, next.size())
                        .bind(2, next.root())
                        .bind(3, next.checkpoint())
                        .bind(4, Rows.micros(next.at()))
                        .execute()
                    : handle
                        .createUpdate(
                            "UPDATE witnessed_logs SET size = ?, root = ?, checkpoint = ?, at = ? WHERE origin = ? AND size = ?")
                        .bind(0, next.size())
                        .bind(1, next.root())
                        .bind(2, next.checkpoint())
                        .bind(3, Rows.micros(next.at()))
                        .bind(4, origin)
                        .bind(5, expectedSize)
                        .execute();
            return changed == 1;
          });
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public long witnessedSize(LogOrigin log, String witness) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT coalesce(max(size), 0) FROM witness_cosignatures WHERE log = ? AND witness = ?")
                .bind(0, log.text())
                .bind(1, witness)
                .mapTo(Long.class)
                .one());
  }

  @Override
  public void putWitnessCosignature(
      LogOrigin log, long size, String witness, String cosignatureLine, Instant at) {
    writeLock.lock();
    try {
      jdbi.useTransaction(
          handle ->
              handle
                  .createUpdate(
                      "INSERT INTO witness_cosignatures (log, size, witness, cosignature, at) VALUES (?, ?, ?, ?, ?)"
                          + " ON CONFLICT (log, witness, size) DO UPDATE SET cosignature = excluded.cosignature, at = excluded.at")
                  .bind(0, log.text())
                  .bind(1, size)
                  .bind(2, witness)
                  .bind(3, cosignatureLine)
                  .bind(4, Rows.micros(at))
                  .execute());
    } finally {
      writeLock.unlock();
    }
  }

  /** The witness cosignatures over the checkpoints of {@code log}, by size, then witness. */
  static List<RecordStore.WitnessCosignature> cosignatures(Handle handle, LogOrigin log) {
    return handle
        .createQuery(
            "SELECT size, witness, cosignature FROM witness_cosignatures WHERE log = ? ORDER BY size, witness")
        .bind(0, log.text())
        .map(
            (rs, ctx) ->
                new RecordStore.WitnessCosignature(rs.getLong(1), rs.getString(2), rs.getString(3)))
        .list();
  }
}
