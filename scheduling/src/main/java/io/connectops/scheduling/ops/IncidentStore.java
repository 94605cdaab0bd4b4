package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.connectops.contracts.IncidentEvent;
import io.connectops.scheduling.common.Json;
import io.quarkus.panache.common.Sort;

/**
 * Keeps the latest state of each incident from {@code ops.incidents.v1}. Events of one incident arrive in order
 * (they are keyed by incident id) and redeliveries are filtered by the consumer, so the last event applied wins.
 */
@ApplicationScoped
public class IncidentStore {

    @Inject
    EntityManager entityManager;

    /**
     * The first event seen of an incident opens it (that is its {@code OPENED} event unless the topic no longer
     * holds it); a status after which the impact is over closes it, at the first such event; reopening clears that.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(IncidentEvent event) {
        entityManager.createNativeQuery("INSERT INTO incident_summary (incident_id, reference, title, severity, status, "
                + "queues, opened_at, resolved_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb), ?7, ?8, "
                + "now()) ON CONFLICT (incident_id) DO UPDATE SET reference = EXCLUDED.reference, "
                + "title = COALESCE(EXCLUDED.title, incident_summary.title), "
                + "severity = COALESCE(EXCLUDED.severity, incident_summary.severity), status = EXCLUDED.status, "
                + "queues = EXCLUDED.queues, opened_at = LEAST(incident_summary.opened_at, EXCLUDED.opened_at), "
                + "resolved_at = CASE WHEN EXCLUDED.resolved_at IS NULL THEN NULL "
                + "ELSE COALESCE(incident_summary.resolved_at, EXCLUDED.resolved_at) END, updated_at = now()")
                .setParameter(1, event.incidentId())
                .setParameter(2, event.reference())
                .setParameter(3, event.title())
                .setParameter(4, event.severity() == null ? null : event.severity().name())
                .setParameter(5, event.status())
                .setParameter(6, Json.write(event.queues()))
                .setParameter(7, event.occurredAt())
                .setParameter(8, IncidentSummary.isOver(event.status()) ? event.occurredAt() : null)
                .executeUpdate();
    }

    /** The incidents opened before {@code to} that were still open at {@code from} or later, most severe first. */
    @Transactional
    public List<IncidentSummary> openBetween(Instant from, Instant to) {
        return IncidentSummary.list("openedAt < ?1 and (resolvedAt is null or resolvedAt >= ?2)",
                Sort.by("severity", Sort.NullPrecedence.NULLS_LAST).and("openedAt"), to, from);
    }
}
