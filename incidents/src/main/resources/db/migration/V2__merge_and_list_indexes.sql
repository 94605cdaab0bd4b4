-- Merging: a duplicate incident is cancelled with a pointer to the incident that absorbed it, and the timeline
-- entries that record a merge link the other incident.
ALTER TABLE incident ADD COLUMN merged_into UUID REFERENCES incident (id);
ALTER TABLE timeline_entry ADD COLUMN related_incident_id UUID;

-- The incident list filters by status and shows the newest first: one index serves both without a sort.
CREATE INDEX incident_status_created_at ON incident (status, created_at DESC, number);
