package io.connectops.incidents.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.connectops.contracts.Actor;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.TimelineEntry.Kind;
import io.connectops.platform.problem.ProblemException;

/** Folds a duplicate incident into the one that carries on, as PagerDuty's merge does. */
@ApplicationScoped
public class IncidentMerge {

    @Inject
    EntityManager entityManager;

    @Inject
    Timeline timeline;

    @Inject
    IncidentEvents events;

    /**
     * Merges {@code command.duplicateId()} into the incident {@code targetId}: the duplicate's alerts, queues and
     * services move to the target (alerts that fire again then attach there), the duplicate is cancelled with a
     * pointer to the target, both timelines record the merge with a link to the other incident, and both changes
     * are announced. Returns the target.
     */
    @Transactional
    public Incident merge(UUID targetId, IncidentCommands.Merge command, Actor actor) {
        UUID duplicateId = command.duplicateId();
        if (targetId.equals(duplicateId)) {
            throw ProblemException.invalid("duplicateId", "is this incident: an incident cannot be merged into itself");
        }
        // Both rows are locked in id order, so two merges of the same pair in opposite directions cannot deadlock.
        boolean targetFirst = targetId.compareTo(duplicateId) < 0;
        Incident first = Incident.findById(targetFirst ? targetId : duplicateId, LockModeType.PESSIMISTIC_WRITE);
        Incident second = Incident.findById(targetFirst ? duplicateId : targetId, LockModeType.PESSIMISTIC_WRITE);
        Incident target = targetFirst ? first : second;
        Incident duplicate = targetFirst ? second : first;
        if (target == null) {
            throw ProblemException.notFound("Incident", targetId);
        }
        if (duplicate == null) {
            throw ProblemException.invalid("duplicateId", "no incident " + duplicateId);
        }
        if (duplicate.mergedInto != null) {
            throw ProblemException.conflict(duplicate.reference() + " was already merged into "
                    + Incident.<Incident>findById(duplicate.mergedInto).reference());
        }
        if (target.status == IncidentStatus.CLOSED || target.status == IncidentStatus.CANCELLED) {
            throw ProblemException.conflict(target.reference() + " is " + target.status
                    + ": a duplicate can only be merged into an incident that is not closed or cancelled");
        }
        if (!duplicate.status.isOpen()) {
            throw ProblemException.conflict(duplicate.reference() + " is " + duplicate.status
                    + ": only an open incident (" + IncidentStatus.OPEN + ") can be merged as a duplicate");
        }
        String reason = command.reason() == null || command.reason().isBlank() ? null : command.reason();
        Instant now = Instant.now();

        @SuppressWarnings("unchecked")
        List<String> fingerprints = entityManager.createNativeQuery(
                        "SELECT fingerprint FROM incident_alert WHERE incident_id = ?1 ORDER BY fingerprint")
                .setParameter(1, duplicate.id).getResultList();
        IncidentStatus previous = duplicate.status;
        duplicate.status = IncidentStatus.CANCELLED;
        duplicate.mergedInto = target.id;
        duplicate.cancelledAt = now;
        duplicate.cancelReason = "Duplicate of " + target.reference() + (reason == null ? "" : ": " + reason);
        duplicate.updatedAt = now;
        timeline.record(duplicate, Kind.MERGED, actor, previous + " → CANCELLED. Merged into " + target.reference()
                + " (" + target.title + ")" + (fingerprints.isEmpty() ? "" : "; its alerts "
                + String.join(", ", fingerprints) + " now attach there")
                + (reason == null ? "" : ". " + reason), target.id);
        // Announced before the alerts move, so the event still lists the alerts the duplicate had.
        events.publish(duplicate, Change.CANCELLED, duplicate.cancelReason, actor);

        entityManager.flush();
        entityManager.createNativeQuery("INSERT INTO incident_alert (incident_id, fingerprint, group_key, rule_id, "
                        + "rule_name, attached_at) SELECT ?1, fingerprint, group_key, rule_id, rule_name, ?2 "
                        + "FROM incident_alert WHERE incident_id = ?3 ON CONFLICT (incident_id, fingerprint) DO NOTHING")
                .setParameter(1, target.id).setParameter(2, now).setParameter(3, duplicate.id).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM incident_alert WHERE incident_id = ?1")
                .setParameter(1, duplicate.id).executeUpdate();

        target.queues = union(target.queues, duplicate.queues);
        target.services = union(target.services, duplicate.services);
        target.updatedAt = now;
        String text = "Merged " + duplicate.reference() + " (" + duplicate.title + ", " + duplicate.severity
                + ") into this incident" + (fingerprints.isEmpty() ? "" : "; its alerts " + String.join(", ",
                fingerprints) + " now attach here") + (reason == null ? "" : ". " + reason);
        timeline.record(target, Kind.MERGED, actor, text, duplicate.id);
        events.publish(target, Change.MERGED, text, actor);
        return target;
    }

    private static List<String> union(List<String> mine, List<String> theirs) {
        List<String> all = new ArrayList<>(mine);
        theirs.stream().filter(item -> !all.contains(item)).forEach(all::add);
        return all;
    }
}
