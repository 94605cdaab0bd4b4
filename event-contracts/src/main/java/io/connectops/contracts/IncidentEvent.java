package io.connectops.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Something happened in an incident's life, on {@link Topics#INCIDENTS}, keyed by incident id.
 *
 * @param change what happened; the event type is derived from it, e.g. {@code connectops.incident.opened.v1}
 * @param status the incident status after the change
 * @param message the human text of the change: a status update, a resolution summary, an escalation reason
 * @param escalationTarget who was escalated to, for {@link Change#ESCALATED}
 * @param url where people can see the incident
 */
public record IncidentEvent(
        String incidentId,
        String reference,
        Change change,
        String status,
        Severity severity,
        String title,
        String impact,
        String message,
        List<String> queues,
        List<String> alertFingerprints,
        String commander,
        int escalationLevel,
        String escalationTarget,
        Actor actor,
        Instant occurredAt,
        String url) {

    public enum Change {
        OPENED, ALERT_ATTACHED, ASSESSED, SEVERITY_CHANGED, MITIGATED, RESOLVED, REOPENED, REVIEW_STARTED, CLOSED,
        CANCELLED, ESCALATED, STATUS_UPDATE, ACTION_REQUESTED, EXTERNAL_UPDATE,
        /** A weekly or monthly incident report; incidentId and reference name the period, message holds the figures. */
        REPORT_PUBLISHED
    }

    public IncidentEvent {
        queues = queues == null ? List.of() : List.copyOf(queues);
        alertFingerprints = alertFingerprints == null ? List.of() : List.copyOf(alertFingerprints);
    }

    public static String typeOf(Change change) {
        return "connectops.incident." + change.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".v1";
    }

    public String type() {
        return typeOf(change);
    }
}
