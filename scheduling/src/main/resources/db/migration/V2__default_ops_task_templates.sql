-- The operating manual's routine: a start-of-day checklist, hourly checks at peak, weekly analysis and a monthly
-- trend report. Every template carries a priority: the manual warns against piles of unprioritised tasks.
INSERT INTO ops_task_template (id, name, description, kind, priority, cron, time_zone, due_after_minutes, assignee, checklist, created_at) VALUES
('00000000-0000-4000-8000-000000000001', 'Start-of-day checklist',
 'Before the first peak: what happened overnight and whether today is staffed and running.',
 'CHECKLIST', 'HIGH', '0 0 8 ? * MON-FRI', 'UTC', 60, 'operations',
 '["Review overnight incidents and their status", "Check staffing against the forecast for today", "Confirm all queues and contact flows are operational", "Review maintenance scheduled for today"]', now()),
('00000000-0000-4000-8000-000000000002', 'Peak-hour check',
 'Hourly during peak hours on weekdays.',
 'CHECKLIST', 'MEDIUM', '0 0 9-17 ? * MON-FRI', 'UTC', 20, 'operations',
 '["Check service level and queue backlog", "Check adherence and the staffing gap", "Review firing alerts"]', now()),
('00000000-0000-4000-8000-000000000003', 'Weekly analysis',
 'Staffing against forecast, adherence and service level over the past week.',
 'REPORT', 'MEDIUM', '0 0 7 ? * MON', 'UTC', 480, 'workforce planning',
 '["Review staffing against forecast", "Review adherence by group", "Review service level against target", "Agree actions for the coming week"]', now()),
('00000000-0000-4000-8000-000000000004', 'Monthly trend report',
 'Trends over the past month for stakeholders.',
 'REPORT', 'LOW', '0 0 6 1 * ?', 'UTC', 4320, 'workforce planning',
 '["Review forecast accuracy (WAPE, bias)", "Review staffing, adherence and service-level trends", "Share the report with stakeholders"]', now());
