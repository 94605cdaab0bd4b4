-- The incidents of ops.incidents.v1 as the start-of-day check needs them: the latest state of each incident, with
-- when it was opened and when it stopped being open (null while it is open).
CREATE TABLE incident_summary (
    incident_id   VARCHAR(100)  PRIMARY KEY,
    reference     VARCHAR(100)  NOT NULL,
    title         VARCHAR(1000),
    severity      VARCHAR(10),
    status        VARCHAR(30)   NOT NULL,
    queues        JSONB         NOT NULL,
    opened_at     TIMESTAMPTZ   NOT NULL,
    resolved_at   TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ   NOT NULL
);
CREATE INDEX incident_summary_open ON incident_summary (opened_at, resolved_at);

-- Checklists that list the incidents of the night before (the manual's start-of-day check).
ALTER TABLE ops_task_template ADD COLUMN overnight_incidents BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE ops_task_template SET overnight_incidents = TRUE WHERE id = '00000000-0000-4000-8000-000000000001';

-- The service level Connect measured per queue, channel and 15-minute interval (service_level in percent and
-- contacts_handled on ops.metrics.v1). Each arrives as its own sample, so either may still be missing; channel is
-- '' for samples without one. Contact history keeps neither figure, and keys by queue alone.
CREATE TABLE measured_service_level (
    queue_id          VARCHAR(200)      NOT NULL,
    channel           VARCHAR(20)       NOT NULL,
    interval_start    TIMESTAMPTZ       NOT NULL,
    service_level     DOUBLE PRECISION  CHECK (service_level BETWEEN 0 AND 100),
    contacts_handled  DOUBLE PRECISION  CHECK (contacts_handled >= 0),
    updated_at        TIMESTAMPTZ       NOT NULL DEFAULT now(),
    PRIMARY KEY (queue_id, channel, interval_start)
);
CREATE INDEX measured_service_level_period ON measured_service_level (interval_start);
