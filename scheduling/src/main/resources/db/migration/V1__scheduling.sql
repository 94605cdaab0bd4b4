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
