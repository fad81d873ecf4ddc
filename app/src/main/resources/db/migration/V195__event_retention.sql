-- Event retention (callimport.events.retention): the oldest events are found by age, and deleting one finds its
-- deliveries by event (the unique constraint leads with the endpoint, so it cannot serve that).
CREATE INDEX events_by_age ON events (created_at);
CREATE INDEX event_deliveries_by_event ON event_deliveries (event_id);
