-- Agents' wishes (soft in the solver), a group's minimum proficiency per skill (hard), and how many wishes a
-- schedule honours.
ALTER TABLE agent ADD COLUMN preferences JSONB;
ALTER TABLE staffing_group ADD COLUMN min_proficiency JSONB;
ALTER TABLE schedule ADD COLUMN preference_report JSONB;
