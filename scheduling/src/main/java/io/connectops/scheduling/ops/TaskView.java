package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An ops task with whether it is overdue and what may be done with it. */
public record TaskView(Task task, boolean overdue, List<String> allowedActions) {

    public static TaskView of(OpsTask task, Instant now) {
        return new TaskView(Task.of(task), task.overdue(now), task.status.allowedActions());
    }

    /** The task's own fields. */
    public record Task(UUID id, UUID templateId, String title, OpsTaskTemplate.Kind kind,
            OpsTaskTemplate.Priority priority, String assignee, Instant scheduledFor, Instant dueAt,
            OpsTask.Status status, List<OpsTask.Item> items, Map<String, Object> report, String notes,
            String completedBy, Instant completedAt, Instant overduePublishedAt, Instant createdAt) {

        public static Task of(OpsTask opsTask) {
            return new Task(opsTask.id, opsTask.templateId, opsTask.title, opsTask.kind, opsTask.priority,
                    opsTask.assignee, opsTask.scheduledFor, opsTask.dueAt, opsTask.status, opsTask.items,
                    opsTask.report, opsTask.notes, opsTask.completedBy, opsTask.completedAt,
                    opsTask.overduePublishedAt, opsTask.createdAt);
        }
    }
}
