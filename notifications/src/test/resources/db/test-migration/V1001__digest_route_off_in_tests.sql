-- Like V1000: the default P4 digest route would collect every other module's P4 events for each test's channels.
UPDATE route SET enabled = FALSE WHERE id = '00000000-0000-0000-0000-000000000005';
