-- The Jira mirror and `show` look events up by record id ('CMP-12', 'CMP-12/3'): without this index
-- each of those lookups read the whole events table.
CREATE INDEX events_by_record_id ON events (record_id, seq);
