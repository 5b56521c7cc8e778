-- Hotline storage, version 14: the channel a message names and what its sender had seen
-- (docs/protocol.md §3.1, entry format 3). channel is 'general' for every message written before
-- format 3, which does not name one; seen is the size of the other direction's log its sending
-- node had received when it accepted the message, NULL where the entry does not say (formats 1
-- and 2). The queue reads both from the message row, so it needs no column of its own; it only
-- learns format 3. SQLite changes no CHECK in place: the queue is copied into a table that allows
-- it, each row keeping its place (ord) and its format.
ALTER TABLE messages ADD COLUMN channel TEXT NOT NULL DEFAULT 'general';
ALTER TABLE messages ADD COLUMN seen INTEGER;
-- A FLASH held for two-person release goes out on the channel it was drafted on.
ALTER TABLE releases ADD COLUMN channel TEXT NOT NULL DEFAULT 'general';

DROP VIEW messages_read;
CREATE VIEW messages_read AS
SELECT m.ord, m.id, m.direction, m.peer, m.sender, m.recipient, m.log, m.seq, m.precedence_rank,
       m.status, m.language, m.in_reply_to, m.subject, m.body, m.created_at,
       CASE WHEN r.size IS NOT NULL THEN 'DELIVERED' ELSE m.state END AS state,
       m.accepted_at, m.sent_at,
       coalesce(m.delivered_at, r.at) AS delivered_at,
       coalesce(m.receipt_size, r.size) AS receipt_size,
       m.answer, m.read_at, m.deadline_at, m.deadline_missed_at, m.channel, m.seen
FROM messages m
LEFT JOIN receipts r
  ON m.state = 'SENT'
 AND r.log = m.log
 AND r.size = (SELECT min(c.size) FROM receipts c WHERE c.log = m.log AND c.size >= m.seq);

CREATE TABLE queue_v14 (
  ord             INTEGER PRIMARY KEY,
  peer            TEXT NOT NULL,
  precedence_rank INTEGER NOT NULL,
  entry_id        TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL
                  CHECK (kind IN ('MESSAGE', 'RESPONSE', 'DEADLINE_MISSED', 'LINK_TEST', 'CHANGE')),
  format          INTEGER NOT NULL CHECK (format IN (1, 2, 3)),
  created_at      INTEGER,                -- link tests only
  number          INTEGER,                -- link tests only
  CHECK ((kind = 'LINK_TEST') = (created_at IS NOT NULL AND number IS NOT NULL))
);
INSERT INTO queue_v14 (ord, peer, precedence_rank, entry_id, kind, format, created_at, number)
SELECT ord, peer, precedence_rank, entry_id, kind, format, created_at, number FROM queue;
DROP TABLE queue;
ALTER TABLE queue_v14 RENAME TO queue;
CREATE INDEX queue_order ON queue (peer, precedence_rank, ord);
