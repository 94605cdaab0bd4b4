package io.connectops.incidents.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.connectops.contracts.Actor;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.incidents.config.IncidentsConfig;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.TimelineEntry.Kind;
import io.connectops.incidents.domain.TimerKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Fires due timers: SLA breaches escalate, and resolved P1/P2 incidents move on to their review. Each timer fires
 * in its own transaction, under the incident's row lock taken with SKIP LOCKED, and only if it is still pending:
 * the state change, the timeline entry and the event commit together, so a timer fires once across restarts and
 * across any number of instances.
 */
@ApplicationScoped
public class TimerJob {

    private static final Logger LOG = Logger.getLogger(TimerJob.class);

    @Inject
    EntityManager entityManager;

    @Inject
    IncidentService incidents;

    @Inject
    Timeline timeline;

    @Inject
    IncidentEvents events;

    @Inject
    IncidentsConfig config;

    @Inject
    IncidentMetrics metrics;

    record DueTimer(UUID incidentId, TimerKind kind) {
    }

    @Scheduled(identity = "incident-timers", every = "${connectops.incidents.timers.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void onSchedule() {
        fireDue();
    }

    /** Fires every due timer this instance can claim; returns how many fired. */
    public int fireDue() {
        List<DueTimer> due = QuarkusTransaction.requiringNew().call(this::findDue);
        int fired = 0;
        for (DueTimer timer : due) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> fire(timer))) {
                    fired++;
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Timer %s of incident %s failed; it stays due and is retried", timer.kind(),
                        timer.incidentId());
            }
        }
        return fired;
    }

    @SuppressWarnings("unchecked")
    private List<DueTimer> findDue() {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT incident_id, kind FROM incident_timer "
                        + "WHERE state = 'PENDING' AND due_at <= now() ORDER BY due_at LIMIT ?1")
                .setParameter(1, config.timers().batchSize())
                .getResultList();
        return rows.stream().map(row -> new DueTimer((UUID) row[0], TimerKind.valueOf((String) row[1]))).toList();
    }

    private boolean fire(DueTimer timer) {
        List<?> locked = entityManager.createNativeQuery("SELECT id FROM incident WHERE id = ?1 FOR UPDATE SKIP LOCKED")
                .setParameter(1, timer.incidentId()).getResultList();
        if (locked.isEmpty()) {
            return false;
        }
        Incident incident = Incident.findById(timer.incidentId());
        boolean applies = switch (timer.kind()) {
            case ASSESS_SLA -> incident.status == IncidentStatus.TRIAGE && incident.acknowledgedAt == null;
            case RESOLVE_SLA -> incident.status.isOpen();
            case START_REVIEW -> incident.status == IncidentStatus.RESOLVED;
        };
        int claimed = entityManager.createNativeQuery("UPDATE incident_timer SET state = ?1, fired_at = now() "
                        + "WHERE incident_id = ?2 AND kind = ?3 AND state = 'PENDING' AND due_at <= now()")
                .setParameter(1, applies ? IncidentTimers.FIRED : IncidentTimers.SKIPPED)
                .setParameter(2, timer.incidentId()).setParameter(3, timer.kind().name())
                .executeUpdate();
        if (claimed == 0 || !applies) {
            return false;
        }
        switch (timer.kind()) {
            case ASSESS_SLA -> escalate(incident, "not acknowledged within the " + incident.severity + " SLA of "
                    + human(config.slaOf(incident.severity).assess()));
            case RESOLVE_SLA -> escalate(incident, "not resolved within the " + incident.severity + " SLA of "
                    + human(config.slaOf(incident.severity).resolve()));
            case START_REVIEW -> incidents.startReview(incident, "started automatically after "
                    + human(config.review().autoStartAfter()) + " resolved", Actor.SYSTEM);
        }
        return true;
    }

    private void escalate(Incident incident, String reason) {
        incident.escalationLevel++;
        incident.updatedAt = Instant.now();
        String target = config.escalationTargetOf(incident.escalationLevel);
        String message = incident.reference() + " escalated to " + target + " (level " + incident.escalationLevel
                + "): " + reason;
        timeline.record(incident, Kind.ESCALATED, Actor.SYSTEM, message);
        events.publish(incident, Change.ESCALATED, message, target, Actor.SYSTEM);
        metrics.escalated(incident.escalationLevel);
        LOG.infof("%s escalated to %s (level %d)", incident.reference(), target, incident.escalationLevel);
    }

    private static String human(Duration duration) {
        return duration.toString();
    }
}
