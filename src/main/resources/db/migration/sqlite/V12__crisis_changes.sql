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
