package io.connectops.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.connectops.notifications.senders.ChannelType;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A burst of deliveries (an outage's alerts fanned out to many channels) lands in a queue whose statistics were taken
 * while it was nearly empty; autoanalyze comes up to a minute later. The claim must stay linear in the unsent rows
 * whatever plan those statistics lead to: asking of each unsent row whether an older one of its conversation is still
 * unsent became, in such a plan, a nested loop over the burst for each of its rows (4 million rows compared for 2,000
 * deliveries, a second a claim). A join of the burst's rows with themselves, even by primary key, is as bad when the
 * planner believes the table tiny (a fresh database): nested loops over sequential scans. Everything here happens in
 * one transaction that is rolled back, so the running dispatcher never sees these rows and the statistics stay.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ClaimPlanTest {

    /** 100 channels, 10 conversations each, 2 deliveries in each conversation. */
    private static final int CHANNELS = 100;
    private static final int THREADS = 10;
    private static final int PER_THREAD = 2;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    ChannelPacer pacer;

    @Test
    void twiceTheBurstCostsTheClaimAboutTwiceTheRowsWhateverThePlan() throws Exception {
        // The joins a planner picks when it believes the queue holds a handful of rows: nested loops, then nested
        // loops over sequential scans (a fresh database, never analysed).
        for (String plan : new String[] {"SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off",
                "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL enable_indexscan = off;"
                        + " SET LOCAL enable_bitmapscan = off"}) {
            long burst = rowsTouchedByAClaim(CHANNELS / 2, plan);
            long twice = rowsTouchedByAClaim(CHANNELS, plan);
            // Linear: about 2; the former query, which compared each unsent row with every other, gave about 4
            // (6 million rows for the larger burst).
            assertThat((double) twice / burst).as(plan + ": %d then %d rows", burst, twice).isLessThan(2.6);
        }
    }

    @Test
    void theClaimFindsTheOldestUnsentDeliveryOfEachConversationAndNoneAfterIt() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String burst = "burst-" + UUID.randomUUID();
                insertBurst(connection, burst, CHANNELS);
                Set<String> heads = new HashSet<>(dueHeads(connection, 10 * CHANNELS * THREADS * PER_THREAD));
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
                heads.retainAll(burstIds);
                assertThat(heads).isEqualTo(firsts);

                List<String> locked = new ArrayList<>();
                try (PreparedStatement lock = connection.prepareStatement(DeliveryStore.LOCK_DUE)) {
                    lock.setArray(1, connection.createArrayOf("uuid", firsts.toArray()));
                    lock.setInt(2, 32);
                    try (ResultSet rows = lock.executeQuery()) {
                        while (rows.next()) {
                            locked.add(rows.getString(1));
                        }
                    }
                }
                assertThat(locked).hasSize(32);
                assertThat(firsts).containsAll(locked);
            } finally {
                connection.rollback();
            }
        }
    }

    /**
     * Rows produced and thrown away by every node of the plans of both of a claim's statements, for a burst over
     * {@code channels} channels (20 deliveries each) with the planner's {@code settings}; rolled back after.
     */
    private long rowsTouchedByAClaim(int channels, String settings) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insertBurst(connection, "burst-" + UUID.randomUUID(), channels);
                try (Statement statement = connection.createStatement()) {
                    for (String setting : settings.split("; ")) {
                        statement.execute(setting);
                    }
                }
                JsonNode heads = explain(connection, DeliveryStore.DUE_HEADS,
                        select -> bindDueHeads(select, DeliveryStore.HEADS_PER_PLACE * 32, pacer));
                assertThat(heads.get("Actual Rows").asLong()).isEqualTo(DeliveryStore.HEADS_PER_PLACE * 32);
                List<String> due = dueHeads(connection, DeliveryStore.HEADS_PER_PLACE * 32);
                JsonNode locked = explain(connection, DeliveryStore.LOCK_DUE, select -> {
                    select.setArray(1, connection.createArrayOf("uuid", due.toArray()));
                    select.setInt(2, 32);
                });
                assertThat(locked.get("Actual Rows").asLong()).isEqualTo(32);
                return rowsTouched(heads) + rowsTouched(locked);
            } finally {
                connection.rollback();
            }
        }
    }

    private List<String> dueHeads(Connection connection, int max) throws Exception {
        return dueHeads(connection, max, pacer);
    }

    /** The due heads the dispatcher's claim would read, at {@code paces}. */
    private static List<String> dueHeads(Connection connection, int max, ChannelPacer paces) throws Exception {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(DeliveryStore.DUE_HEADS)) {
            bindDueHeads(select, max, paces);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    /** The claim's question as the dispatcher asks it: slots within the senders' 1.5 s wait. */
    private static void bindDueHeads(PreparedStatement select, int max, ChannelPacer paces) throws SQLException {
        Instant now = Instant.now();
        DeliveryStore.bindDueHeads(select, now, now.plusMillis(1500), paces, max);
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** The root node of {@code sql}'s plan as executed with these parameters. */
    private JsonNode explain(Connection connection, String sql, Binder parameters) throws Exception {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            parameters.bind(explain);
            try (ResultSet rows = explain.executeQuery()) {
                rows.next();
                return mapper.readTree(rows.getString(1)).get(0).get("Plan");
            }
        }
    }

    @Test
    void aPacedChannelGivesAClaimNoMoreHeadsThanItsPaceSendsWithinTheSendersWait() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // A Slack channel (a message a second) and a webhook (20 a second), each with a backlog of ten
                // conversations, every head due.
                String burst = "storm-" + UUID.randomUUID();
                insertBurst(connection, burst, 2, "SLACK");
                // The production paces (the test profile lets Slack send 20 a second).
                ChannelPacer productionPaces = new ChannelPacer() {
                    @Override
                    Duration spacing(ChannelType type) {
                        return type == ChannelType.SLACK ? Duration.ofSeconds(1) : Duration.ofMillis(50);
                    }
                };
                List<String> heads = dueHeads(connection, 10_000, productionPaces);
                Map<String, Long> byChannel = new HashMap<>();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT channel_id::text FROM delivery WHERE id = ANY (?)")) {
                    select.setArray(1, connection.createArrayOf("uuid", heads.toArray()));
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            byChannel.merge(rows.getString(1), 1L, Long::sum);
                        }
                    }
                }
                // Channel 0 is Slack: within 1.5 s it can send one message; the other slots would only be put back.
                assertThat(byChannel).containsEntry(channel(0).toString(), 1L);
                assertThat(byChannel).as("a webhook sends 30 within 1.5 s: all ten heads")
                        .containsEntry(channel(1).toString(), (long) THREADS);
            } finally {
                connection.rollback();
            }
        }
    }

    private static UUID channel(int n) {
        return UUID.fromString("00000000-0000-4000-8000-" + String.format("%012d", n));
    }

    /** Two deliveries in each conversation of each channel, all due: the first of each is its conversation's head. */
    private static void insertBurst(Connection connection, String burst, int channels) throws Exception {
        insertBurst(connection, burst, channels, "WEBHOOK");
    }

    /** As {@link #insertBurst(Connection, String, int)}, the first channel of type {@code firstType}. */
    private static void insertBurst(Connection connection, String burst, int channels, String firstType)
            throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO delivery (id, idempotency_key,"
                + " source_event_id, source_event_type, event_time, thread_key, payload, channel_id, channel_type,"
                + " status, attempts, max_attempts, next_attempt_at)"
                + " SELECT gen_random_uuid(), ? || '/' || g || CASE WHEN g % ? = 0 THEN '/first' ELSE '/later' END, ?,"
                + " 'connectops.alert.firing', now(), 'alert:' || ((g / ?) % ?), '{}',"
                + " ('00000000-0000-4000-8000-' || lpad(((g / ?) / ?)::text, 12, '0'))::uuid,"
                + " CASE WHEN (g / ?) / ? = 0 THEN ? ELSE 'WEBHOOK' END, 'PENDING',"
                + " 0, 5, now() - interval '1 second' FROM generate_series(0, ? - 1) AS g ORDER BY g")) {
            int i = 1;
            insert.setString(i++, burst);
            insert.setInt(i++, PER_THREAD);
            insert.setString(i++, burst);
            insert.setInt(i++, PER_THREAD);
            insert.setInt(i++, THREADS);
            insert.setInt(i++, PER_THREAD);
            insert.setInt(i++, THREADS);
            insert.setInt(i++, PER_THREAD);
            insert.setInt(i++, THREADS);
            insert.setString(i++, firstType);
            insert.setInt(i, channels * THREADS * PER_THREAD);
            assertThat(insert.executeUpdate()).isEqualTo(channels * THREADS * PER_THREAD);
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
