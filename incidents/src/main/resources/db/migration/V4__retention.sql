-- Retention. The timeline stays append-only for everything that documents the incident; the delivery records on it
-- (one per notification outcome, most of its rows) may be deleted by the retention job once they are older than
-- connectops.incidents.retention.timeline-deliveries. The job says so for its own transaction only
-- (SET LOCAL connectops.timeline_retention = 'on'); any other update or delete is still refused.
CREATE OR REPLACE FUNCTION timeline_entry_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.kind = 'DELIVERY'
            AND current_setting('connectops.timeline_retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'timeline entries are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE INDEX timeline_entry_delivery_age ON timeline_entry (occurred_at) WHERE kind = 'DELIVERY';
