package io.connectops.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Retention with the packaged settings (finished deliveries 90 days, conversation handles 400), on rows aged by SQL:
 * what is old and finished goes, what is recent or still owed stays however old it is.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RetentionJobTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionJob job;

    private final Instant now = Instant.now();

    @Test
    void finishedDeliveriesOlderThanNinetyDaysGoWithTheirAttemptsWhileRecentAndUnfinishedOnesStay() throws Exception {
        UUID channel = UUID.randomUUID();
        UUID delivered91 = delivery(channel, "t1", "DELIVERED", days(91), 3);
        UUID dead91 = delivery(channel, "t2", "DEAD_LETTERED", days(91), 8);
        UUID delivered89 = delivery(channel, "t3", "DELIVERED", days(89), 2);
        UUID pending = delivery(channel, "t4", "PENDING", days(200), 0);
        UUID retrying = delivery(channel, "t5", "RETRYING", days(200), 4);
        UUID sending = delivery(channel, "t6", "SENDING", days(200), 0);

        RetentionJob.Deleted deleted = job.deleteExpired(now);

        assertThat(deleted.deliveries()).isGreaterThanOrEqualTo(2);
        assertThat(strings("SELECT id::text FROM delivery WHERE channel_id = ?::uuid", channel))
                .containsExactlyInAnyOrder(delivered89.toString(), pending.toString(), retrying.toString(),
                        sending.toString());
        assertThat(strings("SELECT a.delivery_id::text FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id"
                + " WHERE d.channel_id = ?::uuid", channel))
                .containsOnly(delivered89.toString(), retrying.toString()).hasSize(6);
        assertThat(count("SELECT count(*) FROM delivery_attempt WHERE delivery_id IN (?::uuid, ?::uuid)",
                delivered91, dead91)).isZero();
    }

    @Test
    void takenDigestItemsOldRunsAndResolvedAlertRecordsGoWhileWaitingItemsAndFiringAlertsStay() throws Exception {
        UUID channel = UUID.randomUUID();
        String run91 = "retention-" + UUID.randomUUID();
        String run89 = "retention-" + UUID.randomUUID();
        digestItem(channel, "taken 91 days ago", run91, days(91));
        digestItem(channel, "taken 89 days ago", run89, days(89));
        digestItem(channel, "waiting for 200 days", null, days(200));
        digestRun(run91, days(91));
        digestRun(run89, days(89));
        alertNotification(channel, "resolved-91", "RESOLVED", days(91));
        alertNotification(channel, "resolved-89", "RESOLVED", days(89));
        alertNotification(channel, "firing-200", "FIRING", days(200));

        job.deleteExpired(now);

        assertThat(strings("SELECT headline FROM digest_item WHERE channel_id = ?::uuid", channel))
                .containsExactlyInAnyOrder("taken 89 days ago", "waiting for 200 days");
        assertThat(count("SELECT count(*) FROM digest_run WHERE digest_key IN (?, ?)", run91, run89)).isOne();
        assertThat(strings("SELECT digest_key FROM digest_run WHERE digest_key = ?", run89)).containsExactly(run89);
        assertThat(strings("SELECT fingerprint FROM alert_notification WHERE channel_id = ?::uuid", channel))
                .containsExactlyInAnyOrder("resolved-89", "firing-200");
    }

    @Test
    void aConversationHandleGoesAfterFourHundredQuietDaysOnlyWhenNoDeliveryOfItIsLeft() throws Exception {
        UUID channel = UUID.randomUUID();
        thread(channel, "incident:quiet-401", days(401));
        thread(channel, "incident:quiet-399", days(399));
        thread(channel, "incident:still-owed", days(401));
        delivery(channel, "incident:still-owed", "RETRYING", days(401), 1);
        String acknowledged401 = "retention-" + UUID.randomUUID();
        String acknowledged399 = "retention-" + UUID.randomUUID();
        acknowledgement(acknowledged401, days(401));
        acknowledgement(acknowledged399, days(399));

        job.deleteExpired(now);

        assertThat(strings("SELECT thread_key FROM thread_state WHERE channel_id = ?::uuid", channel))
                .containsExactlyInAnyOrder("incident:quiet-399", "incident:still-owed");
        assertThat(strings("SELECT incident_id FROM incident_acknowledgement WHERE incident_id IN (?, ?)",
                acknowledged401, acknowledged399)).containsExactly(acknowledged399);
    }

    @Test
    void resolvedGroupAlertsGoAfterNinetyDaysAndConversationLinksAfterFourHundredWhileFiringAndOwedOnesStay()
            throws Exception {
        UUID channel = UUID.randomUUID();
        String group = "retention-" + UUID.randomUUID();
        String emptyGroup = "retention-" + UUID.randomUUID();
        execute("INSERT INTO alert_group (group_key, episode, episode_started_at) VALUES (?, 1, ?), (?, 1, ?)",
                group, days(401), emptyGroup, days(401));
        member(group, "resolved-91", "RESOLVED", days(91));
        member(group, "resolved-89", "RESOLVED", days(89));
        member(group, "firing-200", "FIRING", days(200));
        execute("INSERT INTO alert_incident (fingerprint, incident_id, attached_at) VALUES (?, 'i-401', ?),"
                + " (?, 'i-399', ?)", group + "/a", days(401), group + "/b", days(399));
        execute("INSERT INTO incident_conversation (channel_id, incident_id, thread_key, created_at) VALUES"
                + " (?::uuid, 'quiet-401', 'incident:quiet-401', ?), (?::uuid, 'owed-401', 'group:owed#1', ?),"
                + " (?::uuid, 'quiet-399', 'incident:quiet-399', ?)",
                channel, days(401), channel, days(401), channel, days(399));
        delivery(channel, "group:owed#1", "RETRYING", days(401), 1);

        RetentionJob.Deleted deleted = job.deleteExpired(now);

        assertThat(deleted.conversations()).isGreaterThanOrEqualTo(4);
        assertThat(strings("SELECT fingerprint FROM alert_group_member WHERE group_key = ?", group))
                .containsExactlyInAnyOrder("resolved-89", "firing-200");
        assertThat(strings("SELECT group_key FROM alert_group WHERE group_key IN (?, ?)", group, emptyGroup))
                .containsExactly(group);
        assertThat(strings("SELECT incident_id FROM alert_incident WHERE fingerprint IN (?, ?)", group + "/a",
                group + "/b")).containsExactly("i-399");
        assertThat(strings("SELECT incident_id FROM incident_conversation WHERE channel_id = ?::uuid", channel))
                .containsExactlyInAnyOrder("owed-401", "quiet-399");
    }

    private void member(String group, String fingerprint, String state, Instant at) throws SQLException {
        execute("INSERT INTO alert_group_member (group_key, fingerprint, state, payload, changed_at)"
                + " VALUES (?, ?, ?, '{}', ?)", group, fingerprint, state, at);
    }

    @Test
    void twoReplicasRunningAtOnceShareTheBatchesAndDeleteEachRowOnce() throws Exception {
        UUID channel = UUID.randomUUID();
        try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement(
                "INSERT INTO delivery (id, idempotency_key, source_event_id, source_event_type, event_time,"
                        + " thread_key, payload, channel_id, channel_type, status, attempts, max_attempts,"
                        + " next_attempt_at, created_at, updated_at) SELECT gen_random_uuid(), ? || n, 'e' || n,"
                        + " 'connectops.incident.opened.v1', ?, 't' || n, '{}', ?::uuid, 'WEBHOOK', 'DELIVERED', 1,"
                        + " 8, ?, ?, ? FROM generate_series(1, 2500) n")) {
            Timestamp old = Timestamp.from(days(120));
            insert.setString(1, channel + "/");
            insert.setTimestamp(2, old);
            insert.setString(3, channel.toString());
            insert.setTimestamp(4, old);
            insert.setTimestamp(5, old);
            insert.setTimestamp(6, old);
            insert.executeUpdate();
        }

        CompletableFuture<RetentionJob.Deleted> first = CompletableFuture.supplyAsync(this::deleteExpired);
        CompletableFuture<RetentionJob.Deleted> second = CompletableFuture.supplyAsync(this::deleteExpired);

        assertThat(first.join().deliveries() + second.join().deliveries()).isGreaterThanOrEqualTo(2500);
        assertThat(count("SELECT count(*) FROM delivery WHERE channel_id = ?::uuid", channel)).isZero();
    }

    @Test
    void aDeliveryRetentionShorterThanTheTopicsIsRefused() {
        assertThatThrownBy(() -> RetentionJob.requireSafe(Duration.ofDays(6), Duration.ofDays(400), Duration.ofDays(7)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connectops.notifications.retention.deliveries (PT144H)")
                .hasMessageContaining("connectops.kafka.topics.retention (PT168H)");
        assertThatThrownBy(() -> RetentionJob.requireSafe(Duration.ofDays(90), Duration.ofDays(30), Duration.ofDays(7)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connectops.notifications.retention.threads (PT720H)");
        RetentionJob.requireSafe(Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(7));
    }

    private RetentionJob.Deleted deleteExpired() {
        try {
            return job.deleteExpired(Instant.now());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant days(int days) {
        return now.minus(Duration.ofDays(days));
    }

    /**
     * A delivery last changed {@code at} with {@code attempts} attempts, written in one transaction; unfinished ones
     * are due far ahead so that the worker leaves them alone.
     */
    private UUID delivery(UUID channel, String threadKey, String status, Instant at, int attempts)
            throws SQLException {
        UUID id = UUID.randomUUID();
        try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement(
                "WITH d AS (INSERT INTO delivery (id, idempotency_key, source_event_id, source_event_type, event_time,"
                        + " thread_key, payload, channel_id, channel_type, status, attempts, max_attempts,"
                        + " next_attempt_at, claimed_until, created_at, updated_at) VALUES (?::uuid, ?, ?,"
                        + " 'connectops.incident.opened.v1', ?, ?, '{}', ?::uuid, 'WEBHOOK', ?, ?, 8, ?, ?, ?, ?)"
                        + " RETURNING id) INSERT INTO delivery_attempt (delivery_id, attempt, started_at, duration_ms,"
                        + " outcome, http_status) SELECT d.id, n, now(), 12, 'RETRY', 503 FROM d,"
                        + " generate_series(1, ?) n")) {
            Timestamp ahead = Timestamp.from(now.plus(Duration.ofDays(1)));
            insert.setString(1, id.toString());
            insert.setString(2, id + "/" + channel);
            insert.setString(3, id.toString());
            insert.setTimestamp(4, Timestamp.from(at));
            insert.setString(5, threadKey);
            insert.setString(6, channel.toString());
            insert.setString(7, status);
            insert.setInt(8, attempts);
            insert.setTimestamp(9, ahead);
            insert.setTimestamp(10, "SENDING".equals(status) ? ahead : null);
            insert.setTimestamp(11, Timestamp.from(at));
            insert.setTimestamp(12, Timestamp.from(at));
            insert.setInt(13, attempts);
            insert.executeUpdate();
        }
        return id;
    }

    private void digestItem(UUID channel, String headline, String digestKey, Instant at) throws SQLException {
        execute("INSERT INTO digest_item (id, idempotency_key, channel_id, source_event_id, source_event_type,"
                + " headline, event_time, created_at, digest_key) VALUES (gen_random_uuid(), gen_random_uuid()::text,"
                + " ?::uuid, 'e', 'connectops.alert.firing.v1', ?, ?, ?, ?)", channel, headline, at, at, digestKey);
    }

    private void digestRun(String digestKey, Instant at) throws SQLException {
        execute("INSERT INTO digest_run (digest_key, collected_to, run_at) VALUES (?, ?, ?)", digestKey, at, at);
    }

    private void alertNotification(UUID channel, String fingerprint, String state, Instant at) throws SQLException {
        execute("INSERT INTO alert_notification (channel_id, fingerprint, state, notified_at) VALUES (?::uuid, ?, ?, ?)",
                channel, fingerprint, state, at);
    }

    private void thread(UUID channel, String threadKey, Instant at) throws SQLException {
        execute("INSERT INTO thread_state (channel_id, thread_key, parent_ref, created_at, updated_at)"
                + " VALUES (?::uuid, ?, '1700000000.000100', ?, ?)", channel, threadKey, at, at);
    }

    private void acknowledgement(String incidentId, Instant at) throws SQLException {
        execute("INSERT INTO incident_acknowledgement (incident_id, acknowledged_at) VALUES (?, ?)", incidentId, at);
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        }
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            try (var rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private List<String> strings(String sql, Object... parameters) throws SQLException {
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            try (var rows = select.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                statement.setString(i + 1, value == null ? null : value.toString());
            }
        }
    }
}
