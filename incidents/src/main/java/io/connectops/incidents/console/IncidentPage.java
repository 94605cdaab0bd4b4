package io.connectops.incidents.console;

import java.util.Arrays;
import java.util.List;

import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentAlert;
import io.connectops.incidents.domain.IncidentReview;
import io.connectops.incidents.domain.PreventiveAction;
import io.connectops.incidents.domain.TimelineEntry;
import io.connectops.platform.problem.ProblemException;
import io.quarkus.qute.TemplateData;

/**
 * One incident as its console page shows it: the facts, the actions the signed-in person may take now (each with
 * the form its step needs), the timeline newest first, its alerts and deliveries, and its review.
 */
@TemplateData
public record IncidentPage(
        String id,
        String reference,
        String title,
        String description,
        String status,
        String severity,
        String impact,
        String summary,
        String commander,
        String queues,
        String services,
        String source,
        String createdAt,
        String createdBy,
        String acknowledgedAt,
        String acknowledgedBy,
        int escalationLevel,
        String mitigation,
        String resolution,
        String cancelReason,
        List<String> actions,
        boolean canAct,
        List<Entry> timeline,
        long timelineTotal,
        List<AlertRow> alerts,
        List<Entry> deliveries,
        ReviewRow review,
        List<String> severities,
        String defaultCommander,
        String version,
        String csrf,
        String error) {

    /** Writing the review is not a lifecycle step: the console offers it until the incident is closed. */
    static final String REVIEW = "review";

    /** Whether the signed-in person can take this action now. */
    public boolean allows(String action) {
        return actions.contains(action);
    }

    /** The step the incident waits for: its form is open when the page loads. */
    public String nextAction() {
        return actions.stream().filter(action -> !action.equals("severity") && !action.equals("cancel"))
                .findFirst().orElse("");
    }

    public boolean timelineCut() {
        return timelineTotal > timeline.size();
    }

    static IncidentPage of(Incident incident, List<String> actions, boolean canAct, List<Entry> timeline,
            long timelineTotal, List<AlertRow> alerts, List<Entry> deliveries, ReviewRow review, String actorName,
            String version, String csrf, ProblemException refused) {
        return new IncidentPage(incident.id.toString(), incident.reference(), incident.title, incident.description,
                incident.status.name(), incident.severity.name(), incident.impact, incident.summary,
                incident.commander, String.join(", ", incident.queues), String.join(", ", incident.services),
                incident.source.name(), ConsoleTimes.format(incident.createdAt), incident.createdByName,
                ConsoleTimes.format(incident.acknowledgedAt), incident.acknowledgedByName, incident.escalationLevel,
                incident.mitigation, incident.resolution, incident.cancelReason, actions, canAct, timeline,
                timelineTotal, alerts, deliveries, review,
                Arrays.stream(Severity.values()).map(Enum::name).toList(), actorName, version, csrf, reasonOf(refused));
    }

    /** A refusal as one line for people: its detail and the fields it names. */
    static String reasonOf(ProblemException problem) {
        if (problem == null) {
            return null;
        }
        StringBuilder reason = new StringBuilder(problem.getMessage() == null ? problem.title() : problem.getMessage());
        problem.errors().forEach(error -> reason.append(" · ").append(error.field()).append(": ")
                .append(error.message()));
        return reason.toString();
    }

    @TemplateData
    public record Entry(String occurredAt, String kind, String actor, String text, String status) {

        static Entry of(TimelineEntry entry) {
            return new Entry(ConsoleTimes.format(entry.occurredAt), entry.kind.name(), entry.actorName == null
                    ? entry.actorId : entry.actorName, entry.text, entry.status == null ? null : entry.status.name());
        }
    }

    @TemplateData
    public record AlertRow(String fingerprint, String rule, String attachedAt) {

        static AlertRow of(IncidentAlert alert) {
            return new AlertRow(alert.fingerprint, alert.ruleName != null ? alert.ruleName : alert.ruleId,
                    ConsoleTimes.format(alert.attachedAt));
        }
    }

    @TemplateData
    public record PreventiveRow(String description, String owner, String dueDate, boolean done) {

        static PreventiveRow of(PreventiveAction action) {
            return new PreventiveRow(action.description, action.owner,
                    action.dueDate == null ? null : action.dueDate.toString(), action.completedAt != null);
        }
    }

    @TemplateData
    public record ReviewRow(String summary, String rootCause, String contributingFactors, String wentWell,
            String wentBadly, List<PreventiveRow> preventiveActions) {

        static ReviewRow of(IncidentReview review, List<PreventiveAction> actions) {
            List<PreventiveRow> rows = actions.stream().map(PreventiveRow::of).toList();
            if (review == null) {
                return new ReviewRow(null, null, null, null, null, rows);
            }
            return new ReviewRow(review.summary, review.rootCause, String.join("\n", review.contributingFactors),
                    review.wentWell, review.wentBadly, rows);
        }
    }
}
