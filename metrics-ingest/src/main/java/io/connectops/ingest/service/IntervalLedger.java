package io.connectops.ingest.service;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.connectops.contracts.MetricSample;
import io.connectops.ingest.domain.PollState;

/**
 * The value each interval sample was published with ({@code interval_published}), in the caller's transaction:
 * an interval read again is published as a correction only for the series whose value changed.
 */
final class IntervalLedger {

    private IntervalLedger() {
    }

    static void remember(UUID sourceId, List<MetricSample> samples) {
        var entityManager = PollState.getEntityManager();
        for (MetricSample sample : samples) {
            entityManager.createNativeQuery("INSERT INTO interval_published (series_key, interval_end, source_id, value)"
                    + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (series_key, interval_end) DO UPDATE SET value = EXCLUDED.value")
                    .setParameter(1, sample.seriesKey())
                    .setParameter(2, Timestamp.from(sample.timestamp()))
                    .setParameter(3, sourceId)
                    .setParameter(4, sample.value())
                    .executeUpdate();
        }
    }

    /**
     * The samples whose value differs from the one published for their series and interval. A sample with no
     * published value (read before this ledger existed, or pruned) is left out: nothing says it changed.
     */
    static List<MetricSample> changed(List<MetricSample> reread) {
        if (reread.isEmpty()) {
            return List.of();
        }
        Map<String, Object[]> published = new HashMap<>();
        List<String> keys = reread.stream().map(MetricSample::seriesKey).distinct().toList();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = PollState.getEntityManager()
                .createNativeQuery("SELECT series_key, interval_end, value FROM interval_published"
                        + " WHERE series_key IN (?1)")
                .setParameter(1, keys)
                .getResultList();
        for (Object[] row : rows) {
            published.put(row[0] + "@" + instantOf(row[1]), row);
        }
        List<MetricSample> changed = new ArrayList<>();
        for (MetricSample sample : reread) {
            Object[] row = published.get(sample.seriesKey() + "@" + sample.timestamp());
            if (row != null && !Objects.equals(row[2] == null ? null : ((Number) row[2]).doubleValue(), sample.value())) {
                changed.add(sample);
            }
        }
        return changed;
    }

    static void forgetBefore(UUID sourceId, Instant cutoff) {
        PollState.getEntityManager()
                .createNativeQuery("DELETE FROM interval_published WHERE source_id = ?1 AND interval_end < ?2")
                .setParameter(1, sourceId)
                .setParameter(2, Timestamp.from(cutoff))
                .executeUpdate();
    }

    private static Instant instantOf(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (Instant) value;
    }
}
