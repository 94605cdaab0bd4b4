-- The claim finds the oldest unsent delivery of each conversation (DeliveryStore.DUE_HEADS) by reading the unsent rows
-- in (channel, thread key, seq) order: this index holds just those, in that order, so the read needs no sort however
-- long the delivered history of a thread is.
CREATE INDEX delivery_thread_unsent ON delivery (channel_id, thread_key, seq)
    WHERE status IN ('PENDING', 'RETRYING', 'SENDING');
