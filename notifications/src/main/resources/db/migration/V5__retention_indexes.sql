-- What delivery/RetentionJob looks for, so that each of its small batches finds the oldest expired rows by index
-- instead of scanning the tables it keeps short.
CREATE INDEX delivery_finished ON delivery (updated_at) WHERE status IN ('DELIVERED', 'DEAD_LETTERED');
CREATE INDEX digest_item_taken ON digest_item (created_at) WHERE digest_key IS NOT NULL;
CREATE INDEX alert_notification_settled ON alert_notification (notified_at) WHERE state <> 'FIRING';
CREATE INDEX thread_state_updated ON thread_state (updated_at);
CREATE INDEX incident_acknowledgement_at ON incident_acknowledgement (acknowledged_at);
