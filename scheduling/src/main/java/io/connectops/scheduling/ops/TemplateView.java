package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An ops task template as the API shows it. */
public record TemplateView(UUID id, String name, String description, OpsTaskTemplate.Kind kind,
        OpsTaskTemplate.Priority priority, String cron, String timeZone, int dueAfterMinutes, String assignee,
        List<String> checklist, boolean overnightIncidents, boolean active, Instant createdAt) {

    public static TemplateView of(OpsTaskTemplate opsTaskTemplate) {
        return new TemplateView(opsTaskTemplate.id, opsTaskTemplate.name, opsTaskTemplate.description,
                opsTaskTemplate.kind, opsTaskTemplate.priority, opsTaskTemplate.cron, opsTaskTemplate.timeZone,
                opsTaskTemplate.dueAfterMinutes, opsTaskTemplate.assignee, opsTaskTemplate.checklist,
                opsTaskTemplate.overnightIncidents, opsTaskTemplate.active, opsTaskTemplate.createdAt);
    }
}
