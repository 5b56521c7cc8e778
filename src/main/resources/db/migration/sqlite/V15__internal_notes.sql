-- Hotline storage, version 15: internal notes (docs/crisis.md, "Internal notes"). A note that this
-- node's people keep on an incident, a commitment or a concern and that never leaves the node: it
-- is no entry, in no log, in no state hash, in no situation report, and nothing sends it.
-- object: the shared object's name (incident/<id>); author: the console user (or the API's "by");
-- text: as admitted by the text policy, at most 16384 characters; created_at: this node's clock,
-- epoch microseconds UTC; supersedes: an earlier internal note on the same object it corrects,
-- which stays.
CREATE TABLE internal_notes (
  id          TEXT PRIMARY KEY,
  object      TEXT NOT NULL,
  author      TEXT NOT NULL,
  text        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  supersedes  TEXT REFERENCES internal_notes (id)
);
CREATE INDEX internal_notes_object ON internal_notes (object, created_at);
