-- P4 and other low-urgency notices a route sends to the weekly digest instead of at once.
ALTER TABLE route ADD COLUMN digest BOOLEAN NOT NULL DEFAULT FALSE;

-- One row per (event, channel) waiting for a digest; digest_key is set, in the transaction that stores the digest's
-- deliveries, by the one run that takes it.
CREATE TABLE digest_item (
    id                UUID PRIMARY KEY,
    idempotency_key   VARCHAR(300) NOT NULL UNIQUE,
    channel_id        UUID         NOT NULL,
    route_id          UUID,
    source_event_id   VARCHAR(200) NOT NULL,
    source_event_type VARCHAR(200) NOT NULL,
    severity          VARCHAR(4),
    headline          TEXT         NOT NULL,
    status_line       TEXT,
    event_time        TIMESTAMPTZ  NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    digest_key        VARCHAR(200)
);
CREATE INDEX digest_item_waiting ON digest_item (channel_id, created_at) WHERE digest_key IS NULL;

-- A digest run claims its period here: the primary key lets exactly one replica (or one run after a restart) take it.
CREATE TABLE digest_run (
    digest_key   VARCHAR(200) PRIMARY KEY,
    collected_to TIMESTAMPTZ  NOT NULL,
    deliveries   INT          NOT NULL DEFAULT 0,
    run_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);

INSERT INTO route (id, name, position, severities, channel_types, digest) VALUES
  ('00000000-0000-0000-0000-000000000005', 'P4 to the weekly digest on Slack and Teams', 50, '["P4"]',
   '["SLACK","TEAMS"]', TRUE);

-- Channel secrets, sealed with AES-256-GCM as "v1:<key id>:<base64(iv || ciphertext)>". The plaintext column is
-- emptied at start-up by SecretUpgrade (the key lives in configuration, not in the database).
ALTER TABLE channel ADD COLUMN sealed_secrets TEXT;

-- Pacing and circuits shared by every replica.
CREATE TABLE channel_pace (
    channel_id UUID PRIMARY KEY,
    next_free  TIMESTAMPTZ NOT NULL,
    last_slot  TIMESTAMPTZ NOT NULL,
    reserved   BOOLEAN     NOT NULL
);

CREATE TABLE channel_circuit (
    channel_id  UUID PRIMARY KEY,
    failures    INT         NOT NULL DEFAULT 0,
    open_until  TIMESTAMPTZ,
    probe_until TIMESTAMPTZ
);
