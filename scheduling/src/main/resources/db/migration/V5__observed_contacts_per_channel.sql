-- Interval metrics arrive per queue and channel (voice, chat, task...), while contact history is per queue: each
-- channel's contacts and handle time are kept here, and the queue's history row is their total (contacts summed,
-- handle time weighted by contacts), so that one channel no longer overwrites another. channel is '' when absent.
CREATE TABLE observed_contacts (
    queue_id        VARCHAR(200)      NOT NULL,
    channel         VARCHAR(20)       NOT NULL,
    interval_start  TIMESTAMPTZ       NOT NULL,
    contacts        DOUBLE PRECISION  CHECK (contacts >= 0),
    aht_seconds     DOUBLE PRECISION  CHECK (aht_seconds >= 0),
    updated_at      TIMESTAMPTZ       NOT NULL DEFAULT now(),
    PRIMARY KEY (queue_id, channel, interval_start)
);
