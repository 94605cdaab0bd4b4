package io.connectops.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Outcomes written by the plain-SQL store ({@link DeliveryStore}): each attempt once, numbered by the row's count,
 * the outcome published once, a late or repeated outcome for a delivery no longer being sent changes nothing, the
 * note of a send in doubt kept only while no answer came, outcomes recorded together in one transaction. Rows are made here as claimed (SENDING, claimed for an
 * hour) for a channel whose circuit is open for an hour, so the running dispatcher leaves them alone between steps.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SettledOnceTest {

    @Inject
    DeliveryQueue queue;

    @Inject
    DeliveryWorker worker;

    @Inject
    DataSource dataSource;

    @Test
    void aRetryThenADeliveryAreTwoAttemptsAndARepeatedOutcomeWritesNothing() throws SQLException {
        UUID id = claimedDelivery(0, 3);

        queue.complete(job(id), SendResult.retry(503, "HTTP 503", null), Instant.now(), 12);
        assertThat(row(id)).isEqualTo(List.of("RETRYING", "1", "HTTP 503", "null"));
        assertThat(attempts(id)).containsExactly("1 RETRY 503 HTTP 503");

        reclaim(id);
        queue.complete(job(id), SendResult.delivered(200, "msg-1", null, "Webhook answered HTTP 200"), Instant.now(),
                7);
        queue.complete(job(id), SendResult.delivered(200, "msg-2", null, "again"), Instant.now(), 7);

        assertThat(row(id)).isEqualTo(List.of("DELIVERED", "2", "HTTP 503", "msg-1"));
        assertThat(attempts(id)).containsExactly("1 RETRY 503 HTTP 503", "2 DELIVERED 200 Webhook answered HTTP 200");
        assertThat(outboxEvents(id)).containsExactly(id + "/DELIVERED/2");
    }

    @Test
    void theLastAttemptOfTheBudgetDeadLettersOnceAndAnUnansweredOneKeepsItsNote() throws SQLException {
        UUID id = claimedDelivery(2, 4);
        assertThat(queue.startAttempt(id)).isTrue();

        queue.complete(job(id), SendResult.unanswered("No answer within PT10S"), Instant.now(), 10_000);
        assertThat(row(id)).isEqualTo(List.of("RETRYING", "3", "No answer within PT10S", "null"));
        assertThat(sendStarted(id)).as("no answer came: the next attempt looks first").isTrue();

        reclaim(id);
        queue.complete(job(id), SendResult.retry(500, "HTTP 500", null), Instant.now(), 5);
        queue.complete(job(id), SendResult.retry(500, "HTTP 500", null), Instant.now(), 5);

        assertThat(row(id)).isEqualTo(List.of("DEAD_LETTERED", "4", "HTTP 500", "null"));
        assertThat(sendStarted(id)).as("an answer settles the doubt").isFalse();
        assertThat(attempts(id)).containsExactly("3 RETRY null No answer within PT10S", "4 RETRY 500 HTTP 500");
        assertThat(outboxEvents(id)).containsExactly(id + "/DEAD_LETTERED/4");
    }

    @Test
    void outcomesRecordedTogetherEachLandOnceAndCloseOnlyTheCircuitsTheirClaimsKnew() throws SQLException {
        UUID known = claimedDelivery(0, 3);
        UUID unknown = claimedDelivery(0, 3);
        UUID failed = claimedDelivery(0, 3);

        queue.completeAll(List.of(
                new DeliveryQueue.Completion(job(known), SendResult.delivered(200, "msg-k", null, "HTTP 200"),
                        Instant.now(), 5, true),
                new DeliveryQueue.Completion(job(unknown), SendResult.delivered(200, "msg-u", null, "HTTP 200"),
                        Instant.now(), 5, false),
                new DeliveryQueue.Completion(job(failed), SendResult.retry(503, "HTTP 503", null), Instant.now(), 5,
                        true)));

        assertThat(row(known)).isEqualTo(List.of("DELIVERED", "1", "null", "msg-k"));
        assertThat(row(unknown)).isEqualTo(List.of("DELIVERED", "1", "null", "msg-u"));
        assertThat(row(failed)).isEqualTo(List.of("RETRYING", "1", "HTTP 503", "null"));
        assertThat(outboxEvents(known)).containsExactly(known + "/DELIVERED/1");
        assertThat(outboxEvents(unknown)).containsExactly(unknown + "/DELIVERED/1");
        assertThat(outboxEvents(failed)).isEmpty();
        assertThat(circuits(known)).as("the claim knew of its channel's circuit: the answer closes it").isZero();
        assertThat(circuits(unknown)).as("no circuit when claimed: nothing is looked for").isOne();
        assertThat(circuits(failed)).isOne();
    }

    @Test
    void aBatchThatCannotBeWrittenIsRecordedOneOutcomeAtATime() throws SQLException {
        UUID good = claimedDelivery(0, 3);
        UUID bad = claimedDelivery(0, 3);
        List<DeliveryQueue.Completion> batch = List.of(
                new DeliveryQueue.Completion(job(good), SendResult.delivered(200, "msg-g", null, "HTTP 200"),
                        Instant.now(), 5, true),
                // A conversation handle without its parent message cannot be stored (thread_state.parent_ref).
                new DeliveryQueue.Completion(job(bad), SendResult.delivered(200, "msg-b",
                        new SendJob.Thread("C1", null, null), "HTTP 200"), Instant.now(), 5, true));

        assertThatThrownBy(() -> queue.completeAll(batch)).isInstanceOf(RuntimeException.class);
        assertThat(row(good)).as("one transaction: nothing of the batch was written").element(0).isEqualTo("SENDING");

        worker.recordAll(batch);

        assertThat(row(good)).isEqualTo(List.of("DELIVERED", "1", "null", "msg-g"));
        assertThat(outboxEvents(good)).containsExactly(good + "/DELIVERED/1");
        assertThat(row(bad)).as("left to its claim's expiry, sent again then").element(0).isEqualTo("SENDING");
        assertThat(outboxEvents(bad)).isEmpty();
    }

    private static SendJob job(UUID id) {
        return new SendJob(id, "settled-once/" + id, "settled-once", "connectops.incident.opened", "incident:x", null,
                null, null, null, null);
    }

    private UUID claimedDelivery(int attempts, int maxAttempts) throws SQLException {
        UUID id = UUID.randomUUID();
        UUID channel = UUID.randomUUID();
        QueueRows.forChannel(dataSource, "INSERT INTO channel_circuit (channel_id, failures, open_until)"
                + " VALUES (?, 3, now() + interval '1 hour')", channel);
        QueueRows.insert(dataSource, id, "settled-once", channel, "WEBHOOK", true, attempts, maxAttempts);
        return id;
    }

    /** Claims the delivery again, as the dispatcher would once it is due. */
    private void reclaim(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE delivery SET status = 'SENDING',"
                        + " claimed_until = now() + interval '1 hour' WHERE id = ? AND status = 'RETRYING'")) {
            update.setObject(1, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private List<String> row(UUID id) throws SQLException {
        return strings("SELECT status, attempts::text, coalesce(last_error, 'null'), coalesce(external_ref, 'null')"
                + " FROM delivery WHERE id = ?", id, 4);
    }

    /** The circuit rows of the delivery's channel. */
    private long circuits(UUID id) throws SQLException {
        return Long.parseLong(strings("SELECT count(*)::text FROM channel_circuit WHERE channel_id ="
                + " (SELECT channel_id FROM delivery WHERE id = ?)", id, 1).get(0));
    }

    private boolean sendStarted(UUID id) throws SQLException {
        return strings("SELECT (send_started_at IS NOT NULL)::text FROM delivery WHERE id = ?", id, 1).get(0)
                .equals("true");
    }

    private List<String> attempts(UUID id) throws SQLException {
        return strings("SELECT attempt || ' ' || outcome || ' ' || coalesce(http_status::text, 'null') || ' ' || detail"
                + " FROM delivery_attempt WHERE delivery_id = ? ORDER BY attempt", id, 1);
    }

    private List<String> outboxEvents(UUID id) throws SQLException {
        return strings("SELECT event_id FROM outbox_event WHERE event_id LIKE ? || '/%' ORDER BY event_id", id, 1);
    }

    private List<String> strings(String sql, UUID id, int columns) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, sql.contains("LIKE") ? (Object) id.toString() : id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        values.add(rows.getString(i));
                    }
                }
            }
        }
        return values;
    }
}
