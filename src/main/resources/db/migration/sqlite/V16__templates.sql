-- Hotline storage, version 16: the notification templates this node's operators added
-- (docs/notifications.md, "Adding a template"); the templates Hotline ships are in the program.
-- id, version: the template's x-template, which name one template for good (a changed template is
-- a new version); sha256: lower-case hex SHA-256 of canonical; canonical: the template in RFC 8785
-- JSON, at most 16384 characters, read back through the same checks as when it was added;
-- added_by: the console user or the API caller's name; added_at: this node's clock, epoch
-- microseconds UTC.
CREATE TABLE templates (
  id         TEXT NOT NULL,
  version    INTEGER NOT NULL CHECK (version >= 1),
  sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
  canonical  TEXT NOT NULL,
  added_by   TEXT NOT NULL,
  added_at   INTEGER NOT NULL,
  PRIMARY KEY (id, version)
);
