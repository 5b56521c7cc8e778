-- Hotline storage, version 1: peers, messages, direction logs, trees, checkpoints, receipts,
-- security events. Times are epoch microseconds (UTC). See docs/operations.md.

CREATE TABLE peers (
  party           TEXT PRIMARY KEY,
  card            TEXT NOT NULL,          -- identity card JSON, as pinned at pairing
  endpoints       TEXT NOT NULL,          -- JSON array of https URIs, primary first
  tls_fingerprint TEXT NOT NULL UNIQUE,
  mode            TEXT NOT NULL DEFAULT 'PUSH' CHECK (mode IN ('PUSH', 'PULL', 'PULLED')),
  added_at        INTEGER NOT NULL
);

CREATE TABLE messages (
  ord             INTEGER PRIMARY KEY,    -- local arrival order; the listing cursor
  id              TEXT NOT NULL UNIQUE,   -- UUIDv7, the same on both nodes
  direction       TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  peer            TEXT NOT NULL,          -- the other party
  sender          TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  log             TEXT NOT NULL,          -- origin of the direction log, hotline/<from>/<to>
  seq             INTEGER,                -- NULL while queued
  precedence_rank INTEGER NOT NULL,
  status          TEXT NOT NULL,
  language        TEXT NOT NULL,
  in_reply_to     TEXT,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  state           TEXT NOT NULL,
  accepted_at     INTEGER NOT NULL,       -- stored by the API (out) or received (in)
  sent_at         INTEGER,
  delivered_at    INTEGER,
  receipt_size    INTEGER,
  answer          TEXT,                   -- ACKNOWLEDGED or DECLINED, once answered
  read_at         INTEGER                 -- when a person first opened it
);
CREATE INDEX messages_log_seq ON messages (log, seq);
CREATE INDEX messages_box ON messages (direction, ord);

-- The outbox: entries waiting for a place in their log, most urgent first. Each row is the entry as
-- it will be signed, with seq 0; the sequencer places it and deletes the row in one transaction.
CREATE TABLE queue (
  ord             INTEGER PRIMARY KEY,
  peer            TEXT NOT NULL,
  precedence_rank INTEGER NOT NULL,
  entry_id        TEXT NOT NULL UNIQUE,
  template        BLOB NOT NULL
);
CREATE INDEX queue_order ON queue (peer, precedence_rank, ord);

-- Answers to messages: read, acknowledged, declined. direction 'out': we answered a message we
-- received; 'in': the peer answered one we sent. log/seq: where the answer stands in the record.
CREATE TABLE responses (
  entry_id        TEXT PRIMARY KEY,
  message_id      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('READ', 'ACK', 'DECLINE')),
  by_user         TEXT NOT NULL,
  note            TEXT NOT NULL,
  at              INTEGER NOT NULL,
  direction       TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  log             TEXT,
  seq             INTEGER
);
CREATE INDEX responses_message ON responses (message_id, at);

CREATE TABLE logs (
  log             TEXT PRIMARY KEY,
  size            INTEGER NOT NULL,
  frontier        BLOB NOT NULL,          -- right-edge subtree roots, largest first
  receipted_size  INTEGER NOT NULL
);

CREATE TABLE log_entries (
  log             TEXT NOT NULL,
  seq             INTEGER NOT NULL,
  entry           BLOB NOT NULL,          -- the exact signed bytes
  leaf_hash       BLOB NOT NULL,
  entry_id        TEXT,                   -- the id of the message or response it holds
  PRIMARY KEY (log, seq)
) WITHOUT ROWID;

CREATE TABLE tree_nodes (
  log             TEXT NOT NULL,
  level           INTEGER NOT NULL,
  idx             INTEGER NOT NULL,
  hash            BLOB NOT NULL,
  PRIMARY KEY (log, level, idx)
) WITHOUT ROWID;

CREATE TABLE checkpoints (
  log             TEXT NOT NULL,
  size            INTEGER NOT NULL,
  note            TEXT NOT NULL,          -- the writer's signed note
  PRIMARY KEY (log, size)
) WITHOUT ROWID;

CREATE TABLE receipts (
  log             TEXT NOT NULL,
  size            INTEGER NOT NULL,
  note            TEXT NOT NULL,          -- checkpoint plus the reader's cosignature
  at              INTEGER NOT NULL,
  PRIMARY KEY (log, size)
) WITHOUT ROWID;

-- When the last signed link test was queued for each peer, so the interval survives restarts.
CREATE TABLE link_tests (
  peer            TEXT PRIMARY KEY,
  number          INTEGER NOT NULL,
  at              INTEGER NOT NULL
);

CREATE TABLE security_events (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  peer            TEXT NOT NULL,
  kind            TEXT NOT NULL,
  detail          TEXT NOT NULL,
  evidence        TEXT NOT NULL
);
