package io.connectops.platform.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

/**
 * The loop every retention job runs: one bounded DELETE after another, each in its own transaction, until a batch
 * comes back short. Small transactions keep locks and WAL small on a large table, and when the statement picks its
 * rows {@code FOR UPDATE SKIP LOCKED}, replicas running the same job at once only share the work (a short batch then
 * means nothing is left, or the rest is another replica's).
 */
public final class BatchedDelete {

    private BatchedDelete() {
    }

    /**
     * Runs {@code delete} (parameters: the cutoff, then the batch size) until it deletes fewer than {@code batch}
     * rows; {@code setUp}, when not null, runs first in each transaction (a {@code SET LOCAL} a trigger reads, say).
     * Returns how many rows were deleted in all.
     */
    public static long run(DataSource dataSource, String setUp, String delete, Instant cutoff, int batch)
            throws SQLException {
        long total = 0;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                while (true) {
                    if (setUp != null) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute(setUp);
                        }
                    }
                    int deleted;
                    try (PreparedStatement statement = connection.prepareStatement(delete)) {
                        statement.setTimestamp(1, Timestamp.from(cutoff));
                        statement.setInt(2, batch);
                        deleted = statement.executeUpdate();
                    }
                    connection.commit();
                    total += deleted;
                    if (deleted < batch) {
                        return total;
                    }
                }
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }
}
