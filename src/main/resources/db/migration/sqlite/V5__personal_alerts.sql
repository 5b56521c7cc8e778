-- Hotline storage, version 5: reminders and escalations addressed to console people (escalation
-- chain targets "user NAME" and "role ROLE"), and what each person did with them. Times are epoch
-- microseconds (UTC). See docs/watch.md §6 and docs/console.md §4.

-- One row per notification delivered to the console (notification_id: notifications.id), addressed
-- to exactly one of a user or a role. It stands for each person it addresses until they acknowledge
-- it or the message is answered (messages.answer); rows are never deleted: they are the record.
CREATE TABLE personal_alerts (
  id              INTEGER PRIMARY KEY,
  notification_id INTEGER NOT NULL UNIQUE,
  username        TEXT,
  role            TEXT CHECK (role IN ('VIEWER', 'DUTY_OFFICER', 'RELEASING_OFFICER', 'ADMINISTRATOR')),
  message_id      TEXT NOT NULL,
  type            TEXT NOT NULL CHECK (type IN ('deadline.reminder', 'deadline.escalation')),
  side            TEXT NOT NULL CHECK (side IN ('receiving', 'sending')),
  peer            TEXT NOT NULL,
  precedence_rank INTEGER NOT NULL,
  status          TEXT NOT NULL,
  level           INTEGER,
  loop            INTEGER,
  deadline_at     INTEGER NOT NULL,
  raised_at       INTEGER NOT NULL,
  posted_at       INTEGER NOT NULL,
  CHECK ((username IS NULL) <> (role IS NULL))
);
CREATE INDEX personal_alerts_user ON personal_alerts (username, id) WHERE username IS NOT NULL;
CREATE INDEX personal_alerts_role ON personal_alerts (role, id) WHERE role IS NOT NULL;

-- Per alert and person: when it was first shown to them (seen_at) and when they acknowledged it.
CREATE TABLE personal_alert_receipts (
  alert_id        INTEGER NOT NULL REFERENCES personal_alerts (id),
  username        TEXT NOT NULL,
  seen_at         INTEGER,
  acknowledged_at INTEGER,
  PRIMARY KEY (alert_id, username)
) WITHOUT ROWID;
