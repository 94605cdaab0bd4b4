package io.connectops.ingest.receivers;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * The receipts of received alerts ({@code alert_receipt}): the last state published per alert, its episode (how
 * many times it started firing here, which makes a new firing a new event for consumers even with the same
 * {@code startsAt}) and when a firing alert of the Alertmanager API expires. Rows are locked for the transaction
 * that decides on them, so that two replicas receiving one alert publish it once.
 */
@ApplicationScoped
public class AlertReceiptStore {

    @Inject
    EntityManager entityManager;

    /** What was last published for an alert. */
    public record Receipt(String status, long episode, Instant startsAt) {
    }

    /** A firing alert whose end passed without it being received again. */
    public record Expired(String key, long episode, Instant startsAt, String alert, Instant expiresAt) {
    }

    /** The receipt of {@code key}, locked until the transaction ends; empty when the alert was never received. */
    public Optional<Receipt> lock(String key) {
        List<?> rows = entityManager.createNativeQuery(
                "SELECT status, episode, starts_at FROM alert_receipt WHERE alert_key = ?1 FOR UPDATE")
                .setParameter(1, key).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Receipt((String) row[0], ((Number) row[1]).longValue(), instant(row[2])));
    }

    /** Records the first receipt of {@code key}; false when another transaction recorded it first. */
    public boolean insert(String key, String status, long episode, Instant startsAt, Instant expiresAt, String alert) {
        return entityManager.createNativeQuery("INSERT INTO alert_receipt (alert_key, status, episode, starts_at, "
                + "expires_at, alert, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, now()) "
                + "ON CONFLICT (alert_key) DO NOTHING")
                .setParameter(1, key).setParameter(2, status).setParameter(3, episode)
                .setParameter(4, Timestamp.from(startsAt)).setParameter(5, timestamp(expiresAt))
                .setParameter(6, alert).executeUpdate() == 1;
    }

    public void update(String key, String status, long episode, Instant startsAt, Instant expiresAt, String alert) {
        entityManager.createNativeQuery("UPDATE alert_receipt SET status = ?2, episode = ?3, starts_at = ?4, "
                + "expires_at = ?5, alert = ?6, updated_at = now() WHERE alert_key = ?1")
                .setParameter(1, key).setParameter(2, status).setParameter(3, episode)
                .setParameter(4, Timestamp.from(startsAt)).setParameter(5, timestamp(expiresAt))
                .setParameter(6, alert).executeUpdate();
    }

    /** Firing alerts whose end is before {@code now}, locked; those another replica is resolving are skipped. */
    public List<Expired> lockExpired(Instant now, int limit) {
        List<?> rows = entityManager.createNativeQuery("SELECT alert_key, episode, starts_at, alert, expires_at "
                + "FROM alert_receipt WHERE status = 'FIRING' AND expires_at IS NOT NULL "
                + "AND expires_at <= CAST(?1 AS TIMESTAMPTZ) ORDER BY expires_at LIMIT " + limit + " FOR UPDATE SKIP LOCKED")
                .setParameter(1, now.toString()).getResultList();
        return rows.stream().map(row -> (Object[]) row)
                .map(row -> new Expired((String) row[0], ((Number) row[1]).longValue(),
                        instant(row[2]), (String) row[3], instant(row[4]))).toList();
    }

    /** Forgets resolved alerts last changed before {@code before}. */
    public int forgetResolved(Instant before) {
        return entityManager.createNativeQuery("DELETE FROM alert_receipt WHERE status = 'RESOLVED' AND updated_at < ?1")
                .setParameter(1, Timestamp.from(before)).executeUpdate();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Object column) {
        if (column instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (column instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return (Instant) column;
    }
}
