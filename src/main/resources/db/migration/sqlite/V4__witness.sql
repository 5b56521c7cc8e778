-- Witnesses (C2SP tlog-witness). See docs/witness.md.

-- As a witness: for each log this node witnesses, the latest checkpoint it cosigned. A request is
-- checked against this row and the row replaced in one transaction.
CREATE TABLE witnessed_logs (
  origin          TEXT PRIMARY KEY,       -- the checkpoint origin line, e.g. hotline/us/cn
  size            INTEGER NOT NULL,
  root            BLOB NOT NULL,          -- 32-byte RFC 6962 root hash
  checkpoint      TEXT NOT NULL,          -- the signed note as submitted: what the log's key signed
  at              INTEGER NOT NULL
);

-- As a log writer: cosignatures that witnesses returned over this node's own checkpoints. With the
-- checkpoint of the same (log, size) they form a cosigned checkpoint, beside the peer's receipt.
CREATE TABLE witness_cosignatures (
  log             TEXT NOT NULL,
  size            INTEGER NOT NULL,
  witness         TEXT NOT NULL,          -- the witness's verifier key (vkey) it was verified with
  cosignature     TEXT NOT NULL,          -- the signature line, "— <name> <base64>"
  at              INTEGER NOT NULL,
  PRIMARY KEY (log, witness, size)
) WITHOUT ROWID;

-- Storage layout (docs/BENCHMARKS.md, "Record"): log_entries becomes an ordinary rowid table.
-- As a WITHOUT ROWID table it kept each entry in its primary-key b-tree, where SQLite stores at
-- most about 1,000 bytes of a row in place: every entry of a message with a 1 KiB body spilled
-- into an overflow page of its own, so each 1.3 KB entry took about 5 KB on disk, and reading a
-- log read four times what it holds. Entries are appended in sequence order, so the rowid order
-- is the sequence order and a range read stays sequential. Same columns, same key.
CREATE TABLE log_entries_by_rowid (
  log             TEXT NOT NULL,
  seq             INTEGER NOT NULL,
  entry           BLOB NOT NULL,          -- the exact signed bytes
  leaf_hash       BLOB NOT NULL,
  entry_id        TEXT,                   -- the id of the message or response it holds
  PRIMARY KEY (log, seq)
);
INSERT INTO log_entries_by_rowid (log, seq, entry, leaf_hash, entry_id)
  SELECT log, seq, entry, leaf_hash, entry_id FROM log_entries ORDER BY log, seq;
DROP TABLE log_entries;
ALTER TABLE log_entries_by_rowid RENAME TO log_entries;
