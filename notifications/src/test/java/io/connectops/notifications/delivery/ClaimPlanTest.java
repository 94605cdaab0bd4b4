package io.connectops.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A burst of deliveries (an outage's alerts fanned out to many channels) lands in a queue whose statistics were taken
 * while it was nearly empty; autoanalyze comes up to a minute later. The claim must stay linear in the unsent rows
 * whatever plan those statistics lead to: asking of each unsent row whether an older one of its conversation is still
 * unsent became, in such a plan, a nested loop over the burst for each of its rows (4 million rows compared for 2,000
 * deliveries, a second a claim). Everything here happens in one transaction that is rolled back, so the running
 * dispatcher never sees these rows and the statistics stay as they were.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ClaimPlanTest {

    /** 100 channels, 10 conversations each, 2 deliveries in each conversation. */
    private static final int CHANNELS = 100;
    private static final int THREADS = 10;
    private static final int PER_THREAD = 2;
    private static final int UNSENT = CHANNELS * THREADS * PER_THREAD;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Test
    void aBurstOfTwoThousandDeliveriesIsClaimedByReadingEachRowAFewTimesEvenInNestedLoops() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String burst = "burst-" + UUID.randomUUID();
                insertBurst(connection, burst);
                try (Statement settings = connection.createStatement()) {
                    // The joins a planner picks when it believes the queue holds a handful of unsent rows.
                    settings.execute("SET LOCAL enable_hashjoin = off");
                    settings.execute("SET LOCAL enable_mergejoin = off");
                }

                JsonNode plan;
                try (PreparedStatement explain = connection.prepareStatement(
                        "EXPLAIN (ANALYZE, FORMAT JSON) " + DeliveryStore.CLAIMABLE)) {
                    explain.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2));
                    explain.setInt(2, 32);
                    try (ResultSet rows = explain.executeQuery()) {
                        rows.next();
                        plan = mapper.readTree(rows.getString(1)).get(0).get("Plan");
                    }
                }
                assertThat(plan.get("Actual Rows").asLong()).isEqualTo(32);
                // Rows produced and rows thrown away by every node of the plan: a small multiple of the burst. The
                // former query compared each unsent row with every other one (over 4,000,000 here).
                assertThat(rowsTouched(plan)).isLessThan(20L * UNSENT);

                // And it claims what it should: the oldest delivery of each conversation, none of the later ones.
                Set<String> claimable = new HashSet<>();
                try (PreparedStatement claim = connection.prepareStatement(DeliveryStore.CLAIMABLE)) {
                    claim.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2));
                    claim.setInt(2, 10 * UNSENT);
                    try (ResultSet rows = claim.executeQuery()) {
                        while (rows.next()) {
                            claimable.add(rows.getString(1));
                        }
                    }
                }
                Set<String> firsts = new HashSet<>();
                Set<String> burstIds = new HashSet<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id, idempotency_key LIKE '%/first' FROM delivery WHERE source_event_id = ?")) {
                    select.setString(1, burst);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            burstIds.add(rows.getString(1));
                            if (rows.getBoolean(2)) {
                                firsts.add(rows.getString(1));
                            }
                        }
                    }
                }
                assertThat(firsts).hasSize(CHANNELS * THREADS);
                claimable.retainAll(burstIds);
                assertThat(claimable).isEqualTo(firsts);
            } finally {
                connection.rollback();
            }
        }
    }

    /** Two deliveries in each conversation of each channel, all due: the first of each is its conversation's head. */
    private static void insertBurst(Connection connection, String burst) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO delivery (id, idempotency_key,"
                + " source_event_id, source_event_type, event_time, thread_key, payload, channel_id, channel_type,"
                + " status, attempts, max_attempts, next_attempt_at)"
                + " SELECT gen_random_uuid(), ? || '/' || g || CASE WHEN g % ? = 0 THEN '/first' ELSE '/later' END, ?,"
                + " 'connectops.alert.firing', now(), 'alert:' || ((g / ?) % ?), '{}',"
                + " ('00000000-0000-4000-8000-' || lpad(((g / ?) / ?)::text, 12, '0'))::uuid, 'WEBHOOK', 'PENDING',"
                + " 0, 5, now() - interval '1 second' FROM generate_series(0, ? - 1) AS g ORDER BY g")) {
            int i = 1;
            insert.setString(i++, burst);
            insert.setInt(i++, PER_THREAD);
            insert.setString(i++, burst);
            insert.setInt(i++, PER_THREAD);
            insert.setInt(i++, THREADS);
            insert.setInt(i++, PER_THREAD);
            insert.setInt(i++, THREADS);
            insert.setInt(i, UNSENT);
            assertThat(insert.executeUpdate()).isEqualTo(UNSENT);
        }
    }

    private static long rowsTouched(JsonNode node) {
        // EXPLAIN gives each count per loop.
        long loops = Math.max(1, node.path("Actual Loops").asLong());
        long touched = loops * (node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
                + node.path("Rows Removed by Join Filter").asLong());
        for (JsonNode child : node.path("Plans")) {
            touched += rowsTouched(child);
        }
        return touched;
    }
}
