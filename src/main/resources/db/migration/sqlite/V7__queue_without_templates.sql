-- Hotline storage, version 7: the outbox queue holds no entry bytes. Until version 6 each row held
-- its entry encoded with seq 0, which the sequencer patched; now a row says which entry to encode
-- and in which format, and the sequencer encodes it once, with its real seq (docs/protocol.md
-- §17.1). The entry's fields are read from the row it refers to, stored in the same transaction:
-- the message (messages.id), the answer (responses.entry_id) or the deadline-missed statement
-- (deadline_misses.entry_id). A link test has no other row: its created time and number are here.
-- format is the entry format chosen for the peer when the entry was queued (§3.5).
CREATE TABLE queue_v7 (
  ord             INTEGER PRIMARY KEY,
  peer            TEXT NOT NULL,
  precedence_rank INTEGER NOT NULL,
  entry_id        TEXT NOT NULL UNIQUE,
  kind            TEXT NOT NULL CHECK (kind IN ('MESSAGE', 'RESPONSE', 'DEADLINE_MISSED', 'LINK_TEST')),
  format          INTEGER NOT NULL CHECK (format IN (1, 2)),
  created_at      INTEGER,                -- link tests only
  number          INTEGER,                -- link tests only
  CHECK ((kind = 'LINK_TEST') = (created_at IS NOT NULL AND number IS NOT NULL))
);

-- Rows queued by the previous release keep their place (ord) and their format; their kind, and a
-- link test's fields, come out of the template. A template of a kind this list does not name
-- leaves kind NULL, and the upgrade fails rather than drop an entry. created is RFC 3339 UTC as
-- entries write it: seconds, then ".SSS" only when the milliseconds are not zero.
INSERT INTO queue_v7 (ord, peer, precedence_rank, entry_id, kind, format, created_at, number)
SELECT ord, peer, precedence_rank, entry_id,
       CASE json_extract(template, '$.kind')
         WHEN 'message' THEN 'MESSAGE'
         WHEN 'ack' THEN 'RESPONSE'
         WHEN 'decline' THEN 'RESPONSE'
         WHEN 'read' THEN 'RESPONSE'
         WHEN 'deadline-missed' THEN 'DEADLINE_MISSED'
         WHEN 'link-test' THEN 'LINK_TEST'
       END,
       json_extract(template, '$.v'),
       CASE WHEN json_extract(template, '$.kind') = 'link-test' THEN
         CAST(strftime('%s', substr(json_extract(template, '$.created'), 1, 19)) AS INTEGER) * 1000000
         + CASE WHEN length(json_extract(template, '$.created')) = 24
             THEN CAST(substr(json_extract(template, '$.created'), 21, 3) AS INTEGER) * 1000
             ELSE 0 END
       END,
       CASE WHEN json_extract(template, '$.kind') = 'link-test' THEN json_extract(template, '$.number') END
FROM queue;

DROP TABLE queue;
ALTER TABLE queue_v7 RENAME TO queue;
CREATE INDEX queue_order ON queue (peer, precedence_rank, ord);
