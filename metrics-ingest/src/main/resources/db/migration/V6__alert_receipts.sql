-- The last state published for each alert received from Alertmanager, Grafana or Prometheus, so that an alert sent
-- again (Prometheus re-sends every firing alert each evaluation, an HA pair sends each twice) publishes nothing new,
-- and so that an alert whose endsAt passes without being sent again is resolved here: alerting keeps no timer for it.
CREATE TABLE alert_receipt (
    alert_key    VARCHAR(600)   PRIMARY KEY,
    status       VARCHAR(10)    NOT NULL,
    episode      BIGINT         NOT NULL,
    starts_at    TIMESTAMPTZ    NOT NULL,
    -- FIRING alerts of the Alertmanager API only: when it resolves unless it is posted again.
    expires_at   TIMESTAMPTZ,
    alert        TEXT           NOT NULL,
    updated_at   TIMESTAMPTZ    NOT NULL
);
CREATE INDEX alert_receipt_expiry ON alert_receipt (expires_at) WHERE status = 'FIRING' AND expires_at IS NOT NULL;
CREATE INDEX alert_receipt_resolved ON alert_receipt (updated_at) WHERE status = 'RESOLVED';
