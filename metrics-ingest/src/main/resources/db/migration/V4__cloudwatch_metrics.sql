-- CloudWatch metrics polled per source (GetMetricData): off for the sources registered before, which may lack the
-- cloudwatch:GetMetricData permission. Resource names are labels of the samples, never instance or queue ids.
ALTER TABLE connect_source
    ADD COLUMN cloudwatch_enabled                  BOOLEAN      NOT NULL DEFAULT FALSE,
    ADD COLUMN cloudwatch_lambda_functions         TEXT         NOT NULL DEFAULT '',
    ADD COLUMN cloudwatch_lex_bots                 TEXT         NOT NULL DEFAULT '',
    ADD COLUMN cloudwatch_dynamodb_tables          TEXT         NOT NULL DEFAULT '',
    ADD COLUMN cloudwatch_metrics_interval_seconds INT          NOT NULL DEFAULT 60,
    ADD COLUMN cloudwatch_endpoint_override        VARCHAR(500);
