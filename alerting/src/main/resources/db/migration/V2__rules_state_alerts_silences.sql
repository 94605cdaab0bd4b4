-- Evaluation state: series_latest becomes the checkpoint of each series (latest sample, window, rule states),
-- written with the Kafka offsets of its partition so that a restart resumes exactly where the state stands.
ALTER TABLE series_latest ADD COLUMN kafka_partition INT;
ALTER TABLE series_latest ADD COLUMN state TEXT;
CREATE INDEX series_latest_partition ON series_latest (kafka_partition);

-- Next offset to read per partition of ops.metrics.v1. Updated only from the offset the writer loaded, which fences
-- off an instance that lost the partition in a rebalance but has not noticed yet.
CREATE TABLE partition_checkpoint (
    topic          VARCHAR(200) NOT NULL,
    kafka_partition INT         NOT NULL,
    next_offset    BIGINT       NOT NULL,
    updated_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, kafka_partition)
);

CREATE TABLE alert_rule (
    id               VARCHAR(100)  PRIMARY KEY,
    name             VARCHAR(200)  NOT NULL UNIQUE,
    metric           VARCHAR(100)  NOT NULL,
    instance_id      VARCHAR(200),
    queue_id         VARCHAR(200),
    channel          VARCHAR(50),
    aggregation      VARCHAR(20)   NOT NULL,
    eval_window      VARCHAR(40),
    comparator       VARCHAR(10)   NOT NULL,
    threshold        DOUBLE PRECISION NOT NULL,
    for_duration     VARCHAR(40)   NOT NULL,
    keep_firing_for  VARCHAR(40)   NOT NULL,
    no_data          VARCHAR(20)   NOT NULL,
    severity         VARCHAR(5)    NOT NULL,
    labels           TEXT          NOT NULL DEFAULT '{}',
    summary          VARCHAR(500)  NOT NULL,
    description      TEXT          NOT NULL,
    runbook_url      VARCHAR(1000),
    enabled          BOOLEAN       NOT NULL,
    seeded           BOOLEAN       NOT NULL DEFAULT false,
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL
);
CREATE INDEX alert_rule_metric ON alert_rule (metric);

-- One row per seed set ever loaded, so that default rules an admin deleted do not come back on the next start.
CREATE TABLE rule_seed (
    seed_name  VARCHAR(100) PRIMARY KEY,
    loaded_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- The current state of every alert (rule x series), and what consumers of ops.alerts.v1 were last told.
CREATE TABLE alert (
    fingerprint      VARCHAR(64)   PRIMARY KEY,
    rule_id          VARCHAR(100)  NOT NULL,
    rule_name        VARCHAR(200)  NOT NULL,
    series_key       VARCHAR(1000) NOT NULL,
    group_key        VARCHAR(1000) NOT NULL,
    state            VARCHAR(20)   NOT NULL,
    severity         VARCHAR(5)    NOT NULL,
    instance_id      VARCHAR(200),
    queue_id         VARCHAR(200),
    labels           TEXT          NOT NULL,
    value            DOUBLE PRECISION,
    threshold        DOUBLE PRECISION,
    reason           VARCHAR(200),
    starts_at        TIMESTAMPTZ   NOT NULL,
    ends_at          TIMESTAMPTZ,
    changed_at       TIMESTAMPTZ   NOT NULL,
    suppressed_by    VARCHAR(200),
    published_state  VARCHAR(20),
    updated_at       TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX alert_state ON alert (state, severity);
CREATE INDEX alert_instance ON alert (instance_id, state);

-- Every transition, once: the key makes a replayed evaluation unable to record (and publish) a transition twice.
CREATE TABLE alert_history (
    id            BIGSERIAL     PRIMARY KEY,
    fingerprint   VARCHAR(64)   NOT NULL,
    state         VARCHAR(20)   NOT NULL,
    occurred_at   TIMESTAMPTZ   NOT NULL,
    value         DOUBLE PRECISION,
    threshold     DOUBLE PRECISION,
    reason        VARCHAR(200),
    suppressed_by VARCHAR(200),
    published     BOOLEAN       NOT NULL,
    event_id      VARCHAR(100)  NOT NULL,
    recorded_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    UNIQUE (fingerprint, state, occurred_at)
);

CREATE TABLE silence (
    id                    VARCHAR(100)  PRIMARY KEY,
    matchers              TEXT          NOT NULL,
    starts_at             TIMESTAMPTZ   NOT NULL,
    ends_at               TIMESTAMPTZ   NOT NULL,
    comment               VARCHAR(2000) NOT NULL,
    created_by            VARCHAR(200)  NOT NULL,
    maintenance_window_id VARCHAR(200)  UNIQUE,
    created_at            TIMESTAMPTZ   NOT NULL,
    updated_at            TIMESTAMPTZ   NOT NULL
);
CREATE INDEX silence_ends_at ON silence (ends_at);
