package io.connectops.notifications.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * A channel sealed under a key that is no longer configured (a second checkout's key, a rotation done in the wrong
 * order) stops only itself: the others list, route and deliver, and a PUT with new secrets repairs it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class UnreadableChannelTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChannelSecretsMonitor monitor;

    @Inject
    MeterRegistry registry;

    @Test
    void aChannelSealedUnderARetiredKeyStopsOnlyItselfAndAPutWithNewSecretsRepairsIt() throws SQLException {
        String queue = Fixtures.unique("q");
        String hookPath = "/" + Fixtures.unique("healthy");
        String healthy = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + hookPath);
        String slackChannel = Fixtures.unique("C");
        String broken = Fixtures.slackChannel(slackChannel);
        Fixtures.routeForQueue(queue, healthy, broken);
        sealUnderARetiredKey(broken);

        long unreadable = monitor.refresh();
        assertThat(unreadable).isGreaterThanOrEqualTo(1);
        assertThat(registry.get(ChannelSecretsMonitor.METER).gauge().value()).isEqualTo((double) unreadable);
        RestAssured.get("/q/health/ready").then()
                .body("checks.find { it.name == 'notifications-channel-secrets' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'notifications-channel-secrets' }.data.unreadableChannels",
                        greaterThanOrEqualTo(1));
        // The list goes on serving every channel; the two are looked for on whichever page holds them.
        Map<String, Object> brokenListed = listed(broken);
        assertThat(brokenListed.get("secretsUnreadable")).isEqualTo(true);
        assertThat((List<?>) brokenListed.get("secretsSet")).isEmpty();
        assertThat(listed(healthy).get("secretsUnreadable")).isEqualTo(false);
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + broken).then().statusCode(200)
                .body("secretsUnreadable", equalTo(true)).body("secretsSet", empty());

        String incidentId = Fixtures.unique("inc");
        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Queue down", queue));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(status(incidentId, healthy)).isEqualTo("DELIVERED");
            assertThat(status(incidentId, broken)).isEqualTo("DEAD_LETTERED");
        });
        assertThat(Fixtures.WEBHOOK.received(hookPath)).hasSize(1);
        assertThat(Fixtures.SLACK.messagesIn(slackChannel)).isEmpty();
        String deadLettered = delivery(incidentId, broken).getString("id");
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/deliveries/" + deadLettered).then()
                .body("lastError", equalTo(Channel.UNREADABLE));

        // Without its secrets the channel cannot be repaired: the PUT says which one is missing and changes nothing.
        Map<String, Object> settings = Map.of("channel", slackChannel, "apiUrl", Fixtures.SLACK.baseUrl() + "/api");
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("repaired"), "settings", settings))
                .put("/api/v1/channels/" + broken).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", Matchers.hasItem("secrets.botToken"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("repaired"), "settings", settings,
                        "secrets", Map.of("botToken", Fixtures.SLACK_TOKEN)))
                .put("/api/v1/channels/" + broken).then().statusCode(200)
                .body("secretsUnreadable", equalTo(false))
                .body("secretsSet", Matchers.contains("botToken"));
        assertThat(monitor.refresh()).isEqualTo(unreadable - 1);

        ApiSecurity.as(Roles.INCIDENT_MANAGER).post("/api/v1/deliveries/" + deadLettered + "/retry").then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(status(incidentId, broken)).isEqualTo("DELIVERED"));
        assertThat(Fixtures.SLACK.messagesIn(slackChannel)).hasSize(1);
    }

    /** What a second checkout (or a rotation that dropped the old key too early) leaves in the row. */
    private void sealUnderARetiredKey(String channelId) throws SQLException {
        byte[] retiredKey = new byte[32];
        new SecureRandom().nextBytes(retiredKey);
        String sealed = SecretSeal.of("retired-2024", Map.of("retired-2024", retiredKey))
                .seal(Map.of("botToken", Fixtures.SLACK_TOKEN), UUID.fromString(channelId));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE channel SET sealed_secrets = ? WHERE id = CAST(? AS UUID)")) {
            update.setString(1, sealed);
            update.setString(2, channelId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static JsonPath delivery(String incidentId, String channelId) {
        JsonPath found = ApiSecurity.as(Roles.ADMIN).queryParam("incidentId", incidentId)
                .queryParam("channel", channelId).get("/api/v1/deliveries").then().statusCode(200).extract().jsonPath();
        return found.getList("items").isEmpty() ? null : found.setRootPath("items[0]");
    }

    private static String status(String incidentId, String channelId) {
        JsonPath delivery = delivery(incidentId, channelId);
        return delivery == null ? null : delivery.getString("status");
    }

    /** The channel as the list shows it, from the page that holds it. */
    private static Map<String, Object> listed(String channelId) {
        for (int page = 0; page < 100; page++) {
            JsonPath list = ApiSecurity.as(Roles.ADMIN).queryParam("size", 200).queryParam("page", page)
                    .get("/api/v1/channels").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = list.getList("items");
            for (Map<String, Object> item : items) {
                if (channelId.equals(item.get("id"))) {
                    return item;
                }
            }
            if (items.size() < 200) {
                break;
            }
        }
        throw new AssertionError("channel " + channelId + " is not listed");
    }
}
