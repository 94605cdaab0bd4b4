-- Platform tables every service has in its own schema. Versions 0.x belong to the platform; services start at 1.

-- Transactional outbox: rows are written in the same transaction as the change they announce and relayed to
-- Kafka afterwards; sent_at is stamped only once Kafka has acknowledged the record.
CREATE TABLE outbox_event (
    seq         BIGSERIAL PRIMARY KEY,
    event_id    VARCHAR(100)  NOT NULL,
    topic       VARCHAR(200)  NOT NULL,
    record_key  VARCHAR(1000),
    event_type  VARCHAR(200)  NOT NULL,
    payload     TEXT          NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    sent_at     TIMESTAMPTZ
);
CREATE INDEX outbox_event_unsent ON outbox_event (seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_event_sent ON outbox_event (sent_at) WHERE sent_at IS NOT NULL;

-- Idempotent consumption: the ids of the events each consumer has applied, written in the consumer's transaction.
CREATE TABLE applied_event (
    consumer    VARCHAR(100)  NOT NULL,
    event_id    VARCHAR(100)  NOT NULL,
    applied_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX applied_event_applied_at ON applied_event (applied_at);

-- Audit trail: who wrote what through the API, and when.
CREATE TABLE audit_entry (
    id          BIGSERIAL PRIMARY KEY,
    occurred_at TIMESTAMPTZ   NOT NULL,
    actor_id    VARCHAR(200)  NOT NULL,
    actor_name  VARCHAR(200),
    method      VARCHAR(10)   NOT NULL,
    path        VARCHAR(2000) NOT NULL,
    status      INT           NOT NULL
);
CREATE INDEX audit_entry_occurred_at ON audit_entry (occurred_at);
CREATE INDEX audit_entry_actor ON audit_entry (actor_id, occurred_at);
