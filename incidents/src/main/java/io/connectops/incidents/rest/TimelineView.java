package io.connectops.incidents.rest;

import java.time.Instant;
import java.util.UUID;

import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.TimelineEntry;

/** One timeline entry as the API shows it. */
public record TimelineView(long id, Instant occurredAt, TimelineEntry.Kind kind, String actorId, String actorName,
        String text, String status, Severity severity, UUID relatedIncidentId) {

    static TimelineView of(TimelineEntry entry) {
        return new TimelineView(entry.id, entry.occurredAt, entry.kind, entry.actorId, entry.actorName, entry.text,
                entry.status == null ? null : entry.status.name(), entry.severity, entry.relatedIncidentId);
    }
}
