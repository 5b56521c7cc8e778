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
