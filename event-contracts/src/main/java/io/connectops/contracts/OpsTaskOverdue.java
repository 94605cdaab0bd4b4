package io.connectops.contracts;

import java.time.Instant;

/** An operational task passed its due time unfinished, on {@link Topics#SCHEDULES}, keyed by task id. */
public record OpsTaskOverdue(
        String taskId,
        String templateId,
        String title,
        String priority,
        String assignee,
        Instant dueAt,
        int openItems) {

    public static final String TYPE = "connectops.ops-task.overdue.v1";
}
