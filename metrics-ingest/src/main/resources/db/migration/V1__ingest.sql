-- Amazon Connect instances the pollers read. Credentials are a reference (default chain, named secret), never the
-- secret itself.
CREATE TABLE connect_source (
    id                               UUID          PRIMARY KEY,
    name                             VARCHAR(200)  NOT NULL,
    instance_id                      VARCHAR(100)  NOT NULL,
    instance_arn                     VARCHAR(300)  NOT NULL,
    region                           VARCHAR(50)   NOT NULL,
    account_id                       VARCHAR(20)   NOT NULL,
    queue_ids                        TEXT          NOT NULL DEFAULT '',
    channels                         VARCHAR(100)  NOT NULL,
    current_metrics_interval_seconds INT           NOT NULL,
    interval_metrics_interval_seconds INT          NOT NULL,
    agent_states_interval_seconds    INT           NOT NULL,
    service_level_threshold_seconds  INT           NOT NULL,
    credentials_ref                  VARCHAR(200)  NOT NULL,
    endpoint_override                VARCHAR(500),
    enabled                          BOOLEAN       NOT NULL DEFAULT TRUE,
    created_at                       TIMESTAMPTZ   NOT NULL,
    updated_at                       TIMESTAMPTZ   NOT NULL,
    version                          BIGINT        NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX connect_source_instance ON connect_source (instance_arn);

-- What each poller of a source last did: health for the API and readiness, and the high-water marks that keep a
-- snapshot or interval from being published twice.
CREATE TABLE source_poll_state (
    id                    VARCHAR(150)  PRIMARY KEY,
    source_id             UUID          NOT NULL REFERENCES connect_source (id) ON DELETE CASCADE,
    operation             VARCHAR(50)   NOT NULL,
    last_attempt_at       TIMESTAMPTZ,
    last_success_at       TIMESTAMPTZ,
    last_error            VARCHAR(1000),
    last_error_at         TIMESTAMPTZ,
    consecutive_failures  INT           NOT NULL DEFAULT 0,
    throttled_calls       BIGINT        NOT NULL DEFAULT 0,
    last_snapshot_at      TIMESTAMPTZ,
    last_interval_end     TIMESTAMPTZ
);
CREATE INDEX source_poll_state_source ON source_poll_state (source_id);

-- The last known state of each agent, so that only changes are published.
CREATE TABLE agent_state (
    id             VARCHAR(400)  PRIMARY KEY,
    source_id      UUID          NOT NULL REFERENCES connect_source (id) ON DELETE CASCADE,
    agent_id       VARCHAR(200)  NOT NULL,
    status         VARCHAR(200),
    routing_state  VARCHAR(50),
    changed_at     TIMESTAMPTZ   NOT NULL
);
CREATE INDEX agent_state_source ON agent_state (source_id);

-- The latest sample of every series, for GET /api/v1/series.
CREATE TABLE series_latest (
    series_key   VARCHAR(1000) PRIMARY KEY,
    source       VARCHAR(50)   NOT NULL,
    instance_id  VARCHAR(200),
    queue_id     VARCHAR(200),
    channel      VARCHAR(50),
    agent_id     VARCHAR(200),
    metric       VARCHAR(100)  NOT NULL,
    value        DOUBLE PRECISION,
    unit         VARCHAR(30),
    sample_time  TIMESTAMPTZ   NOT NULL,
    updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX series_latest_instance ON series_latest (instance_id, queue_id, metric);
