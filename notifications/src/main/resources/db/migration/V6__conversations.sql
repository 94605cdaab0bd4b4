-- One conversation per alert group and per incident on chat channels (Slack, Teams). thread_state stays the handle
-- on each conversation; these tables decide which conversation a message belongs to and what its parent lists.

-- The episodes of an alert group: a group that fires again after all its alerts resolved starts a new conversation.
CREATE TABLE alert_group (
    group_key          VARCHAR(300) PRIMARY KEY,
    episode            INT          NOT NULL,
    episode_started_at TIMESTAMPTZ  NOT NULL
);

-- The alerts of each group as last heard of (the latest FIRING or RESOLVED event): the group's parent message lists
-- them, and an Alertmanager-format webhook sends them together.
CREATE TABLE alert_group_member (
    group_key   VARCHAR(300) NOT NULL,
    fingerprint VARCHAR(300) NOT NULL,
    state       VARCHAR(20)  NOT NULL,
    payload     TEXT         NOT NULL,
    changed_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (group_key, fingerprint)
);
CREATE INDEX alert_group_member_fingerprint ON alert_group_member (fingerprint);

-- The incident an alert belongs to, from the incident events' alertFingerprints; removed when the incident closes.
CREATE TABLE alert_incident (
    fingerprint VARCHAR(300) PRIMARY KEY,
    incident_id VARCHAR(200) NOT NULL,
    attached_at TIMESTAMPTZ  NOT NULL
);
CREATE INDEX alert_incident_incident ON alert_incident (incident_id);

-- The conversation an incident has on a chat channel: its own (incident:<id>) or the alert group's it took over.
CREATE TABLE incident_conversation (
    channel_id  UUID         NOT NULL,
    incident_id VARCHAR(200) NOT NULL,
    thread_key  VARCHAR(300) NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (channel_id, incident_id)
);
CREATE INDEX incident_conversation_thread ON incident_conversation (channel_id, thread_key);

-- How a delivery takes part in its conversation (null: as before, one message per event in its thread):
-- GROUP_NEW (an alert of a group's announcement), GROUP_CHANGE (a later change of the group), INCIDENT_REPLY (an
-- alert's message in its incident's thread). covered_by: the delivery whose parent message already listed this alert.
ALTER TABLE delivery ADD COLUMN conversation VARCHAR(20);
ALTER TABLE delivery ADD COLUMN covered_by UUID;

-- A route whose alerts keep conversations of their own, never taken into an incident's thread.
ALTER TABLE route ADD COLUMN separate_alert_messages BOOLEAN NOT NULL DEFAULT FALSE;
