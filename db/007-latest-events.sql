-- A campaign's latest event (its card shows it, and every workflow event redraws that card) is read
-- from this index at once; events_by_record (campaign_number, workflow_number, kind, seq) made SQLite
-- sort all of the campaign's events for it.
CREATE INDEX events_by_campaign ON events (campaign_number, seq);
