-- Incidents, their append-only timeline, mitigation actions, reviews, SLA timers and published reports.

CREATE SEQUENCE incident_number_seq;

CREATE TABLE incident (
    id                  UUID PRIMARY KEY,
    number              BIGINT        NOT NULL UNIQUE,
    title               VARCHAR(300)  NOT NULL,
    description         TEXT,
    status              VARCHAR(20)   NOT NULL,
    severity            VARCHAR(2)    NOT NULL,
    impact              TEXT,
    summary             TEXT,
    commander           VARCHAR(200),
    queues              TEXT[]        NOT NULL DEFAULT '{}',
    services            TEXT[]        NOT NULL DEFAULT '{}',
    instance_id         VARCHAR(200),
    source              VARCHAR(20)   NOT NULL,
    idempotency_key     VARCHAR(200)  UNIQUE,
    mitigation          TEXT,
    resolution          TEXT,
    cancel_reason       TEXT,
    escalation_level    INT           NOT NULL DEFAULT 0,
    reopen_count        INT           NOT NULL DEFAULT 0,
    created_by_id       VARCHAR(200)  NOT NULL,
    created_by_name     VARCHAR(200),
    created_at          TIMESTAMPTZ   NOT NULL,
    assessed_at         TIMESTAMPTZ,
    mitigated_at        TIMESTAMPTZ,
    resolved_at         TIMESTAMPTZ,
    review_started_at   TIMESTAMPTZ,
    closed_at           TIMESTAMPTZ,
    cancelled_at        TIMESTAMPTZ,
    reopened_at         TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ   NOT NULL
);
CREATE INDEX incident_created_at ON incident (created_at DESC);
CREATE INDEX incident_status ON incident (status, severity);
CREATE INDEX incident_queues ON incident USING gin (queues);

-- Alerts attached to an incident: an open incident absorbs further alerts with the same fingerprint or group.
CREATE TABLE incident_alert (
    incident_id   UUID          NOT NULL REFERENCES incident (id),
    fingerprint   VARCHAR(300)  NOT NULL,
    group_key     VARCHAR(500),
    rule_id       VARCHAR(200),
    rule_name     VARCHAR(300),
    attached_at   TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (incident_id, fingerprint)
);
CREATE INDEX incident_alert_fingerprint ON incident_alert (fingerprint);
CREATE INDEX incident_alert_group ON incident_alert (group_key);

-- The timeline is a record of what happened: entries are only ever added.
CREATE TABLE timeline_entry (
    id            BIGSERIAL     PRIMARY KEY,
    incident_id   UUID          NOT NULL REFERENCES incident (id),
    occurred_at   TIMESTAMPTZ   NOT NULL,
    kind          VARCHAR(40)   NOT NULL,
    actor_id      VARCHAR(200)  NOT NULL,
    actor_name    VARCHAR(200),
    text          TEXT          NOT NULL,
    status        VARCHAR(20),
    severity      VARCHAR(2)
);
CREATE INDEX timeline_entry_incident ON timeline_entry (incident_id, occurred_at, id);

CREATE FUNCTION timeline_entry_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'timeline entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER timeline_entry_append_only BEFORE UPDATE OR DELETE ON timeline_entry
    FOR EACH ROW EXECUTE FUNCTION timeline_entry_is_append_only();

CREATE TABLE mitigation_action (
    id            UUID PRIMARY KEY,
    incident_id   UUID          NOT NULL REFERENCES incident (id),
    description   TEXT          NOT NULL,
    owner         VARCHAR(200)  NOT NULL,
    status        VARCHAR(20)   NOT NULL,
    result        TEXT,
    automated     BOOLEAN       NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL,
    updated_at    TIMESTAMPTZ   NOT NULL
);
CREATE INDEX mitigation_action_incident ON mitigation_action (incident_id, created_at);

CREATE TABLE incident_review (
    incident_id           UUID PRIMARY KEY REFERENCES incident (id),
    summary               TEXT,
    root_cause            TEXT,
    contributing_factors  TEXT[]        NOT NULL DEFAULT '{}',
    impact_duration       VARCHAR(50),
    contacts_affected     INT,
    went_well             TEXT,
    went_badly            TEXT,
    updated_at            TIMESTAMPTZ   NOT NULL,
    updated_by            VARCHAR(200)  NOT NULL
);

CREATE TABLE preventive_action (
    id            UUID PRIMARY KEY,
    incident_id   UUID          NOT NULL REFERENCES incident (id),
    description   TEXT          NOT NULL,
    owner         VARCHAR(200),
    due_date      DATE,
    completed_at  TIMESTAMPTZ,
    completed_by  VARCHAR(200),
    created_at    TIMESTAMPTZ   NOT NULL
);
CREATE INDEX preventive_action_incident ON preventive_action (incident_id);
CREATE INDEX preventive_action_open ON preventive_action (due_date) WHERE completed_at IS NULL;

-- SLA and follow-up timers live in the database, so they survive restarts; instances claim due rows with
-- SELECT ... FOR UPDATE SKIP LOCKED, so a timer fires once however many instances run.
CREATE TABLE incident_timer (
    incident_id   UUID          NOT NULL REFERENCES incident (id),
    kind          VARCHAR(20)   NOT NULL,
    due_at        TIMESTAMPTZ   NOT NULL,
    state         VARCHAR(20)   NOT NULL,
    fired_at      TIMESTAMPTZ,
    PRIMARY KEY (incident_id, kind)
);
CREATE INDEX incident_timer_due ON incident_timer (due_at) WHERE state = 'PENDING';

-- Scheduled reports already published, by period (e.g. weekly:2026-11-16): one publication per period.
CREATE TABLE published_report (
    period_key    VARCHAR(50)   PRIMARY KEY,
    published_at  TIMESTAMPTZ   NOT NULL
);
