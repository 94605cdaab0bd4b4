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
 * @param actionId the mitigation action this event is about, for {@link Change#ACTION_REQUESTED}: a remediation
 *        hook reports back on it and correlates by it (it is also the CloudEvent id of the request)
 * @param mergedInto for an incident cancelled as a duplicate, the id of the incident it was merged into; for the
 *        incident that absorbed it, null (its message names the duplicate)
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
        String url,
        String actionId,
        String mergedInto) {

    public enum Change {
        OPENED, ALERT_ATTACHED, ASSESSED, SEVERITY_CHANGED, MITIGATED, RESOLVED, REOPENED, REVIEW_STARTED, CLOSED,
        CANCELLED, ESCALATED, STATUS_UPDATE, ACTION_REQUESTED, EXTERNAL_UPDATE,
        /** A weekly or monthly incident report; incidentId and reference name the period, message holds the figures. */
        REPORT_PUBLISHED,
        /** A duplicate incident was merged into this one (its alerts now attach here); the message names it. */
        MERGED,
        /** Someone acknowledged the incident (the API, the console, a Slack button); the actor says who. */
        ACKNOWLEDGED,
        /**
         * A comment from outside the API (a ServiceNow comment or work note, a Slack user) was put on the timeline;
         * the message holds it and {@code escalationTarget} stays null. notifications posts it to the incident's
         * threads except the one it came from.
         */
        COMMENTED
    }

    public IncidentEvent {
        queues = queues == null ? List.of() : List.copyOf(queues);
        alertFingerprints = alertFingerprints == null ? List.of() : List.copyOf(alertFingerprints);
    }

    /** The event without an action or merge reference, as it was before those fields existed. */
    public IncidentEvent(String incidentId, String reference, Change change, String status, Severity severity,
            String title, String impact, String message, List<String> queues, List<String> alertFingerprints,
            String commander, int escalationLevel, String escalationTarget, Actor actor, Instant occurredAt,
            String url) {
        this(incidentId, reference, change, status, severity, title, impact, message, queues, alertFingerprints,
                commander, escalationLevel, escalationTarget, actor, occurredAt, url, null, null);
    }

    public static String typeOf(Change change) {
        return "connectops.incident." + change.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".v1";
    }

    public String type() {
        return typeOf(change);
    }
}
