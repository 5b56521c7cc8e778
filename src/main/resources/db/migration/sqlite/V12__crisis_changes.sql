-- Changes to the shared objects of a link (incidents, commitments, concerns; docs/protocol.md
-- §20), as the entries of kind 'change' say them. direction 'out': ours, stored when accepted and
-- queued; log/seq are NULL until the sequencer places it. 'in': the peer's, stored with the batch
-- that carried it. n: the change's number among its writer's changes on this link (1, 2, …), in
-- log order; data: its arguments as a JSON object with sorted names.
CREATE TABLE changes (
  entry_id    TEXT PRIMARY KEY,
  peer        TEXT NOT NULL,
  direction   TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  n           INTEGER NOT NULL CHECK (n >= 1),
  object      TEXT NOT NULL,
  op          TEXT NOT NULL,
  seen        INTEGER NOT NULL CHECK (seen >= 0),
  by_user     TEXT NOT NULL,
  data        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  log         TEXT,
  seq         INTEGER,
  UNIQUE (peer, direction, n)
);
CREATE INDEX changes_object ON changes (object);

-- A queued change is a row of the queue of kind 'CHANGE', whose other fields are in changes
-- (changes.entry_id). SQLite changes no CHECK in place: the queue is copied into a table that
-- allows the kind, each row keeping its place (ord) and its format.
CREATE TABLE queue_v12 (
  ord             INTEGER PRIMARY KEY,
  peer            TEXT NOT NULL,
  precedence_rank INTEGER NOT NULL,
  entry_id        TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL
                  CHECK (kind IN ('MESSAGE', 'RESPONSE', 'DEADLINE_MISSED', 'LINK_TEST', 'CHANGE')),
  format          INTEGER NOT NULL CHECK (format IN (1, 2)),
  created_at      INTEGER,                -- link tests only
  number          INTEGER,                -- link tests only
  CHECK ((kind = 'LINK_TEST') = (created_at IS NOT NULL AND number IS NOT NULL))
);
INSERT INTO queue_v12 (ord, peer, precedence_rank, entry_id, kind, format, created_at, number)
SELECT ord, peer, precedence_rank, entry_id, kind, format, created_at, number FROM queue;
DROP TABLE queue;
ALTER TABLE queue_v12 RENAME TO queue;
CREATE INDEX queue_order ON queue (peer, precedence_rank, ord);
