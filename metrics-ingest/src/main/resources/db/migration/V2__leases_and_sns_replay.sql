-- Which replica polls a source: one owner at a time, claimed atomically, renewed while it polls and taken over by
-- another replica once it has expired (the owner died or was cut off). Expiry is on the database's clock.
CREATE TABLE source_lease (
    source_id   UUID          PRIMARY KEY REFERENCES connect_source (id) ON DELETE CASCADE,
    owner_id    VARCHAR(200)  NOT NULL,
    expires_at  TIMESTAMPTZ   NOT NULL,
    claimed_at  TIMESTAMPTZ   NOT NULL
);

-- SNS MessageIds already handled, so that a redelivered or replayed notification is published once. Rows older
-- than the replay window are deleted: a message that old is refused by its Timestamp anyway.
CREATE TABLE sns_message (
    message_id   VARCHAR(200)  PRIMARY KEY,
    received_at  TIMESTAMPTZ   NOT NULL
);
CREATE INDEX sns_message_received ON sns_message (received_at);
