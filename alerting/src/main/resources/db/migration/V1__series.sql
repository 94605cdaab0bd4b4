-- The latest sample of every series alerting has seen.
CREATE TABLE series_latest (
    series_key   VARCHAR(1000) PRIMARY KEY,
    instance_id  VARCHAR(200),
    queue_id     VARCHAR(200),
    channel      VARCHAR(50),
    agent_id     VARCHAR(200),
    metric       VARCHAR(100)  NOT NULL,
    value        DOUBLE PRECISION,
    unit         VARCHAR(30),
    sample_time  TIMESTAMPTZ   NOT NULL,
    samples_applied BIGINT     NOT NULL DEFAULT 0,
    updated_at   TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX series_latest_scope ON series_latest (instance_id, queue_id);
