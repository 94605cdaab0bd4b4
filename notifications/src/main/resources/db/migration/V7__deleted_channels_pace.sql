-- Channels deleted before their pace and circuit went with them (ChannelService.delete) left these rows behind; the
-- claim reads both tables on every round.
DELETE FROM channel_pace p WHERE NOT EXISTS (SELECT 1 FROM channel c WHERE c.id = p.channel_id);
DELETE FROM channel_circuit k WHERE NOT EXISTS (SELECT 1 FROM channel c WHERE c.id = k.channel_id);
