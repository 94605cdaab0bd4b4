-- The unit a rule on a pushed custom_* metric declares: samples of another unit are not compared (no data).
ALTER TABLE alert_rule ADD COLUMN unit VARCHAR(30);
