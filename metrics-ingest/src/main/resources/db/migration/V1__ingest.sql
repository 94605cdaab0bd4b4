-- metrics-ingest keeps its sources and poller state here (see later migrations); the push API needs only the
-- platform outbox.
SELECT 1;
