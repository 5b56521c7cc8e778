-- Hotline storage, version 13: where the escalation of each overdue commitment stands, so that a
-- restarted node goes on where it was rather than paging level 1 again (docs/watch.md §14).
-- One row per commitment escalating: the chain level (0-based) and loop (1-based) it waits for,
-- due at next_at (epoch microseconds, UTC); next_at NULL once the chain is exhausted. The row is
-- deleted when the commitment is no longer open.
CREATE TABLE commitment_escalations (
  commitment_id   TEXT PRIMARY KEY,
  level           INTEGER NOT NULL,
  loop            INTEGER NOT NULL,
  next_at         INTEGER
);
