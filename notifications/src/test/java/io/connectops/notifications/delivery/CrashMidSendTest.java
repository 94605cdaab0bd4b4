package io.connectops.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.fakes.Fault;
import io.connectops.fakes.ServiceNowFake;
import io.connectops.fakes.SlackFake;
import io.connectops.notifications.Fixtures;
import io.connectops.notifications.channels.Channel;
import io.connectops.notifications.content.ContentRenderer;
import io.connectops.notifications.senders.SendJob;
import io.connectops.notifications.senders.SendResult;
import io.connectops.notifications.senders.Senders;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A message that reached Slack or ServiceNow but whose outcome was never recorded (the sender was killed mid-send,
 * or the receiver took it and never answered) is found there by the next attempt and not sent again.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CrashMidSendTest {

    private static final String TOKEN = "xoxb-crash-1234-secret";
    private static final String USER = "svc-crash";
    private static final String PASSWORD = "crash-Pass-7";

    @Inject
    DataSource dataSource;

    @Inject
    DeliveryQueue queue;

    @Inject
    Senders senders;

    @Test
    void aSendKilledAfterItReachedSlackAndServiceNowIsFoundThereAndNeverRepeated() throws Exception {
        String queueName = Fixtures.unique("crash");
        String slackChannelId = Fixtures.unique("C");
        String incidentId = Fixtures.unique("inc");
        String slack = Fixtures.slackChannel(slackChannelId);
        String serviceNow = Fixtures.serviceNowChannel();
        Fixtures.routeForQueue(queueName, slack, serviceNow);
        // Open circuits keep this instance's dispatcher away: the test plays the replica that will die.
        hold(slack, serviceNow);

        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Abandonment 18%", queueName));
        Fixtures.awaitStatuses("incidentId", incidentId, 2, "PENDING");
        List<String> deliveryIds = Fixtures.deliveries("incidentId", incidentId).getList("items.id", String.class);

        for (String deliveryId : deliveryIds) {
            claim(UUID.fromString(deliveryId));
            assertThat(queue.startAttempt(UUID.fromString(deliveryId))).isTrue();
            SendResult reached = senders.send(jobAsClaimed(UUID.fromString(deliveryId)));
            assertThat(reached.delivered()).as(reached.detail()).isTrue();
            // kill -9: the answer is never recorded, the claim stays until it expires.
        }
        assertThat(Fixtures.SLACK.messagesIn(slackChannelId)).hasSize(1);
        assertThat(records(incidentId)).hasSize(1);

        expireClaimsAndRelease(deliveryIds, slack, serviceNow);

        Fixtures.awaitStatuses("incidentId", incidentId, 2, "DELIVERED");
        assertThat(Fixtures.SLACK.messagesIn(slackChannelId)).as("posted once").hasSize(1);
        List<Map<String, Object>> records = records(incidentId);
        assertThat(records).as("one ServiceNow record").hasSize(1);
        String sysId = (String) records.get(0).get("sys_id");
        assertThat(Fixtures.SERVICENOW.workNotes(sysId)).as("one work note").hasSize(1);
        for (String deliveryId : deliveryIds) {
            JsonPath delivery = ApiSecurity.as(Roles.ADMIN).get("/api/v1/deliveries/" + deliveryId).then()
                    .statusCode(200).extract().jsonPath();
            assertThat(delivery.getList("attemptLog.outcome")).containsExactly("DELIVERED");
            assertThat(delivery.getString("attemptLog[0].detail")).startsWith("Found");
        }
        assertThat(Fixtures.SLACK.received("/api/conversations.history")).isNotEmpty();

        // The conversation goes on from what was found: the next change threads under the one post.
        Fixtures.publish(Fixtures.incident(incidentId, Change.ASSESSED, "INVESTIGATING", "Trunk suspected", queueName));
        Fixtures.awaitStatuses("incidentId", incidentId, 4, "DELIVERED");
        List<SlackFake.Message> messages = Fixtures.SLACK.messagesIn(slackChannelId);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).threadTs()).isEqualTo(messages.get(0).ts());
        assertThat(records(incidentId)).hasSize(1);
        assertThat(Fixtures.SERVICENOW.workNotes(sysId)).hasSize(2);
    }

    @Test
    void aReceiverThatTookTheMessageButNeverAnsweredIsAskedBeforeItIsSentAgain() {
        try (SlackFake slackFake = new SlackFake(TOKEN); ServiceNowFake serviceNowFake = new ServiceNowFake(USER,
                PASSWORD)) {
            slackFake.start(0);
            serviceNowFake.start(0);
            String queueName = Fixtures.unique("lost");
            String slackChannelId = Fixtures.unique("C");
            String incidentId = Fixtures.unique("inc");
            String slack = Fixtures.createChannel(Map.of("name", Fixtures.unique("slack"), "type", "SLACK",
                    "settings", Map.of("channel", slackChannelId, "apiUrl", slackFake.baseUrl() + "/api"),
                    "secrets", Map.of("botToken", TOKEN)));
            String serviceNow = Fixtures.createChannel(Map.of("name", Fixtures.unique("servicenow"),
                    "type", "SERVICENOW", "settings", Map.of("instanceUrl", serviceNowFake.baseUrl(), "username", USER),
                    "secrets", Map.of("password", PASSWORD)));
            Fixtures.routeForQueue(queueName, slack, serviceNow);
            // Slack takes the first post and never answers; ServiceNow creates the record, then takes the first
            // update and never answers. The test profile gives up on an answer after 2 s.
            slackFake.inject(Fault.answerLost(5_000, 1));
            Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Abandonment 18%", queueName));
            Fixtures.awaitStatuses("incidentId", incidentId, 2, "DELIVERED");
            serviceNowFake.inject(Fault.answerLost(5_000, 1));
            Fixtures.publish(Fixtures.incident(incidentId, Change.ASSESSED, "INVESTIGATING", "Trunk suspected",
                    queueName));
            Fixtures.awaitStatuses("incidentId", incidentId, 4, "DELIVERED");

            assertThat(slackFake.messagesIn(slackChannelId)).as("Slack: one post, one reply").hasSize(2);
            assertThat(serviceNowFake.incidents()).hasSize(1);
            assertThat(serviceNowFake.workNotes((String) serviceNowFake.incidents().get(0).get("sys_id")))
                    .as("ServiceNow: one note per change").hasSize(2);
            assertThat(attempts(incidentId, "SLACK")).containsExactly(List.of("RETRY", "DELIVERED"),
                    List.of("DELIVERED"));
            assertThat(attempts(incidentId, "SERVICENOW")).containsExactly(List.of("DELIVERED"),
                    List.of("RETRY", "DELIVERED"));
            assertThat(serviceNowFake.received("/api/now/table/sys_journal_field")).hasSize(1);
        }
    }

    /** The attempt outcomes of each of the incident's deliveries to one channel type, oldest delivery first. */
    private static List<List<String>> attempts(String incidentId, String channelType) {
        JsonPath deliveries = Fixtures.deliveries("incidentId", incidentId);
        List<String> ids = new ArrayList<>(deliveries.getList("items.findAll { it.channelType == '" + channelType
                + "' }.id", String.class));
        Collections.reverse(ids);
        return ids.stream().map(id -> ApiSecurity.as(Roles.ADMIN).get("/api/v1/deliveries/" + id).then()
                .statusCode(200).extract().jsonPath().getList("attemptLog.outcome", String.class)).toList();
    }

    private static List<Map<String, Object>> records(String incidentId) {
        return Fixtures.SERVICENOW.incidents().stream()
                .filter(r -> ("connectops:incident:" + incidentId).equals(r.get("correlation_id"))).toList();
    }

    /** The job the claim hands a sender (built before the attempt is noted, so nothing is in doubt yet). */
    private static SendJob jobAsClaimed(UUID deliveryId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Delivery delivery = Delivery.findById(deliveryId);
            Channel channel = Channel.findById(delivery.channelId);
            Object event = ContentRenderer.event(delivery.sourceEventType, delivery.payload);
            return new SendJob(delivery.id, delivery.idempotencyKey, delivery.sourceEventId,
                    delivery.sourceEventType, delivery.threadKey, event, ContentRenderer.render(event),
                    channel.snapshot(), null, null);
        });
    }

    private void hold(String... channelIds) throws SQLException {
        for (String channelId : channelIds) {
            update("INSERT INTO channel_circuit (channel_id, failures, open_until) VALUES (?, 0, now() + interval '1 hour')",
                    channelId);
        }
    }

    /** What the claim writes: this (doomed) instance owns the delivery for the claim timeout. */
    private void claim(UUID deliveryId) throws SQLException {
        update("UPDATE delivery SET status = 'SENDING', claimed_until = now() + interval '2 minutes' WHERE id = ?",
                deliveryId.toString());
    }

    /** Two minutes later, as far as the survivors can tell. */
    private void expireClaimsAndRelease(List<String> deliveryIds, String... channelIds) throws SQLException {
        for (String deliveryId : deliveryIds) {
            update("UPDATE delivery SET claimed_until = now() - interval '1 second' WHERE id = ?", deliveryId);
        }
        for (String channelId : channelIds) {
            update("DELETE FROM channel_circuit WHERE channel_id = ?", channelId);
        }
    }

    private void update(String sql, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, UUID.fromString(id));
            statement.executeUpdate();
        }
    }
}
