package io.connectops.platform.inbox;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Idempotent consumption: remembers, in the consumer's own transaction, which events it has applied. A
 * redelivered event is then recognised and skipped, and since the mark commits or rolls back with the effect,
 * an event is never marked without being applied.
 */
@ApplicationScoped
public class AppliedEvents {

    @Inject
    EntityManager entityManager;

    /**
     * Marks the event applied by {@code consumer}.
     *
     * @return false when the consumer has applied it before: the caller must skip it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markApplied(String consumer, String eventId) {
        return entityManager.createNativeQuery(
                "INSERT INTO applied_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate() == 1;
    }

    /**
     * Marks a batch of events applied by {@code consumer}.
     *
     * @return the ids that were new: only those must be applied
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public Set<String> markAllApplied(String consumer, Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Set.of();
        }
        List<String> fresh = entityManager.createNativeQuery(
                "INSERT INTO applied_event (consumer, event_id) SELECT ?1, unnest(cast(?2 AS varchar[])) "
                        + "ON CONFLICT DO NOTHING RETURNING event_id")
                .setParameter(1, consumer)
                .setParameter(2, eventIds.toArray(String[]::new))
                .getResultList();
        return new HashSet<>(fresh);
    }
}
