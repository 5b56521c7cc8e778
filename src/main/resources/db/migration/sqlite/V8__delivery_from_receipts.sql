-- Hotline storage, version 8: a sent message is delivered when a receipt covers its place in the
-- log, and that is now read from the receipts table instead of written into each message row. A
-- receipt for a batch of 256 entries was 256 row updates in the transaction that stored it; it is
-- now one row. messages.state stays SENT once a message is sequenced; delivered_at and
-- receipt_size stay NULL. Rows delivered before this version keep what was written then.
--
-- messages_read is the messages table as every reader sees it: state DELIVERED, delivered_at
-- (when the covering receipt was stored) and receipt_size (the size it cosigned) for a sent
-- message under the smallest receipt that covers it (the receipts table's key, one seek per row).
CREATE VIEW messages_read AS
SELECT m.ord, m.id, m.direction, m.peer, m.sender, m.recipient, m.log, m.seq, m.precedence_rank,
       m.status, m.language, m.in_reply_to, m.subject, m.body, m.created_at,
       CASE WHEN r.size IS NOT NULL THEN 'DELIVERED' ELSE m.state END AS state,
       m.accepted_at, m.sent_at,
       coalesce(m.delivered_at, r.at) AS delivered_at,
       coalesce(m.receipt_size, r.size) AS receipt_size,
       m.answer, m.read_at, m.deadline_at, m.deadline_missed_at
FROM messages m
LEFT JOIN receipts r
  ON m.state = 'SENT'
 AND r.log = m.log
 AND r.size = (SELECT min(c.size) FROM receipts c WHERE c.log = m.log AND c.size >= m.seq);
