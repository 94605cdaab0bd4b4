-- Acknowledgement: who took an incident on and when, apart from its assessment. MTTA is measured from here.
ALTER TABLE incident ADD COLUMN acknowledged_at TIMESTAMPTZ;
ALTER TABLE incident ADD COLUMN acknowledged_by_id VARCHAR(200);
ALTER TABLE incident ADD COLUMN acknowledged_by_name VARCHAR(200);

-- Before this, assessing was the acknowledgement: incidents assessed already keep their time to acknowledge.
UPDATE incident SET acknowledged_at = assessed_at WHERE assessed_at IS NOT NULL;
