-- Reminders and digests (issue 17): the notebook speaks up on its own.
-- 1. A new kind of event, reminder_sent (actor `notebook`): a paused campaign was reminded, or a
--    quiet workflow asked, in its thread. It is the record's history, and not activity (`quiet`).
--    SQLite cannot change a CHECK in place, so the events table is made again with the same rows,
--    and with every index and trigger it had. The outbox's rows refer to events(seq): with foreign
--    keys deferred to the commit, putting the rows back satisfies them.
-- 2. notebook_sends: what the notebook sent once per key (a reminder after a given event, a
--    channel's digest of a given UTC day). The primary key is the once: two notebook processes on
--    one database both try to insert the same key, and the database lets one of them.
-- 3. Indexes for the digest (what changed since a time) and App Home (a person's recent entries).
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE events_before AS SELECT * FROM events;
DROP TABLE events;
CREATE TABLE events (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL CHECK (kind IN ('campaign_defined', 'workflow_started', 'list_attached',
                                                'run_recorded', 'status_changed', 'note_added',
                                                'operators_changed', 'cloned', 'reminder_sent')),
  campaign_number INTEGER NOT NULL REFERENCES campaigns (number),
  workflow_number INTEGER,
  record_id       TEXT NOT NULL,
  actor_id        TEXT NOT NULL,
  actor_name      TEXT NOT NULL,
  at              TEXT NOT NULL,
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  CHECK (record_id = 'CMP-' || campaign_number || coalesce('/' || workflow_number, '')),
  FOREIGN KEY (campaign_number, workflow_number) REFERENCES workflows (campaign_number, number)
);
INSERT INTO events (seq, kind, campaign_number, workflow_number, record_id, actor_id, actor_name, at, payload)
SELECT seq, kind, campaign_number, workflow_number, record_id, actor_id, actor_name, at, payload FROM events_before ORDER BY seq;
DROP TABLE events_before;

CREATE INDEX events_by_record ON events (campaign_number, workflow_number, kind, seq);
CREATE INDEX events_by_record_id ON events (record_id, seq);
CREATE INDEX events_by_time ON events (at);
CREATE INDEX events_by_actor ON events (actor_id, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'append-only: events cannot be updated; a correction is a new event'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'append-only: events cannot be deleted'); END;
CREATE TRIGGER events_into_outbox AFTER INSERT ON events
BEGIN
  INSERT INTO outbox (sink, event_seq, state, record_id)
  SELECT name, NEW.seq, CASE WHEN parked_reason IS NULL THEN 'pending' ELSE 'parked' END, NEW.record_id
  FROM outbox_sink WHERE enabled = 1;
END;

-- key: `paused:CMP-3@17` (the reminder that follows event 17 of CMP-3), `quiet:CMP-3/2@40`,
-- `digest:slack:C0123@2026-12-03`. event_seq: the reminder_sent event (none for a digest).
CREATE TABLE notebook_sends (
  key       TEXT PRIMARY KEY,
  kind      TEXT NOT NULL CHECK (kind IN ('paused', 'quiet', 'digest')),
  event_seq INTEGER REFERENCES events (seq),
  sent_at   TEXT NOT NULL
);
CREATE TRIGGER notebook_sends_no_update BEFORE UPDATE ON notebook_sends
BEGIN SELECT RAISE(ABORT, 'append-only: what the notebook sent cannot be updated'); END;
CREATE TRIGGER notebook_sends_no_delete BEFORE DELETE ON notebook_sends
BEGIN SELECT RAISE(ABORT, 'append-only: what the notebook sent cannot be deleted'); END;
