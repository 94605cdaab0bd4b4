package io.connectops.ingest.service;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

/**
 * One lease per source in PostgreSQL, so that exactly one replica polls a source: claimed atomically (one
 * INSERT ... ON CONFLICT for all sources of a round), renewed by its owner every round, and taken over by another
 * replica once it has expired because its owner died. Expiry is on the database's clock, so replicas whose clocks
 * disagree still agree on who holds a lease.
 */
@ApplicationScoped
public class SourceLeases {

    private static final String CLAIM = "INSERT INTO source_lease (source_id, owner_id, expires_at, claimed_at) "
            + "SELECT s.id, ?, now() + make_interval(secs => ?), now() FROM unnest(?) AS s(id) "
            + "WHERE EXISTS (SELECT 1 FROM connect_source c WHERE c.id = s.id) "
            + "ON CONFLICT (source_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, expires_at = EXCLUDED.expires_at, "
            + "claimed_at = CASE WHEN source_lease.owner_id = EXCLUDED.owner_id THEN source_lease.claimed_at "
            + "ELSE EXCLUDED.claimed_at END "
            + "WHERE source_lease.owner_id = EXCLUDED.owner_id OR source_lease.expires_at < now() "
            + "RETURNING source_id";

    @Inject
    EntityManager entityManager;

    /**
     * Claims the free or expired leases of {@code sourceIds} and renews those {@code owner} already holds, each for
     * {@code ttl}.
     *
     * @return the sources {@code owner} holds now; the others are polled by another live replica
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Set<UUID> claim(String owner, Collection<UUID> sourceIds, Duration ttl) {
        if (sourceIds.isEmpty()) {
            return Set.of();
        }
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Set<UUID> held = new HashSet<>();
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                Array ids = connection.createArrayOf("uuid", sourceIds.toArray());
                claim.setString(1, owner);
                claim.setDouble(2, ttl.toMillis() / 1000.0);
                claim.setArray(3, ids);
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        held.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            return held;
        });
    }

    /** Gives up every lease of {@code owner} (a replica shutting down), so that another takes over at once. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int release(String owner) {
        return entityManager.createNativeQuery("DELETE FROM source_lease WHERE owner_id = ?1")
                .setParameter(1, owner).executeUpdate();
    }

    /** The owner of a source's lease while it is live; null when nobody holds it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String ownerOf(UUID sourceId) {
        List<?> owners = entityManager.createNativeQuery(
                "SELECT owner_id FROM source_lease WHERE source_id = ?1 AND expires_at >= now()")
                .setParameter(1, sourceId).getResultList();
        return owners.isEmpty() ? null : owners.get(0).toString();
    }
}
