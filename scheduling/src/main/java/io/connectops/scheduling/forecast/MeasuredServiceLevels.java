package io.connectops.scheduling.forecast;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The service level Amazon Connect measured, per queue, channel and 15-minute interval, from the
 * {@code service_level} (percent) and {@code contacts_handled} samples on {@code ops.metrics.v1}. Over a period, a
 * queue's service level is the mean of its intervals weighted by the contacts handled in each; intervals that
 * lack either figure do not count.
 */
@ApplicationScoped
public class MeasuredServiceLevels {

    public static final String SERVICE_LEVEL_METRIC = "service_level";
    public static final String HANDLED_METRIC = "contacts_handled";

    /** A queue's measured service level over a period, as a fraction like the planned one, with its weight. */
    public record QueueServiceLevel(String queueId, double serviceLevel, double contactsHandled) {
    }

    @Inject
    EntityManager entityManager;

    /** Records one sample of {@link #SERVICE_LEVEL_METRIC} or {@link #HANDLED_METRIC}, leaving the other figure. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String queueId, String channel, Instant intervalEnd, String metric, double value) {
        String column = SERVICE_LEVEL_METRIC.equals(metric) ? "service_level" : "contacts_handled";
        entityManager.createNativeQuery("INSERT INTO measured_service_level (queue_id, channel, interval_start, "
                + column + ") VALUES (?1, ?2, ?3, ?4) ON CONFLICT (queue_id, channel, interval_start) DO UPDATE SET "
                + column + " = EXCLUDED." + column + ", updated_at = now()")
                .setParameter(1, queueId)
                .setParameter(2, channel == null ? "" : channel)
                .setParameter(3, ForecastService.quarterHourEndingAt(intervalEnd))
                .setParameter(4, value)
                .executeUpdate();
    }

    /** Every queue with contacts handled in intervals starting in [from, to), by queue id. */
    @Transactional
    public List<QueueServiceLevel> byQueue(Instant from, Instant to) {
        return query(from, to, null);
    }

    /** The given queues with contacts handled in intervals starting in [from, to), by queue id. */
    @Transactional
    public List<QueueServiceLevel> byQueue(Instant from, Instant to, Collection<String> queueIds) {
        return queueIds.isEmpty() ? List.of() : query(from, to, queueIds.toArray(String[]::new));
    }

    /** The service level of all the given queues together, each interval weighted by its contacts handled. */
    public static Double overall(List<QueueServiceLevel> queues) {
        double handled = queues.stream().mapToDouble(QueueServiceLevel::contactsHandled).sum();
        return handled > 0 ? queues.stream().mapToDouble(q -> q.serviceLevel() * q.contactsHandled()).sum() / handled
                : null;
    }

    public static double contactsHandled(List<QueueServiceLevel> queues) {
        return queues.stream().mapToDouble(QueueServiceLevel::contactsHandled).sum();
    }

    @SuppressWarnings("unchecked")
    private List<QueueServiceLevel> query(Instant from, Instant to, String[] queueIds) {
        var query = entityManager.createNativeQuery("SELECT queue_id, SUM(service_level * contacts_handled) / "
                + "NULLIF(SUM(contacts_handled), 0) / 100, SUM(contacts_handled) FROM measured_service_level "
                + "WHERE interval_start >= ?1 AND interval_start < ?2 AND service_level IS NOT NULL "
                + "AND contacts_handled IS NOT NULL"
                + (queueIds == null ? "" : " AND queue_id = ANY(CAST(?3 AS varchar[]))")
                + " GROUP BY queue_id HAVING SUM(contacts_handled) > 0 ORDER BY queue_id")
                .setParameter(1, from)
                .setParameter(2, to);
        if (queueIds != null) {
            query.setParameter(3, queueIds);
        }
        return ((List<Object[]>) query.getResultList()).stream()
                .map(row -> new QueueServiceLevel((String) row[0], ((Number) row[1]).doubleValue(),
                        ((Number) row[2]).doubleValue()))
                .toList();
    }
}
