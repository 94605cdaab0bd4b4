-- Where notifications go. settings are readable; secrets are write-only (never returned by the API).
CREATE TABLE channel (
    id          UUID PRIMARY KEY,
    name        VARCHAR(200) NOT NULL UNIQUE,
    type        VARCHAR(20)  NOT NULL,
    enabled     BOOLEAN      NOT NULL DEFAULT TRUE,
    settings    JSONB        NOT NULL DEFAULT '{}',
    secrets     JSONB        NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Ordered routing rules, like Alertmanager's routing tree flattened: first match wins unless continue_matching.
CREATE TABLE route (
    id                UUID PRIMARY KEY,
    name              VARCHAR(200) NOT NULL UNIQUE,
    position          INT          NOT NULL,
    enabled           BOOLEAN      NOT NULL DEFAULT TRUE,
    event_types       JSONB        NOT NULL DEFAULT '[]',
    severities        JSONB        NOT NULL DEFAULT '[]',
    labels            JSONB        NOT NULL DEFAULT '{}',
    queues            JSONB        NOT NULL DEFAULT '[]',
    channel_ids       JSONB        NOT NULL DEFAULT '[]',
    channel_types     JSONB        NOT NULL DEFAULT '[]',
    continue_matching BOOLEAN      NOT NULL DEFAULT FALSE,
    repeat_interval   VARCHAR(40),
    quiet_from        TIME,
    quiet_until       TIME,
    quiet_zone        VARCHAR(60),
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- One row per (event, channel), written before anything is sent; the worker claims due rows with SKIP LOCKED.
CREATE TABLE delivery (
    id                UUID PRIMARY KEY,
    seq               BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    idempotency_key   VARCHAR(300) NOT NULL UNIQUE,
    source_event_id   VARCHAR(200) NOT NULL,
    source_event_type VARCHAR(200) NOT NULL,
    event_time        TIMESTAMPTZ  NOT NULL,
    incident_id       VARCHAR(200),
    thread_key        VARCHAR(300) NOT NULL,
    severity          VARCHAR(4),
    payload           TEXT         NOT NULL,
    channel_id        UUID         NOT NULL,
    channel_type      VARCHAR(20)  NOT NULL,
    route_id          UUID,
    status            VARCHAR(20)  NOT NULL,
    attempts          INT          NOT NULL DEFAULT 0,
    max_attempts      INT          NOT NULL,
    next_attempt_at   TIMESTAMPTZ  NOT NULL,
    claimed_until     TIMESTAMPTZ,
    external_ref      VARCHAR(300),
    last_error        TEXT,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    delivered_at      TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX delivery_due ON delivery (next_attempt_at) WHERE status IN ('PENDING', 'RETRYING', 'SENDING');
CREATE INDEX delivery_thread ON delivery (channel_id, thread_key, seq);
CREATE INDEX delivery_incident ON delivery (incident_id);
CREATE INDEX delivery_source_event ON delivery (source_event_id);

CREATE TABLE delivery_attempt (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  UUID         NOT NULL REFERENCES delivery (id) ON DELETE CASCADE,
    attempt      INT          NOT NULL,
    started_at   TIMESTAMPTZ  NOT NULL,
    duration_ms  BIGINT       NOT NULL,
    outcome      VARCHAR(20)  NOT NULL,
    http_status  INT,
    detail       TEXT
);
CREATE INDEX delivery_attempt_delivery ON delivery_attempt (delivery_id, attempt);

-- What a receiver gave back for a conversation (an incident, an alert): the Slack parent ts, the ServiceNow sys_id.
CREATE TABLE thread_state (
    channel_id       UUID         NOT NULL,
    thread_key       VARCHAR(300) NOT NULL,
    external_channel VARCHAR(200),
    parent_ref       VARCHAR(300) NOT NULL,
    external_number  VARCHAR(100),
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (channel_id, thread_key)
);
CREATE INDEX thread_state_parent ON thread_state (parent_ref);

-- Alertmanager's notification log, reduced: when an alert was last notified on a channel, for repeat intervals.
CREATE TABLE alert_notification (
    channel_id   UUID         NOT NULL,
    fingerprint  VARCHAR(300) NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    notified_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (channel_id, fingerprint)
);

-- Sensible defaults; they send to every enabled channel of the named types, so they work once channels exist.
INSERT INTO route (id, name, position, event_types, severities, channel_types, repeat_interval) VALUES
  ('00000000-0000-0000-0000-000000000001', 'P1/P2 incidents to Slack, Teams and ServiceNow', 10,
   '["connectops.incident.*"]', '["P1","P2"]', '["SLACK","TEAMS","SERVICENOW"]', NULL),
  ('00000000-0000-0000-0000-000000000002', 'P1/P2 alerts to Slack and Teams', 20,
   '["connectops.alert.firing.v1","connectops.alert.resolved.v1"]', '["P1","P2"]', '["SLACK","TEAMS"]', 'PT4H'),
  ('00000000-0000-0000-0000-000000000003', 'P3 to Slack', 30,
   '["connectops.incident.*","connectops.alert.firing.v1","connectops.alert.resolved.v1"]', '["P3"]',
   '["SLACK"]', 'PT4H'),
  ('00000000-0000-0000-0000-000000000004', 'Schedules, tasks and maintenance to Slack and Teams', 40,
   '["connectops.schedule.*","connectops.ops-task.*","connectops.maintenance.*"]', '[]', '["SLACK","TEAMS"]',
   NULL);
