-- Hotline storage, version 9: facts about the node kept with its record. 'signed-mark': this node
-- keeps its high-water mark in signed-mark.json beside the database (docs/operations.md §10.7); a
-- database found without that file was put back from a copy, and its node signs nothing until it
-- recovers its logs from its peers.
CREATE TABLE node_state (
  name            TEXT PRIMARY KEY,
  value           TEXT NOT NULL
) WITHOUT ROWID;
