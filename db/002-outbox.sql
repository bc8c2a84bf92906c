-- The outbox: what the notebook still has to tell other systems (Jira), written by a trigger in the
-- same transaction as the event it mirrors, so a record is never committed without its outbox rows
-- and the store never needs to know about Jira. Rows are never deleted: a sent row stays `done`
-- with what the other side answered in `result`.

-- One row per destination. A sink receives rows only while enabled (Jira: only while JIRA_HOST is
-- set). `instance` tells this notebook's Jira labels from another notebook's writing to the same
-- Jira (cn-<instance>-cmp-12). While a sink is parked (credentials refused), new rows start parked.
CREATE TABLE outbox_sink (
  name             TEXT PRIMARY KEY,
  enabled          INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  instance         TEXT NOT NULL DEFAULT (lower(hex(randomblob(4)))),
  parked_reason    TEXT,
  parked_at        TEXT,
  -- The last parking message the channel was told; cleared when an item goes through again.
  notified_message TEXT
);
INSERT INTO outbox_sink (name) VALUES ('jira');

-- state: pending (due at next_attempt_at, ms since the epoch), attempting (a request may be in
-- flight: after a crash it is ambiguous whether it reached the other side), done, failed (refused;
-- waits for an operator's re-queue), parked (the sink is parked). `ambiguous` = an earlier attempt
-- may have taken effect, so the next one looks before it writes. `result`: JSON progress and outcome.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  sink            TEXT NOT NULL REFERENCES outbox_sink (name),
  event_seq       INTEGER NOT NULL REFERENCES events (seq),
  state           TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'attempting', 'done', 'failed', 'parked')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  ambiguous       INTEGER NOT NULL DEFAULT 0 CHECK (ambiguous IN (0, 1)),
  ambiguous_since INTEGER,
  last_error      TEXT,
  result          TEXT CHECK (result IS NULL OR json_valid(result)),
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at      TEXT,
  done_at         TEXT,
  UNIQUE (sink, event_seq)
);
CREATE INDEX outbox_open ON outbox (sink, state, event_seq);

CREATE TRIGGER events_into_outbox AFTER INSERT ON events
BEGIN
  INSERT INTO outbox (sink, event_seq, state)
  SELECT name, NEW.seq, CASE WHEN parked_reason IS NULL THEN 'pending' ELSE 'parked' END
  FROM outbox_sink WHERE enabled = 1;
END;

CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'the outbox keeps every row: mark it done or failed instead'); END;
CREATE TRIGGER outbox_sink_no_delete BEFORE DELETE ON outbox_sink
BEGIN SELECT RAISE(ABORT, 'outbox sinks are disabled, not deleted'); END;
