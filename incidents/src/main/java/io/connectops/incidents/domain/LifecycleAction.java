package io.connectops.incidents.domain;

import static io.connectops.incidents.domain.IncidentStatus.CANCELLED;
import static io.connectops.incidents.domain.IncidentStatus.CLOSED;
import static io.connectops.incidents.domain.IncidentStatus.MITIGATING;
import static io.connectops.incidents.domain.IncidentStatus.MONITORING;
import static io.connectops.incidents.domain.IncidentStatus.POST_INCIDENT;
import static io.connectops.incidents.domain.IncidentStatus.RESOLVED;
import static io.connectops.incidents.domain.IncidentStatus.TRIAGE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The transition table: each action endpoint ({@code POST /api/v1/incidents/{id}/<path>}) moves an incident from one
 * of its source statuses to its target status. Anything not listed here is refused with the allowed actions.
 */
public enum LifecycleAction {
    ASSESS("assess", Set.of(TRIAGE), MITIGATING),
    MITIGATE("mitigate", Set.of(MITIGATING), MONITORING),
    RESOLVE("resolve", Set.of(MONITORING), RESOLVED),
    START_REVIEW("start-review", Set.of(RESOLVED), POST_INCIDENT),
    CLOSE("close", Set.of(POST_INCIDENT), CLOSED),
    CANCEL("cancel", Set.of(TRIAGE, MITIGATING), CANCELLED),
    REOPEN("reopen", Set.of(RESOLVED, MONITORING), MITIGATING);

    private final String path;
    private final Set<IncidentStatus> from;
    private final IncidentStatus to;

    LifecycleAction(String path, Set<IncidentStatus> from, IncidentStatus to) {
        this.path = path;
        this.from = from;
        this.to = to;
    }

    public String path() {
        return path;
    }

    public IncidentStatus target() {
        return to;
    }

    public boolean allowedFrom(IncidentStatus status) {
        return from.contains(status);
    }

    /** The action endpoints an incident in {@code status} accepts, in lifecycle order. */
    public static List<String> allowedFrom(IncidentStatus status, boolean includeSeverityChange) {
        List<String> allowed = new ArrayList<>(Arrays.stream(values())
                .filter(action -> action.allowedFrom(status)).map(LifecycleAction::path).toList());
        if (includeSeverityChange && status.isOpen()) {
            allowed.add(CHANGE_SEVERITY_PATH);
        }
        return List.copyOf(allowed);
    }

    /**
     * The actions this incident accepts now: {@code acknowledge} first while nobody has taken it on, then those of
     * its status.
     */
    public static List<String> allowedFor(Incident incident) {
        List<String> allowed = new ArrayList<>();
        if (incident.awaitsAcknowledgement()) {
            allowed.add(ACKNOWLEDGE_PATH);
        }
        allowed.addAll(allowedFrom(incident.status, true));
        return List.copyOf(allowed);
    }

    /**
     * Why this action is refused for the incident now, for a command that cannot be answered with a 409 (a Slack
     * button, a ServiceNow callback): empty when the transition table allows it.
     */
    public Optional<String> refusalFor(Incident incident) {
        if (allowedFrom(incident.status)) {
            return Optional.empty();
        }
        List<String> allowed = allowedFor(incident);
        return Optional.of(path + " is not allowed in state " + incident.status
                + (allowed.isEmpty() ? "" : " (allowed: " + String.join(", ", allowed) + ")"));
    }

    /**
     * Why acknowledging the incident now is refused: it was acknowledged already (the first acknowledgement
     * stands), or it is no longer open. Empty when it may be acknowledged.
     */
    public static Optional<String> acknowledgeRefusalFor(Incident incident) {
        if (incident.acknowledgedAt != null) {
            return Optional.of("already acknowledged by " + incident.acknowledgedByName + " at "
                    + incident.acknowledgedAt);
        }
        if (!incident.status.isOpen()) {
            return Optional.of("acknowledge is not allowed in state " + incident.status);
        }
        return Optional.empty();
    }

    public static Optional<LifecycleAction> between(IncidentStatus from, IncidentStatus to) {
        return Arrays.stream(values()).filter(action -> action.allowedFrom(from) && action.to == to).findFirst();
    }

    /**
     * Acknowledging is not a status change either: it records who took the incident on, and stops the
     * acknowledgement escalation, in whatever open status the incident is.
     */
    public static final String ACKNOWLEDGE_PATH = "acknowledge";

    /** Changing severity is not a status change, but it is only allowed while the incident is open. */
    public static final String CHANGE_SEVERITY_PATH = "severity";
}
