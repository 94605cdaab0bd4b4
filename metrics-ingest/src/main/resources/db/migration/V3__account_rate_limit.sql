-- Connect's rate limits are per account, Region and API, whichever replica calls: every replica paces its calls on
-- one row per bucket (generic cell rate algorithm), so two replicas polling sources of one account share the limit.
CREATE TABLE connect_rate_limit (
    bucket_key           VARCHAR(200)  PRIMARY KEY,
    theoretical_arrival  TIMESTAMPTZ   NOT NULL
);
