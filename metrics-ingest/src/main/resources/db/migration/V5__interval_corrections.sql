-- The value each interval sample was published with, so that an interval read again (Connect's late data) is
-- published as a correction only where its value changed. Rows older than the interval catch-up are pruned.
CREATE TABLE interval_published (
    series_key    VARCHAR(1000)    NOT NULL,
    interval_end  TIMESTAMPTZ      NOT NULL,
    source_id     UUID             NOT NULL REFERENCES connect_source (id) ON DELETE CASCADE,
    value         DOUBLE PRECISION,
    PRIMARY KEY (series_key, interval_end)
);
CREATE INDEX interval_published_source ON interval_published (source_id, interval_end);

-- The end of the last interval read again for corrections.
ALTER TABLE source_poll_state ADD COLUMN last_correction_end TIMESTAMPTZ;
