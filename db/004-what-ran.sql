-- What ran and where a record came from (issue 15): the software (Science Pipelines version) of a
-- campaign and of a workflow, a workflow's pex_config overrides and operators, how each attached
-- list was made, and for a clone or rerun its source and what changed. Older rows hold NULL there:
-- "not recorded". Current operators, like status, come from the latest operators_changed event.
ALTER TABLE campaigns ADD COLUMN stack_version TEXT;
ALTER TABLE campaigns ADD COLUMN source_id TEXT;
ALTER TABLE campaigns ADD COLUMN changes TEXT CHECK ((source_id IS NULL) = (changes IS NULL));

ALTER TABLE workflows ADD COLUMN stack_version TEXT;
ALTER TABLE workflows ADD COLUMN config_overrides TEXT;
ALTER TABLE workflows ADD COLUMN operators TEXT CHECK (operators IS NULL OR json_valid(operators));
ALTER TABLE workflows ADD COLUMN source_id TEXT;
ALTER TABLE workflows ADD COLUMN changes TEXT CHECK ((source_id IS NULL) = (changes IS NULL));

ALTER TABLE list_attachments ADD COLUMN provenance TEXT;

-- Two new kinds of event: operators_changed (who handed over to whom) and cloned (on a source
-- record: it was cloned or rerun). SQLite cannot change a CHECK in place, so the events table is
-- made again with the same rows, and with every index and trigger it had. The outbox's rows refer
-- to events(seq): with foreign keys deferred to the commit, putting the rows back satisfies them.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE events_before AS SELECT * FROM events;
DROP TABLE events;
CREATE TABLE events (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL CHECK (kind IN ('campaign_defined', 'workflow_started', 'list_attached',
                                                'run_recorded', 'status_changed', 'note_added',
                                                'operators_changed', 'cloned')),
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
