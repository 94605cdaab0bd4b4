-- Ratio rules divide by a second metric; grouping timers per rule (null takes the service defaults).
ALTER TABLE alert_rule ADD COLUMN denominator_metric VARCHAR(100);
ALTER TABLE alert_rule ADD COLUMN group_wait VARCHAR(40);
ALTER TABLE alert_rule ADD COLUMN group_interval VARCHAR(40);
ALTER TABLE alert_rule ADD COLUMN repeat_interval VARCHAR(40);

-- When (wall clock) an alert was last announced as FIRING on ops.alerts.v1.
ALTER TABLE alert ADD COLUMN announced_at TIMESTAMPTZ;
CREATE INDEX alert_group_state ON alert (group_key, state);
CREATE INDEX alert_suppressed ON alert (state) WHERE suppressed_by IS NOT NULL;

-- One row per alert group with firing alerts (Alertmanager's aggregation group): when it is next announced, for the
-- first time after its group wait or again after a change, and when it is repeated. Wall-clock times: announcing is
-- about people, not about the event time of the samples.
CREATE TABLE alert_group (
    group_key          VARCHAR(1000) PRIMARY KEY,
    group_wait_ms      BIGINT        NOT NULL,
    group_interval_ms  BIGINT        NOT NULL,
    repeat_interval_ms BIGINT        NOT NULL,
    next_announce_at   TIMESTAMPTZ,
    last_announced_at  TIMESTAMPTZ,
    repeat_at          TIMESTAMPTZ,
    created_at         TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX alert_group_next ON alert_group (next_announce_at);
CREATE INDEX alert_group_repeat ON alert_group (repeat_at);
