package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.MetricSample;
import io.connectops.platform.testing.RealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The write-behind of {@code series_latest} never retries a whole batch for ever because of one row PostgreSQL
 * refuses: the row is isolated, dropped and counted, and every other series of the batch, and of later batches, is
 * written.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SeriesLatestWriterIsolationTest {

    @Inject
    SeriesLatestWriter writer;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    private static MetricSample sample(String instance, String queue, double value) {
        return new MetricSample("push", instance, queue, null, null, "ivr_response_time", value, "MILLISECONDS",
                Instant.now().truncatedTo(ChronoUnit.MILLIS), Map.of());
    }

    @Test
    void rowsPostgresqlRefusesAreDroppedAndCountedAndTheRestOfTheBatchIsWritten() throws SQLException {
        String instance = "iso-" + UUID.randomUUID();
        List<MetricSample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            samples.add(sample(instance, "q-" + i, i));
        }
        // As the push path could once let through: a key longer than series_key, a NUL in a text column.
        samples.add(7, sample(instance, "q".repeat(990), 100));
        samples.add(13, sample(instance, "q-nul\u0000", 200));
        double droppedBefore = dropped();

        writer.writeBehind(samples.stream().map(MetricSample::seriesKey).toArray(String[]::new), samples);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(storedQueues(instance)).hasSize(20));
        assertThat(storedQueues(instance)).allMatch(queue -> queue.matches("q-[0-9]+"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dropped()).isEqualTo(droppedBefore + 2));

        // Nothing is left to retry: the next round writes what is pushed next, and drops nothing more.
        writer.writeBehind(new String[] { sample(instance, "q-late", 1).seriesKey() },
                List.of(sample(instance, "q-late", 1)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(storedQueues(instance)).contains("q-late"));
        assertThat(dropped()).isEqualTo(droppedBefore + 2);
    }

    @Test
    void onlyDataErrorsAreTakenForBadRowsOtherFailuresAreRetried() {
        assertThat(SeriesLatestWriter.refusesTheData(new RuntimeException(new SQLException("too long", "22001"))))
                .isTrue();
        assertThat(SeriesLatestWriter.refusesTheData(new SQLException("NUL", "22021"))).isTrue();
        assertThat(SeriesLatestWriter.refusesTheData(new SQLException("not null", "23502"))).isTrue();
        assertThat(SeriesLatestWriter.refusesTheData(new SQLException("connection lost", "08006"))).isFalse();
        assertThat(SeriesLatestWriter.refusesTheData(new SQLException("deadlock", "40P01"))).isFalse();
        assertThat(SeriesLatestWriter.refusesTheData(new IllegalStateException("pool exhausted"))).isFalse();
    }

    private double dropped() {
        var counter = registry.find(SeriesLatestWriter.SERIES_DROPPED).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> storedQueues(String instance) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT queue_id FROM series_latest WHERE instance_id = ? ORDER BY queue_id")) {
            query.setString(1, instance);
            List<String> queues = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    queues.add(rows.getString(1));
                }
            }
            return queues;
        }
    }
}
