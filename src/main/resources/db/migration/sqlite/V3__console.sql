-- Hotline storage, version 3: the web console's people and their record. Users who sign in, what
-- they did (the audit log), FLASH drafts waiting for a second person, and acknowledgements of
-- security alarms. Times are epoch microseconds (UTC). See docs/console.md.

-- One row per person. password is a PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash), so
-- its parameters can be raised later without losing existing users. failed_sign_ins and
-- locked_until carry the lockout across restarts.
CREATE TABLE users (
  username        TEXT PRIMARY KEY,
  role            TEXT NOT NULL CHECK (role IN ('VIEWER', 'DUTY_OFFICER', 'RELEASING_OFFICER', 'ADMINISTRATOR')),
  password        TEXT NOT NULL,
  disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at      INTEGER NOT NULL,
  failed_sign_ins INTEGER NOT NULL DEFAULT 0,
  locked_until    INTEGER,
  last_sign_in_at INTEGER
) WITHOUT ROWID;

-- Every sign-in (successful or not) and every action a person took, in order. Append-only: the
-- node never updates or deletes a row. username is who acted ('cli' for the command line);
-- address is the remote address of the request, empty for the command line.
CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  username        TEXT NOT NULL,
  action          TEXT NOT NULL,
  target          TEXT NOT NULL,
  detail          TEXT NOT NULL,
  address         TEXT NOT NULL
);

-- Two-person release: a FLASH draft by a duty officer waits here until a releasing officer
-- approves it (then it is queued and message_id names it) or rejects it.
CREATE TABLE releases (
  id              INTEGER PRIMARY KEY,
  recipient       TEXT NOT NULL,
  precedence_rank INTEGER NOT NULL,
  status          TEXT NOT NULL,
  language        TEXT NOT NULL,
  in_reply_to     TEXT,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  drafted_by      TEXT NOT NULL,
  drafted_at      INTEGER NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('PENDING', 'RELEASED', 'REJECTED')),
  decided_by      TEXT,
  decided_at      INTEGER,
  reason          TEXT NOT NULL DEFAULT '',
  message_id      TEXT UNIQUE
);
CREATE INDEX releases_state ON releases (state, id);

-- An administrator's acknowledgement of the security alarms shown: every security event up to
-- through_id (security_events.id) is acknowledged. Kept as a history, newest wins.
CREATE TABLE alarm_acknowledgements (
  id              INTEGER PRIMARY KEY,
  through_id      INTEGER NOT NULL,
  by_user         TEXT NOT NULL,
  at              INTEGER NOT NULL
);

-- The inbox lists unanswered messages first, most urgent first, then oldest; so do the alarm
-- banner and the outbox's overdue marks.
CREATE INDEX messages_console_unanswered ON messages (direction, precedence_rank, ord) WHERE answer IS NULL;
