-- Hotline storage, version 2: acknowledgement deadlines, deadline-missed statements, the timers
-- that remind and escalate, and the notifications they send. Times are epoch microseconds (UTC).
-- See docs/watch.md.

-- When an answer is due (created + the link's deadline for the precedence), and when the sender
-- put on the record that it passed unanswered. Messages stored before this version have neither
-- and are not watched: an upgrade must not page everyone about last month's traffic.
ALTER TABLE messages ADD COLUMN deadline_at INTEGER;
ALTER TABLE messages ADD COLUMN deadline_missed_at INTEGER;
CREATE INDEX messages_unanswered ON messages (peer, direction, precedence_rank, deadline_at) WHERE answer IS NULL;

-- Deadline-missed entries, beside the log that holds them (direction 'out': we recorded that the
-- peer missed our deadline; 'in': the peer recorded that we missed its). log/seq: the entry's
-- place in the record, NULL while it is queued. One per message and direction.
CREATE TABLE deadline_misses (
  entry_id        TEXT PRIMARY KEY,
  message_id      TEXT NOT NULL,
  deadline_at     INTEGER NOT NULL,
  at              INTEGER NOT NULL,
  direction       TEXT NOT NULL CHECK (direction IN ('out', 'in')),
  log             TEXT,
  seq             INTEGER,
  UNIQUE (message_id, direction)
);

-- One timer per unanswered message with a deadline: what it waits for next and when.
-- stage REMINDER (receiving side, half the deadline), DEADLINE, or ESCALATION of chain level
-- `level` (0-based) in loop `loop` (1-based). The row is deleted when the message is answered or
-- the chain is exhausted.
CREATE TABLE watch_timers (
  message_id      TEXT PRIMARY KEY,
  side            TEXT NOT NULL CHECK (side IN ('RECEIVING', 'SENDING')),
  deadline_at     INTEGER NOT NULL,
  stage           TEXT NOT NULL CHECK (stage IN ('REMINDER', 'DEADLINE', 'ESCALATION')),
  level           INTEGER NOT NULL,
  loop            INTEGER NOT NULL,
  next_at         INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX watch_timers_due ON watch_timers (next_at);

-- How far the watch has looked through the messages table (messages.ord): every message above it
-- still needs its timer. Starts at the end, so messages from before this version are not watched.
CREATE TABLE watch_cursor (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  message_ord     INTEGER NOT NULL
);
INSERT INTO watch_cursor (id, message_ord) SELECT 1, coalesce(max(ord), 0) FROM messages;

-- One row per alert and target: the durable queue of notifications and their outcome.
-- target is the target's key (kind and address, never its secret); level and loop are 1-based,
-- NULL for a reminder. A PENDING row is tried at next_attempt_at; the others are settled.
CREATE TABLE notifications (
  id              INTEGER PRIMARY KEY,
  message_id      TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('REMINDER', 'ESCALATION')),
  side            TEXT NOT NULL CHECK (side IN ('RECEIVING', 'SENDING')),
  level           INTEGER,
  loop            INTEGER,
  target          TEXT NOT NULL,
  raised_at       INTEGER NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
  attempts        INTEGER NOT NULL,
  next_attempt_at INTEGER,
  last_error      TEXT NOT NULL,
  updated_at      INTEGER NOT NULL
);
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX notifications_pending ON notifications (message_id) WHERE status = 'PENDING';
