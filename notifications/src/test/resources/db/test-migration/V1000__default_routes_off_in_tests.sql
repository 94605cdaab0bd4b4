-- Tests share one broker with every other module's tests: the default routes would send their alerts and incidents
-- to each test's channels. Tests route by their own queue instead.
UPDATE route SET enabled = FALSE WHERE id IN ('00000000-0000-0000-0000-000000000001',
    '00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000003',
    '00000000-0000-0000-0000-000000000004');
