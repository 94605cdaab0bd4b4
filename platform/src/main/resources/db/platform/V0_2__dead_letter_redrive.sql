-- Dead letters put back on their topic through the API: which, when and by whom, so that a redrive of a whole
-- topic skips what was redriven before.
CREATE TABLE dead_letter_redrive (
    topic         VARCHAR(200) NOT NULL,
    partition_no  INT          NOT NULL,
    record_offset BIGINT       NOT NULL,
    redriven_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    redriven_by   VARCHAR(200) NOT NULL,
    PRIMARY KEY (topic, partition_no, record_offset)
);
