-- The console's second factor (TOTP, RFC 6238). totp_secret is the shared secret (20 random
-- bytes) once the user has enrolled, NULL before; totp_enrolled_at when; totp_last_step the
-- time step (Unix time / 30 s) of the last code accepted, so that no code is accepted twice;
-- totp_failures the wrong codes since the last right one, which past a cap lock the second
-- factor until an administrator resets it (kept here so that a restart does not forget them).
ALTER TABLE users ADD COLUMN totp_secret BLOB;
ALTER TABLE users ADD COLUMN totp_enrolled_at INTEGER;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER;
ALTER TABLE users ADD COLUMN totp_failures INTEGER NOT NULL DEFAULT 0;

-- One-time recovery codes, for a lost authenticator: only their SHA-256 (each code carries 80
-- random bits, so the digest cannot be reversed by trying). used_at is set when one is spent.
CREATE TABLE recovery_codes (
  username  TEXT NOT NULL REFERENCES users (username),
  code_hash BLOB NOT NULL,
  used_at   INTEGER,
  PRIMARY KEY (username, code_hash)
) WITHOUT ROWID;
