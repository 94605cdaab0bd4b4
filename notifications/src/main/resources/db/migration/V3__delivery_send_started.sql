-- When an attempt started whose outcome is not recorded yet: set just before a request leaves, cleared when the
-- receiver's answer is recorded. A claimed delivery that still has it may already be at the receiver, so the sender
-- looks there before sending again (Slack message metadata, the ServiceNow journal).
ALTER TABLE delivery ADD COLUMN send_started_at TIMESTAMPTZ;
