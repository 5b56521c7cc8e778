-- Hotline storage, version 17: the template a formatted notification names (docs/protocol.md §3.1,
-- entry format 4): its id, version and the SHA-256 of its canonical form, all three NULL for a
-- plain message (which format 4 writes as "", 0, ""). The queue reads them from the message row,
-- so it needs no column of its own; it only learns format 4, copied as V14 copied it. A FLASH held
-- for two-person release goes out against the template it was drafted on.
ALTER TABLE messages ADD COLUMN template TEXT;
ALTER TABLE messages ADD COLUMN template_version INTEGER;
ALTER TABLE messages ADD COLUMN template_sha256 TEXT;
ALTER TABLE releases ADD COLUMN template TEXT;
ALTER TABLE releases ADD COLUMN template_version INTEGER;
ALTER TABLE releases ADD COLUMN template_sha256 TEXT;

DROP VIEW messages_read;
CREATE VIEW messages_read AS
SELECT m.ord, m.id, m.direction, m.peer, m.sender, m.recipient, m.log, m.seq, m.precedence_rank,
       m.status, m.language, m.in_reply_to, m.subject, m.body, m.created_at,
       CASE WHEN r.size IS NOT NULL THEN 'DELIVERED' ELSE m.state END AS state,
       m.accepted_at, m.sent_at,
       coalesce(m.delivered_at, r.at) AS delivered_at,
       coalesce(m.receipt_size, r.size) AS receipt_size,
       m.answer, m.read_at, m.deadline_at, m.deadline_missed_at, m.channel, m.seen,
       m.template, m.template_version, m.template_sha256
FROM messages m
LEFT JOIN receipts r
  ON m.state = 'SENT'
 AND r.log = m.log
 AND r.size = (SELECT min(c.size) FROM receipts c WHERE c.log = m.log AND c.size >= m.seq);

CREATE TABLE queue_v17 (
  ord             INTEGER PRIMARY KEY,
  peer            TEXT NOT NULL,
  precedence_rank INTEGER NOT NULL,
  entry_id        TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL
                  CHECK (kind IN ('MESSAGE', 'RESPONSE', 'DEADLINE_MISSED', 'LINK_TEST', 'CHANGE')),
  format          INTEGER NOT NULL CHECK (format IN (1, 2, 3, 4)),
  created_at      INTEGER,                -- link tests only
  number          INTEGER,                -- link tests only
  CHECK ((kind = 'LINK_TEST') = (created_at IS NOT NULL AND number IS NOT NULL))
);
INSERT INTO queue_v17 (ord, peer, precedence_rank, entry_id, kind, format, created_at, number)
SELECT ord, peer, precedence_rank, entry_id, kind, format, created_at, number FROM queue;
DROP TABLE queue;
ALTER TABLE queue_v17 RENAME TO queue;
CREATE INDEX queue_order ON queue (peer, precedence_rank, ord);
