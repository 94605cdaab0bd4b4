package io.connectops.notifications.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Which incidents someone acknowledged, as far as the consumed events tell: once one is, its Slack messages stop
 * offering the Acknowledge button, whichever later event updates them (an event does not say it was acknowledged).
 */
@ApplicationScoped
public class Acknowledgements {

    @Inject
    EntityManager entityManager;

    /** Remembers the first acknowledgement of the incident; later ones change nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String incidentId, Instant at, String actor) {
        entityManager.createNativeQuery("INSERT INTO incident_acknowledgement (incident_id, acknowledged_at, actor)"
                + " VALUES (?1, ?2, ?3) ON CONFLICT (incident_id) DO NOTHING")
                .setParameter(1, incidentId).setParameter(2, Timestamp.from(at)).setParameter(3, actor)
                .executeUpdate();
    }

    /** Those of the incidents that were acknowledged, in one query. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public Set<String> acknowledgedAmong(Collection<String> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(entityManager.createNativeQuery(
                "SELECT incident_id FROM incident_acknowledgement WHERE incident_id IN (:ids)", String.class)
                .setParameter("ids", incidentIds).getResultList());
    }
}
