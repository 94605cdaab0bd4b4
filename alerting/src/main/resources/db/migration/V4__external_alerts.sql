-- Alerts another system evaluated (ops.external-alerts.v1): what its origin said about each, so that it can be
-- announced like ours (summary, description, runbook), and the rule that claims it, if any.
CREATE TABLE external_alert (
    fingerprint         VARCHAR(64)   PRIMARY KEY,
    origin              VARCHAR(100)  NOT NULL,
    origin_fingerprint  VARCHAR(500)  NOT NULL,
    name                VARCHAR(200)  NOT NULL,
    severity            VARCHAR(5)    NOT NULL,
    labels              TEXT          NOT NULL,
    summary             VARCHAR(500),
    description         TEXT,
    runbook_url         VARCHAR(1000),
    claimed_by          VARCHAR(100),
    updated_at          TIMESTAMPTZ   NOT NULL DEFAULT now()
);
