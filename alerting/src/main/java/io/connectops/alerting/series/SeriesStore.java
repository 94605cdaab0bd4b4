package io.connectops.alerting.series;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

/** The rows of series_latest that the evaluator no longer holds. */
@ApplicationScoped
public class SeriesStore {

    /**
     * Only rows without evaluation state: a row with state is a series the evaluator holds (or will reload), and its
     * own eviction decides about it. {@code ANY} of an empty array is false, so with no rule every idle row goes.
     */
    private static final String PURGE_FORGOTTEN = "DELETE FROM series_latest WHERE series_key IN ("
            + "SELECT series_key FROM series_latest WHERE state IS NULL "
            + "AND (NOT metric = ANY (?) OR updated_at < ?) LIMIT ?)";

    @Inject
    EntityManager entityManager;

    /**
     * Deletes up to {@code batchSize} forgotten series whose metric is not in {@code readMetrics} or that have not
     * been updated since {@code idleBefore}; returns how many rows.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int purgeForgotten(Set<String> readMetrics, Instant idleBefore, int batchSize) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement purge = connection.prepareStatement(PURGE_FORGOTTEN)) {
                purge.setArray(1, connection.createArrayOf("varchar", readMetrics.toArray()));
                purge.setTimestamp(2, Timestamp.from(idleBefore));
                purge.setInt(3, batchSize);
                return purge.executeUpdate();
            }
        });
    }
}
