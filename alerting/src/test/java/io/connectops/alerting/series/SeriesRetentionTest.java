package io.connectops.alerting.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The series rows the evaluator no longer holds go when no enabled rule reads their metric, or when they have been
 * quiet for longer than the retention (P7D); the rows it holds, with their state, are never touched.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SeriesRetentionTest {

    /** Read by a default rule. */
    private static final String READ_METRIC = "abandonment_rate";
    /** A metric no rule reads, as rows left from before the evaluator stopped storing unread series. */
    private static final String UNREAD_METRIC = "legacy_unread_" + UUID.randomUUID().toString().substring(0, 8);
    /** A partition number no evaluator owns, so that a row with state is never loaded by this test's evaluator. */
    private static final int NO_PARTITION = 9_999;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SeriesRetentionJob job;

    private String row(String metric, Duration age, String state) throws SQLException {
        String key = "retention|" + metric + "|" + UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO series_latest (series_key, "
                        + "instance_id, metric, value, sample_time, updated_at, kafka_partition, state) "
                        + "VALUES (?, 'inst-retention', ?, 1, now(), now() - ?::interval, ?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, metric);
            insert.setString(3, age.toSeconds() + " seconds");
            insert.setInt(4, NO_PARTITION);
            insert.setString(5, state);
            insert.executeUpdate();
        }
        return key;
    }

    private List<String> remaining(List<String> keys) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection
                        .prepareStatement("SELECT series_key FROM series_latest WHERE series_key = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    @Test
    void forgottenSeriesGoWhenNoRuleReadsThemOrTheyWentQuietLongAgoAndHeldSeriesStay() throws SQLException {
        String unreadForgotten = row(UNREAD_METRIC, Duration.ofMinutes(1), null);
        String readForgottenRecently = row(READ_METRIC, Duration.ofDays(6), null);
        String readForgottenLongAgo = row(READ_METRIC, Duration.ofDays(8), null);
        String unreadButHeld = row(UNREAD_METRIC, Duration.ofDays(30), "{}");
        List<String> all = List.of(unreadForgotten, readForgottenRecently, readForgottenLongAgo, unreadButHeld);

        long deleted = job.purge(Instant.now());

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(remaining(all)).containsExactlyInAnyOrder(readForgottenRecently, unreadButHeld);
        // Two days on, the recent one has been quiet for more than the retention too.
        job.purge(Instant.now().plus(Duration.ofDays(2)));
        assertThat(remaining(all)).containsExactly(unreadButHeld);
    }
}
