-- The chat platforms join the outbox (the design is in src/chat/channel-outbox.ts): one sink per
-- platform, fed only the events of campaigns whose channel is on that platform, so a record and the
-- promise to announce it in its channel commit together.
ALTER TABLE outbox_sink ADD COLUMN channel_platform TEXT CHECK (channel_platform IN ('slack', 'mattermost'));
INSERT INTO outbox_sink (name, channel_platform) VALUES ('slack', 'slack'), ('mattermost', 'mattermost');

-- A sink may owe several things for one event: `item` tells them apart. '' is the event itself (Jira
-- mirrors it, a chat platform announces it); `card:<record id>` redraws that record's card;
-- `notice:<name>` is a notice in a record's thread. SQLite cannot change a UNIQUE constraint in
-- place: the table is rebuilt (rows keep their ids), its trigger and indexes made again.
DROP TRIGGER events_into_outbox;
CREATE TABLE outbox_next (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  sink            TEXT NOT NULL REFERENCES outbox_sink (name),
  event_seq       INTEGER NOT NULL REFERENCES events (seq),
  item            TEXT NOT NULL DEFAULT '',
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
  record_id       TEXT,
  UNIQUE (sink, event_seq, item)
);
INSERT INTO outbox_next (id, sink, event_seq, state, attempts, next_attempt_at, ambiguous, ambiguous_since, last_error,
                         result, created_at, updated_at, done_at, record_id)
  SELECT id, sink, event_seq, state, attempts, next_attempt_at, ambiguous, ambiguous_since, last_error,
         result, created_at, updated_at, done_at, record_id FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_open ON outbox (sink, state, event_seq);
CREATE INDEX outbox_by_record ON outbox (sink, record_id, state, event_seq);
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'the outbox keeps every row: mark it done or failed instead'); END;

-- Every enabled sink gets the event, except a chat sink for a campaign whose channel is elsewhere
-- (or nowhere: a campaign defined from the command line has no channel). A chat sink also gets the
-- redraw of the cards the event changes (living cards): the record's, and its campaign's for a
-- workflow's event (the campaign card counts its workflows and shows the latest event). Redraws
-- coalesce when sent (src/chat/channel-outbox.ts): a card drawn after several events is drawn once.
CREATE TRIGGER events_into_outbox AFTER INSERT ON events
BEGIN
  INSERT INTO outbox (sink, event_seq, item, state, record_id)
  SELECT s.name, NEW.seq, i.item, CASE WHEN s.parked_reason IS NULL THEN 'pending' ELSE 'parked' END, i.record_id
  FROM outbox_sink s
  JOIN (SELECT 0 AS position, '' AS item, NEW.record_id AS record_id
        UNION ALL SELECT 1, 'card:' || NEW.record_id, NEW.record_id
        UNION ALL SELECT 2, 'card:CMP-' || NEW.campaign_number, 'CMP-' || NEW.campaign_number WHERE NEW.workflow_number IS NOT NULL) i
    ON i.position = 0 OR s.channel_platform IS NOT NULL
  WHERE s.enabled = 1
    AND (s.channel_platform IS NULL
         OR s.channel_platform = (SELECT c.channel_platform FROM campaigns c WHERE c.number = NEW.campaign_number))
  ORDER BY s.name, i.position;
END;
