-- Incidents someone acknowledged (the ACKNOWLEDGED event was consumed): their Slack messages no longer offer the
-- Acknowledge button, whichever event updates them next. Written by the incidents consumer, once per incident.
CREATE TABLE incident_acknowledgement (
    incident_id      VARCHAR(200) PRIMARY KEY,
    acknowledged_at  TIMESTAMPTZ  NOT NULL,
    actor            VARCHAR(300)
);
