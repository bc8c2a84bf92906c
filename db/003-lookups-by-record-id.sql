-- Looking events and outbox rows up by record id ('CMP-12', 'CMP-12/3'): the Jira mirror finds a
-- record's creating event, and `show` says how many of a record's updates still wait for Jira.
-- Without these, each lookup read the whole events table or every outbox row of the sink.
CREATE INDEX events_by_record_id ON events (record_id, seq);

-- The outbox row carries its event's record id (filled by the trigger, as the row is made).
ALTER TABLE outbox ADD COLUMN record_id TEXT;
UPDATE outbox SET record_id = (SELECT e.record_id FROM events e WHERE e.seq = outbox.event_seq);
CREATE INDEX outbox_by_record ON outbox (sink, record_id, state, event_seq);

DROP TRIGGER events_into_outbox;
CREATE TRIGGER events_into_outbox AFTER INSERT ON events
BEGIN
  INSERT INTO outbox (sink, event_seq, state, record_id)
  SELECT name, NEW.seq, CASE WHEN parked_reason IS NULL THEN 'pending' ELSE 'parked' END, NEW.record_id
  FROM outbox_sink WHERE enabled = 1;
END;
