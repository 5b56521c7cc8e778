-- Hotline storage, version 6: entries stored in a direction log that could not be interpreted
-- (docs/protocol.md §14). The entry itself stays in log_entries, byte-for-byte, with a NULL
-- entry_id: the tree, proofs and receipts are those of the bytes. For a log this node reads, a row
-- says this node could not interpret the entry; for a log it writes, that the peer said so in its
-- answer to the batch. Times are epoch microseconds (UTC).
CREATE TABLE uninterpretable_entries (
  log             TEXT NOT NULL,
  seq             INTEGER NOT NULL,
  reason          TEXT NOT NULL,
  at              INTEGER NOT NULL,
  PRIMARY KEY (log, seq)
) WITHOUT ROWID;
