-- The notebook: campaigns, workflow starts, events, data-ID lists and their attachments.
-- Append-only: every table below except chat_posts refuses UPDATE and DELETE (triggers at the end).
-- Current state (a campaign's or workflow's status, a workflow's run id) is not kept in mutable
-- columns: it is derived from the latest event (see the events_by_record index), so nothing here
-- ever needs an UPDATE.

-- AUTOINCREMENT: a campaign number (CMP-<n>) is never reused, even after a failed transaction.
CREATE TABLE campaigns (
  number              INTEGER PRIMARY KEY AUTOINCREMENT,
  short_name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description         TEXT NOT NULL,
  production          TEXT,
  butler_repo         TEXT,
  input_collections   TEXT,
  output_collection   TEXT,
  input_data          TEXT,
  workflow_definition TEXT,
  jira_issue          TEXT,
  operators           TEXT CHECK (operators IS NULL OR json_valid(operators)),
  channel_platform    TEXT CHECK (channel_platform IN ('slack', 'mattermost')),
  channel_id          TEXT,
  defined_by_id       TEXT NOT NULL,
  defined_by_name     TEXT NOT NULL,
  defined_at          TEXT NOT NULL,
  CHECK ((channel_platform IS NULL) = (channel_id IS NULL))
);

-- One row per workflow start; number counts from 1 within its campaign (CMP-<n>/<number>).
CREATE TABLE workflows (
  campaign_number   INTEGER NOT NULL REFERENCES campaigns (number),
  number            INTEGER NOT NULL CHECK (number >= 1),
  label             TEXT NOT NULL,
  wms               TEXT NOT NULL CHECK (wms IN ('panda', 'htcondor', 'pegasus', 'parsl', 'prompt', 'other')),
  pipeline          TEXT,
  butler_repo       TEXT,
  input_collections TEXT,
  output_run        TEXT,
  data_query        TEXT,
  bps_command       TEXT,
  notes             TEXT,
  started_by_id     TEXT NOT NULL,
  started_by_name   TEXT NOT NULL,
  started_at        TEXT NOT NULL,
  PRIMARY KEY (campaign_number, number)
);

-- Every change is an event. record_id is what the event is about: 'CMP-12' or 'CMP-12/3'.
-- payload is JSON: status_changed {from, to, reason}, run_recorded {runId, runName}, note_added {text}, ...
CREATE TABLE events (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL CHECK (kind IN ('campaign_defined', 'workflow_started', 'list_attached',
                                                'run_recorded', 'status_changed', 'note_added')),
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
-- Serves "latest status / run of this record" and "timeline of this campaign".
CREATE INDEX events_by_record ON events (campaign_number, workflow_number, kind, seq);

-- A list is stored once, content-addressed by the SHA-256 of its canonical form (src/lists).
-- key_dimensions: which dimension each of list_entries.v1..v8 holds, most-asked first (visit,
-- exposure, tract, ... detector, ... instrument), so `why` finds an entry by key prefix.
CREATE TABLE lists (
  id             INTEGER PRIMARY KEY,
  sha256         TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  count          INTEGER NOT NULL CHECK (count > 0),
  dimensions     TEXT NOT NULL CHECK (json_valid(dimensions)),
  key_dimensions TEXT NOT NULL CHECK (json_valid(key_dimensions) AND json_array_length(key_dimensions) BETWEEN 1 AND 8),
  reason         TEXT,
  provenance     TEXT CHECK (provenance IS NULL OR json_valid(provenance)),
  stored_by_id   TEXT NOT NULL,
  stored_by_name TEXT NOT NULL,
  stored_at      TEXT NOT NULL
);

-- `list:<name>` references. A name, once given, always means the same list.
CREATE TABLE list_names (
  name          TEXT PRIMARY KEY COLLATE NOCASE,
  list_id       INTEGER NOT NULL REFERENCES lists (id),
  named_by_id   TEXT NOT NULL,
  named_by_name TEXT NOT NULL,
  named_at      TEXT NOT NULL
);
CREATE INDEX list_names_by_list ON list_names (list_id);

-- The data IDs of a list, keyed by (list, values in key_dimensions order). Columns past the list's
-- dimension count hold 0. No declared type: integer dimensions are stored as INTEGER, string ones
-- as TEXT, exactly as given. WITHOUT ROWID: the key is the table, so a sorted insert appends and a
-- lookup is one b-tree descent. No foreign key on list_id: checking it per row would slow a
-- million-row insert, and rows are only ever written with their list in the same transaction.
CREATE TABLE list_entries (
  list_id INTEGER NOT NULL,
  v1      NOT NULL,
  v2      NOT NULL DEFAULT 0,
  v3      NOT NULL DEFAULT 0,
  v4      NOT NULL DEFAULT 0,
  v5      NOT NULL DEFAULT 0,
  v6      NOT NULL DEFAULT 0,
  v7      NOT NULL DEFAULT 0,
  v8      NOT NULL DEFAULT 0,
  reason  TEXT,
  PRIMARY KEY (list_id, v1, v2, v3, v4, v5, v6, v7, v8)
) WITHOUT ROWID;

-- A list attached to a workflow start, as an inclusion or an exclusion, with the reason.
CREATE TABLE list_attachments (
  id               INTEGER PRIMARY KEY,
  campaign_number  INTEGER NOT NULL,
  workflow_number  INTEGER NOT NULL,
  list_id          INTEGER NOT NULL REFERENCES lists (id),
  kind             TEXT NOT NULL CHECK (kind IN ('include', 'exclude')),
  reason           TEXT NOT NULL CHECK (trim(reason) <> ''),
  attached_by_id   TEXT NOT NULL,
  attached_by_name TEXT NOT NULL,
  attached_at      TEXT NOT NULL,
  FOREIGN KEY (campaign_number, workflow_number) REFERENCES workflows (campaign_number, number)
);
CREATE INDEX list_attachments_by_list ON list_attachments (list_id);
CREATE INDEX list_attachments_by_workflow ON list_attachments (campaign_number, workflow_number);

-- Chat adapters' memory of the message they posted for a record (adapter state, not notebook:
-- a re-post replaces it).
CREATE TABLE chat_posts (
  record_id  TEXT NOT NULL,
  platform   TEXT NOT NULL CHECK (platform IN ('slack', 'mattermost')),
  channel    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (record_id, platform)
);

CREATE TRIGGER campaigns_no_update BEFORE UPDATE ON campaigns
BEGIN SELECT RAISE(ABORT, 'append-only: campaigns cannot be updated; record a new event instead'); END;
CREATE TRIGGER campaigns_no_delete BEFORE DELETE ON campaigns
BEGIN SELECT RAISE(ABORT, 'append-only: campaigns cannot be deleted'); END;
CREATE TRIGGER workflows_no_update BEFORE UPDATE ON workflows
BEGIN SELECT RAISE(ABORT, 'append-only: workflows cannot be updated; record a new event instead'); END;
CREATE TRIGGER workflows_no_delete BEFORE DELETE ON workflows
BEGIN SELECT RAISE(ABORT, 'append-only: workflows cannot be deleted'); END;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'append-only: events cannot be updated; a correction is a new event'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'append-only: events cannot be deleted'); END;
CREATE TRIGGER lists_no_update BEFORE UPDATE ON lists
BEGIN SELECT RAISE(ABORT, 'append-only: lists cannot be updated; store a new list instead'); END;
CREATE TRIGGER lists_no_delete BEFORE DELETE ON lists
BEGIN SELECT RAISE(ABORT, 'append-only: lists cannot be deleted'); END;
CREATE TRIGGER list_names_no_update BEFORE UPDATE ON list_names
BEGIN SELECT RAISE(ABORT, 'append-only: list names cannot be updated'); END;
CREATE TRIGGER list_names_no_delete BEFORE DELETE ON list_names
BEGIN SELECT RAISE(ABORT, 'append-only: list names cannot be deleted'); END;
CREATE TRIGGER list_entries_no_update BEFORE UPDATE ON list_entries
BEGIN SELECT RAISE(ABORT, 'append-only: list entries cannot be updated; store a new list instead'); END;
CREATE TRIGGER list_entries_no_delete BEFORE DELETE ON list_entries
BEGIN SELECT RAISE(ABORT, 'append-only: list entries cannot be deleted'); END;
CREATE TRIGGER list_attachments_no_update BEFORE UPDATE ON list_attachments
BEGIN SELECT RAISE(ABORT, 'append-only: list attachments cannot be updated; attach again instead'); END;
CREATE TRIGGER list_attachments_no_delete BEFORE DELETE ON list_attachments
BEGIN SELECT RAISE(ABORT, 'append-only: list attachments cannot be deleted'); END;
