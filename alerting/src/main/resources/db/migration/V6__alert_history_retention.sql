-- The retention job deletes the alert history by the time it was recorded, oldest first.
CREATE INDEX alert_history_recorded ON alert_history (recorded_at);
