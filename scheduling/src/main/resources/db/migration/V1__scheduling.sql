-- Contacts and handle time per queue and interval: imported, or built from ops.metrics.v1.
CREATE TABLE contact_history (
    queue_id          VARCHAR(200)     NOT NULL,
    interval_seconds  INTEGER          NOT NULL CHECK (interval_seconds IN (900, 1800)),
    interval_start    TIMESTAMPTZ      NOT NULL,
    contacts          DOUBLE PRECISION NOT NULL CHECK (contacts >= 0),
    aht_seconds       DOUBLE PRECISION,
    updated_at        TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (queue_id, interval_seconds, interval_start)
);

CREATE TABLE forecast (
    id                UUID             PRIMARY KEY,
    queue_id          VARCHAR(200)     NOT NULL,
    interval_seconds  INTEGER          NOT NULL,
    starts_at         TIMESTAMPTZ      NOT NULL,
    method            VARCHAR(60)      NOT NULL,
    alpha             DOUBLE PRECISION,
    delta             DOUBLE PRECISION,
    omega             DOUBLE PRECISION,
    phi               DOUBLE PRECISION,
    history_periods   INTEGER          NOT NULL,
    holdout_periods   INTEGER          NOT NULL,
    wape              DOUBLE PRECISION,
    bias              DOUBLE PRECISION,
    contacts          FLOAT8[]         NOT NULL,
    aht_seconds       FLOAT8[]         NOT NULL,
    created_by        VARCHAR(200)     NOT NULL,
    created_at        TIMESTAMPTZ      NOT NULL
);
CREATE INDEX forecast_queue ON forecast (queue_id, created_at DESC);

CREATE TABLE shift_profile (
    id                  UUID          PRIMARY KEY,
    name                VARCHAR(200)  NOT NULL UNIQUE,
    time_zone           VARCHAR(60)   NOT NULL,
    days                JSONB         NOT NULL,
    earliest_start      TIME          NOT NULL,
    latest_end          TIME          NOT NULL,
    lengths_minutes     JSONB         NOT NULL,
    start_step_minutes  INTEGER       NOT NULL,
    breaks              JSONB         NOT NULL,
    break_variants      INTEGER       NOT NULL,
    created_at          TIMESTAMPTZ   NOT NULL
);

CREATE TABLE staff_rules (
    id                          UUID          PRIMARY KEY,
    name                        VARCHAR(200)  NOT NULL UNIQUE,
    min_rest_minutes            INTEGER       NOT NULL,
    max_consecutive_days        INTEGER       NOT NULL,
    min_minutes_per_day         INTEGER       NOT NULL,
    max_minutes_per_day         INTEGER       NOT NULL,
    min_minutes_per_week        INTEGER       NOT NULL,
    max_minutes_per_week        INTEGER       NOT NULL,
    max_minutes_without_break   INTEGER       NOT NULL,
    created_at                  TIMESTAMPTZ   NOT NULL
);

CREATE TABLE staffing_group (
    id                UUID          PRIMARY KEY,
    name              VARCHAR(200)  NOT NULL UNIQUE,
    instance_id       VARCHAR(200),
    required_skills   JSONB         NOT NULL,
    queue_ids         JSONB         NOT NULL,
    shift_profile_id  UUID          NOT NULL REFERENCES shift_profile (id),
    staff_rules_id    UUID          NOT NULL REFERENCES staff_rules (id),
    interval_minutes  INTEGER       NOT NULL CHECK (interval_minutes IN (15, 30)),
    created_at        TIMESTAMPTZ   NOT NULL
);

CREATE TABLE agent (
    id            UUID          PRIMARY KEY,
    connect_id    VARCHAR(200)  NOT NULL UNIQUE,
    name          VARCHAR(200)  NOT NULL,
    group_id      UUID          REFERENCES staffing_group (id),
    skills        JSONB         NOT NULL,
    active        BOOLEAN       NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ   NOT NULL
);
CREATE INDEX agent_group ON agent (group_id);

CREATE TABLE time_off (
    id          UUID          PRIMARY KEY,
    agent_id    UUID          NOT NULL REFERENCES agent (id),
    starts_at   TIMESTAMPTZ   NOT NULL,
    ends_at     TIMESTAMPTZ   NOT NULL CHECK (ends_at > starts_at),
    reason      VARCHAR(200),
    created_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX time_off_agent ON time_off (agent_id, starts_at);

CREATE TABLE schedule (
    id                  UUID          PRIMARY KEY,
    group_id            UUID          NOT NULL REFERENCES staffing_group (id),
    from_date           DATE          NOT NULL,
    days                INTEGER       NOT NULL,
    status              VARCHAR(20)   NOT NULL,
    time_limit_seconds  INTEGER       NOT NULL,
    score               VARCHAR(100),
    feasible            BOOLEAN,
    coverage            DOUBLE PRECISION,
    requirement         JSONB         NOT NULL,
    shifts              JSONB,
    failure             VARCHAR(1000),
    created_by          VARCHAR(200)  NOT NULL,
    created_at          TIMESTAMPTZ   NOT NULL,
    solved_at           TIMESTAMPTZ,
    published_by        VARCHAR(200),
    published_at        TIMESTAMPTZ
);
CREATE INDEX schedule_group ON schedule (group_id, from_date);

-- Agent status changes from ops.agent-events.v1, the source of adherence.
CREATE TABLE agent_state (
    event_id        VARCHAR(100)  PRIMARY KEY,
    connect_id      VARCHAR(200)  NOT NULL,
    instance_id     VARCHAR(200),
    status          VARCHAR(100)  NOT NULL,
    routing_state   VARCHAR(100),
    changed_at      TIMESTAMPTZ   NOT NULL
);
CREATE INDEX agent_state_agent_time ON agent_state (connect_id, changed_at);

-- One row per group, metric and period: two instances never publish the same adherence sample twice.
CREATE TABLE metric_publication (
    group_id    UUID          NOT NULL,
    metric      VARCHAR(100)  NOT NULL,
    period      TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (group_id, metric, period)
);

CREATE TABLE ops_task_template (
    id                  UUID          PRIMARY KEY,
    name                VARCHAR(200)  NOT NULL UNIQUE,
    description         VARCHAR(2000),
    kind                VARCHAR(20)   NOT NULL,
    priority            VARCHAR(10)   NOT NULL,
    cron                VARCHAR(120)  NOT NULL,
    time_zone           VARCHAR(60)   NOT NULL,
    due_after_minutes   INTEGER       NOT NULL,
    assignee            VARCHAR(200),
    checklist           JSONB         NOT NULL,
    active              BOOLEAN       NOT NULL DEFAULT TRUE,
    created_at          TIMESTAMPTZ   NOT NULL
);

CREATE TABLE ops_task (
    id                     UUID          PRIMARY KEY,
    template_id            UUID          NOT NULL REFERENCES ops_task_template (id),
    title                  VARCHAR(200)  NOT NULL,
    kind                   VARCHAR(20)   NOT NULL,
    priority               VARCHAR(10)   NOT NULL,
    assignee               VARCHAR(200),
    scheduled_for          TIMESTAMPTZ   NOT NULL,
    due_at                 TIMESTAMPTZ   NOT NULL,
    status                 VARCHAR(20)   NOT NULL,
    items                  JSONB         NOT NULL,
    report                 JSONB,
    notes                  VARCHAR(4000),
    completed_by           VARCHAR(200),
    completed_at           TIMESTAMPTZ,
    overdue_published_at   TIMESTAMPTZ,
    created_at             TIMESTAMPTZ   NOT NULL,
    -- A due task exists once per template and occurrence, however many instances race to create it.
    UNIQUE (template_id, scheduled_for)
);
CREATE INDEX ops_task_due ON ops_task (status, due_at);

CREATE TABLE maintenance_window (
    id                  UUID          PRIMARY KEY,
    title               VARCHAR(200)  NOT NULL,
    description         VARCHAR(4000),
    instance_ids        JSONB         NOT NULL,
    queue_ids           JSONB         NOT NULL,
    starts_at           TIMESTAMPTZ   NOT NULL,
    ends_at             TIMESTAMPTZ   NOT NULL CHECK (ends_at > starts_at),
    owner               VARCHAR(200)  NOT NULL,
    lead_time_minutes   INTEGER       NOT NULL,
    status              VARCHAR(20)   NOT NULL,
    outcome             VARCHAR(4000),
    announced_at        TIMESTAMPTZ,
    started_at          TIMESTAMPTZ,
    ended_at            TIMESTAMPTZ,
    documented_by       VARCHAR(200),
    created_by          VARCHAR(200)  NOT NULL,
    created_at          TIMESTAMPTZ   NOT NULL
);
CREATE INDEX maintenance_window_status ON maintenance_window (status, starts_at);
