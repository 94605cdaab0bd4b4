package io.connectops.incidents.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.Response;

import io.connectops.contracts.Actor;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Severity;
import io.connectops.incidents.config.IncidentsConfig;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentAlert;
import io.connectops.incidents.domain.IncidentReview;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.incidents.domain.PreventiveAction;
import io.connectops.incidents.domain.TimelineEntry.Kind;
import io.connectops.incidents.domain.TimerKind;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

/** Opens incidents and moves them through their lifecycle; every change is on the timeline and announced. */
@ApplicationScoped
public class IncidentService {

    private static final Pattern REFERENCE = Pattern.compile("(?i)^\\s*INC-?(\\d{1,12})\\s*$");

    @Inject
    EntityManager entityManager;

    @Inject
    Timeline timeline;

    @Inject
    IncidentEvents events;

    @Inject
    IncidentTimers timers;

    @Inject
    IncidentsConfig config;

    @Inject
    IncidentMetrics metrics;

    @Inject
    IncidentStore store;

    /** An opened incident, and whether it was opened by an earlier request with the same idempotency key. */
    public record Opened(Incident incident, boolean replayed) {
    }

    /**
     * Opens an incident by hand. Two requests racing with one idempotency key both get the same incident: the
     * loser's insert violates the unique key, and it then reads the winner's incident.
     */
    public Opened open(IncidentCommands.Open command, Actor actor) {
        String key = blankToNull(command.idempotencyKey());
        if (key != null) {
            Incident existing = QuarkusTransaction.requiringNew().call(() -> byIdempotencyKey(key));
            if (existing != null) {
                return new Opened(existing, true);
            }
        }
        try {
            return new Opened(QuarkusTransaction.requiringNew().call(() -> openNew(command.title(),
                    command.description(), command.severity(), command.impact(), command.queues(),
                    command.services(), null, Incident.Source.MANUAL, key, actor, incident -> { })), false);
        } catch (PersistenceException e) {
            Incident winner = key == null ? null : QuarkusTransaction.requiringNew().call(() -> byIdempotencyKey(key));
            if (winner == null) {
                throw e;
            }
            return new Opened(winner, true);
        }
    }

    private static Incident byIdempotencyKey(String key) {
        return Incident.<Incident>find("idempotencyKey", key).firstResult();
    }

    /**
     * Opens an incident in the caller's transaction: timeline, SLA timers and the OPENED event with it;
     * {@code beforeAnnouncing} adds what the OPENED event must already carry (attached alerts).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident openNew(String title, String description, Severity severity, String impact, List<String> queues,
            List<String> services, String instanceId, Incident.Source source, String idempotencyKey, Actor actor,
            Consumer<Incident> beforeAnnouncing) {
        Instant now = Instant.now();
        Incident incident = new Incident();
        incident.id = UUID.randomUUID();
        incident.number = ((Number) entityManager.createNativeQuery("SELECT nextval('incident_number_seq')")
                .getSingleResult()).longValue();
        incident.title = title;
        incident.description = description;
        incident.status = IncidentStatus.TRIAGE;
        incident.severity = severity;
        incident.impact = impact;
        incident.queues = queues == null ? new ArrayList<>() : new ArrayList<>(queues);
        incident.services = services == null ? new ArrayList<>() : new ArrayList<>(services);
        incident.instanceId = instanceId;
        incident.source = source;
        incident.idempotencyKey = idempotencyKey;
        incident.createdById = actor.id();
        incident.createdByName = actor.name();
        incident.createdAt = now;
        incident.updatedAt = now;
        incident.persistAndFlush();
        timeline.record(incident, Kind.OPENED, actor,
                "Opened " + incident.reference() + " (" + severity + "): " + title);
        timers.armSla(incident);
        beforeAnnouncing.accept(incident);
        events.publish(incident, Change.OPENED, description, actor);
        metrics.opened(incident);
        return incident;
    }

    /** The alerts attached to an incident, in the order they were attached. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<IncidentAlert> alertsOf(UUID id) {
        return IncidentAlert.list("incidentId", Sort.by("attachedAt").and("fingerprint"), id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Incident get(UUID id) {
        Incident incident = Incident.findById(id);
        if (incident == null) {
            throw ProblemException.notFound("Incident", id);
        }
        return incident;
    }

    /** The incident to show: read from its row, outside any persistence context (nothing changes it). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Incident read(UUID id) {
        Incident incident = store.find(id);
        if (incident == null) {
            throw ProblemException.notFound("Incident", id);
        }
        return incident;
    }

    /** The incident, locked for the rest of the transaction so that changes to it are serialised. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident lock(UUID id) {
        Incident incident = Incident.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (incident == null) {
            throw ProblemException.notFound("Incident", id);
        }
        return incident;
    }

    /** A page of the incidents that match, newest first; a reference (INC-42) as text finds that incident. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Incident> list(IncidentCommands.Filter filter, int page, int size) {
        Search search = Search.of(filter.text());
        return store.page(filter, search.number, search.pattern, page, size);
    }

    /** The page {@link #list} gives, as the id and row version of each incident on it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<IncidentVersion> listVersions(IncidentCommands.Filter filter, int page, int size) {
        Search search = Search.of(filter.text());
        return store.pageVersions(filter, search.number, search.pattern, page, size);
    }

    /** The incidents with these ids, each with its row version; one deleted meanwhile is left out. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<VersionedIncident> readVersioned(List<UUID> ids) {
        return ids.isEmpty() ? List.of() : store.findVersioned(ids);
    }

    /** What the list's text search looks for: a reference's number, or a LIKE pattern over title and description. */
    private record Search(Long number, String pattern) {

        static Search of(String text) {
            if (text == null || text.isBlank()) {
                return new Search(null, null);
            }
            Matcher reference = REFERENCE.matcher(text);
            if (reference.matches()) {
                return new Search(Long.parseLong(reference.group(1)), null);
            }
            return new Search(null, "%" + escapeLike(text.toLowerCase(Locale.ROOT)) + "%");
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** An acknowledged incident, and whether this request acknowledged it or someone had already. */
    public record Acknowledged(Incident incident, boolean already) {
    }

    /**
     * Someone takes the incident on: who and when go on the incident and its timeline, the acknowledgement
     * escalation stops, and MTTA ends. Acknowledging an incident already acknowledged changes nothing (the first
     * acknowledgement stands), so a retried click or a second responder gets the incident back, not an error.
     */
    @Transactional
    public Acknowledged acknowledge(UUID id, Actor actor) {
        Incident incident = lock(id);
        if (incident.acknowledgedAt != null) {
            return new Acknowledged(incident, true);
        }
        if (!incident.status.isOpen()) {
            throw ProblemException.illegalTransition("incident " + incident.reference(), incident.status,
                    LifecycleAction.ACKNOWLEDGE_PATH, LifecycleAction.allowedFor(incident));
        }
        acknowledgeNow(incident, actor, "Acknowledged by " + actor.name());
        incident.updatedAt = Instant.now();
        events.acknowledged(incident, actor);
        return new Acknowledged(incident, false);
    }

    private void acknowledgeNow(Incident incident, Actor actor, String text) {
        incident.acknowledgedAt = Instant.now();
        incident.acknowledgedById = actor.id();
        incident.acknowledgedByName = actor.name();
        timers.acknowledged(incident);
        timeline.record(incident, Kind.ACKNOWLEDGED, actor, text);
        metrics.acknowledged(incident);
    }

    /**
     * Assessing an incident nobody acknowledged acknowledges it first, by the assessor (as resolving an
     * unacknowledged incident does in PagerDuty): whoever assesses has taken it on. The ASSESSED event says so; no
     * separate acknowledgement event is published.
     */
    @Transactional
    public Incident assess(UUID id, IncidentCommands.Assess command, Actor actor) {
        Incident incident = begin(id, LifecycleAction.ASSESS);
        if (incident.acknowledgedAt == null) {
            acknowledgeNow(incident, actor, "Acknowledged by " + actor.name() + " by assessing");
        }
        if (incident.severity != command.severity()) {
            changeSeverityOf(incident, command.severity(), "assessment", actor);
        }
        incident.impact = command.impact();
        incident.summary = command.summary();
        incident.commander = command.commander();
        incident.assessedAt = Instant.now();
        finish(incident, LifecycleAction.ASSESS, actor, "Assessed as " + incident.severity + ", commander "
                + incident.commander + ". Impact: " + incident.impact + ". " + incident.summary,
                Change.ASSESSED, incident.summary);
        return incident;
    }

    @Transactional
    public Incident mitigate(UUID id, IncidentCommands.Mitigate command, Actor actor) {
        Incident incident = begin(id, LifecycleAction.MITIGATE);
        // Time to mitigate is measured once per incident: a reopened incident mitigated again keeps its first time.
        boolean firstMitigation = incident.mitigatedAt == null;
        incident.mitigation = command.mitigation();
        incident.mitigatedAt = Instant.now();
        finish(incident, LifecycleAction.MITIGATE, actor, "Mitigated: " + command.mitigation(), Change.MITIGATED,
                command.mitigation());
        if (firstMitigation) {
            metrics.mitigated(incident);
        }
        return incident;
    }

    @Transactional
    public Incident resolve(UUID id, IncidentCommands.Resolve command, Actor actor) {
        Incident incident = begin(id, LifecycleAction.RESOLVE);
        incident.resolution = command.resolution();
        incident.resolvedAt = Instant.now();
        finish(incident, LifecycleAction.RESOLVE, actor, "Resolved: " + command.resolution(), Change.RESOLVED,
                command.resolution());
        // Measured at the first resolution only, so that a reopened incident is counted once.
        if (incident.reopenCount == 0) {
            metrics.resolved(incident);
        }
        if (config.review().autoStartSeverities().contains(incident.severity)) {
            timers.arm(incident.id, TimerKind.START_REVIEW, incident.resolvedAt.plus(config.review().autoStartAfter()));
        }
        return incident;
    }

    @Transactional
    public Incident startReview(UUID id, IncidentCommands.OptionalNote command, Actor actor) {
        return startReview(begin(id, LifecycleAction.START_REVIEW), noteOf(command), actor);
    }

    /** Moves a resolved incident (already locked) to its post-incident review. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident startReview(Incident incident, String note, Actor actor) {
        incident.reviewStartedAt = Instant.now();
        finish(incident, LifecycleAction.START_REVIEW, actor,
                "Post-incident review started" + (note == null ? "" : ": " + note), Change.REVIEW_STARTED, note);
        return incident;
    }

    @Transactional
    public Incident close(UUID id, IncidentCommands.OptionalNote command, Actor actor) {
        Incident incident = begin(id, LifecycleAction.CLOSE);
        IncidentReview review = IncidentReview.findById(incident.id);
        requireReviewToClose(incident, review);
        String note = noteOf(command);
        incident.closedAt = Instant.now();
        // The CLOSED event carries the resolution and the review's root cause (null without a root cause): receivers
        // that keep one closing text, as ServiceNow's close notes, replace the resolution with it and lose nothing.
        // The close note stays on the timeline.
        String rootCause = review == null ? null : blankToNull(review.rootCause);
        String closing = rootCause == null ? null
                : (incident.resolution == null ? "" : "Resolution: " + incident.resolution + "\n")
                        + "Root cause: " + rootCause;
        finish(incident, LifecycleAction.CLOSE, actor, "Closed" + (note == null ? "" : ": " + note), Change.CLOSED,
                closing);
        return incident;
    }

    /** A P1 or P2 is closed only once its review names a root cause and every preventive action has an owner. */
    private void requireReviewToClose(Incident incident, IncidentReview review) {
        if (incident.severity != Severity.P1 && incident.severity != Severity.P2) {
            return;
        }
        List<Problem.FieldError> missing = new ArrayList<>();
        if (review == null || review.rootCause == null || review.rootCause.isBlank()) {
            missing.add(new Problem.FieldError("review.rootCause",
                    "a " + incident.severity + " incident needs a review with a root cause before it is closed"));
        }
        long withoutOwner = PreventiveAction.count("incidentId = ?1 and (owner is null or owner = '')", incident.id);
        if (withoutOwner > 0) {
            missing.add(new Problem.FieldError("review.preventiveActions",
                    withoutOwner + " preventive action(s) have no owner"));
        }
        if (!missing.isEmpty()) {
            throw new ProblemException(Response.Status.CONFLICT, "Review incomplete",
                    "Cannot close " + incident.reference() + ": the post-incident review is incomplete", missing,
                    LifecycleAction.allowedFor(incident));
        }
    }

    @Transactional
    public Incident cancel(UUID id, IncidentCommands.Reason command, Actor actor) {
        Incident incident = begin(id, LifecycleAction.CANCEL);
        incident.cancelReason = command.reason();
        incident.cancelledAt = Instant.now();
        finish(incident, LifecycleAction.CANCEL, actor, "Cancelled: " + command.reason(), Change.CANCELLED,
                command.reason());
        return incident;
    }

    @Transactional
    public Incident reopen(UUID id, IncidentCommands.Reason command, Actor actor) {
        return reopen(begin(id, LifecycleAction.REOPEN), command.reason(), actor);
    }

    /** Reopens a resolved or monitored incident (already locked): the impact is back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Incident reopen(Incident incident, String reason, Actor actor) {
        incident.reopenedAt = Instant.now();
        incident.reopenCount++;
        incident.resolvedAt = null;
        incident.resolution = null;
        finish(incident, LifecycleAction.REOPEN, actor, "Reopened: " + reason, Change.REOPENED, reason);
        timers.reopened(incident);
        return incident;
    }

    @Transactional
    public Incident changeSeverity(UUID id, IncidentCommands.ChangeSeverity command, Actor actor) {
        Incident incident = lock(id);
        if (!incident.status.isOpen()) {
            throw ProblemException.illegalTransition("incident", incident.status,
                    LifecycleAction.CHANGE_SEVERITY_PATH, LifecycleAction.allowedFor(incident));
        }
        if (incident.severity == command.severity()) {
            throw ProblemException.invalid("severity", "is already " + command.severity());
        }
        changeSeverityOf(incident, command.severity(), command.reason(), actor);
        incident.updatedAt = Instant.now();
        events.publish(incident, Change.SEVERITY_CHANGED, command.reason(), actor);
        return incident;
    }

    private void changeSeverityOf(Incident incident, Severity severity, String reason, Actor actor) {
        Severity previous = incident.severity;
        incident.severity = severity;
        timers.severityChanged(incident);
        timeline.record(incident, Kind.SEVERITY_CHANGED, actor,
                "Severity changed from " + previous + " to " + severity + ": " + reason);
    }

    @Transactional
    public Incident addNote(UUID id, IncidentCommands.Note command, Actor actor) {
        Incident incident = lock(id);
        timeline.record(incident, Kind.NOTE, actor, command.text());
        return incident;
    }

    @Transactional
    public Incident postUpdate(UUID id, IncidentCommands.StatusUpdate command, Actor actor) {
        Incident incident = lock(id);
        incident.updatedAt = Instant.now();
        timeline.record(incident, Kind.STATUS_UPDATE, actor, command.message());
        events.publish(incident, Change.STATUS_UPDATE, command.message(), actor);
        return incident;
    }

    /** Locks the incident and refuses the action unless the transition table allows it from its status. */
    private Incident begin(UUID id, LifecycleAction action) {
        Incident incident = lock(id);
        if (!action.allowedFrom(incident.status)) {
            throw ProblemException.illegalTransition("incident " + incident.reference(), incident.status,
                    action.path(), LifecycleAction.allowedFor(incident));
        }
        return incident;
    }

    private void finish(Incident incident, LifecycleAction action, Actor actor, String timelineText, Change change,
            String message) {
        IncidentStatus previous = incident.status;
        incident.status = action.target();
        incident.updatedAt = Instant.now();
        timeline.record(incident, Kind.STATUS_CHANGED, actor, previous + " → " + incident.status + ". " + timelineText);
        events.publish(incident, change, message, actor);
    }

    private static String noteOf(IncidentCommands.OptionalNote command) {
        return command == null ? null : blankToNull(command.note());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
