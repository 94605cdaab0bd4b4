package io.connectops.incidents.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.LifecycleAction;

/** An incident as the API shows it, with the actions its status allows. */
public record IncidentView(
        UUID id,
        String reference,
        String title,
        String description,
        IncidentStatus status,
        Severity severity,
        String impact,
        String summary,
        String commander,
        List<String> queues,
        List<String> services,
        String instanceId,
        Incident.Source source,
        String mitigation,
        String resolution,
        String cancelReason,
        int escalationLevel,
        int reopenCount,
        String createdBy,
        Instant createdAt,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant assessedAt,
        Instant mitigatedAt,
        Instant resolvedAt,
        Instant reviewStartedAt,
        Instant closedAt,
        Instant cancelledAt,
        Instant reopenedAt,
        Instant updatedAt,
        UUID mergedInto,
        List<String> allowedActions) {

    public static IncidentView of(Incident incident) {
        return new IncidentView(incident.id, incident.reference(), incident.title, incident.description,
                incident.status, incident.severity, incident.impact, incident.summary, incident.commander,
                List.copyOf(incident.queues), List.copyOf(incident.services), incident.instanceId, incident.source,
                incident.mitigation, incident.resolution, incident.cancelReason, incident.escalationLevel,
                incident.reopenCount, incident.createdByName, incident.createdAt, incident.acknowledgedAt,
                incident.acknowledgedByName, incident.assessedAt,
                incident.mitigatedAt, incident.resolvedAt, incident.reviewStartedAt, incident.closedAt,
                incident.cancelledAt, incident.reopenedAt, incident.updatedAt, incident.mergedInto,
                LifecycleAction.allowedFor(incident));
    }
}
