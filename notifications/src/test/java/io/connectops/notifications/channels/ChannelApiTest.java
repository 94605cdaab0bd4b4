package io.connectops.notifications.channels;

import static io.connectops.notifications.Fixtures.SLACK;
import static io.connectops.notifications.Fixtures.SLACK_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.notifications.Fixtures;
import io.connectops.notifications.delivery.ChannelPacer;
import io.connectops.notifications.delivery.CircuitBreakers;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.SendResult;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ChannelApiTest {

    private static final String TEAMS_URL_SECRET = "sig=teams-signature-secret";

    @Inject
    ChannelPacer pacer;

    @Inject
    CircuitBreakers breakers;

    @Inject
    DataSource dataSource;

    @Test
    void secretsAreWriteOnlyAndNeverInAResponseOrALogLine() throws IOException {
        String slackChannel = Fixtures.unique("C");
        String id = Fixtures.slackChannel(slackChannel);

        String created = ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + id).then().statusCode(200)
                .body("type", equalTo("SLACK"))
                .body("settings.channel", equalTo(slackChannel))
                .body("secretsSet", contains("botToken"))
                .extract().asString();
        String newName = Fixtures.unique("renamed");
        String renamed = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", newName, "settings",
                        Map.of("channel", slackChannel, "apiUrl", SLACK.baseUrl() + "/api")))
                .put("/api/v1/channels/" + id).then().statusCode(200)
                .body("secretsSet", contains("botToken")).extract().asString();
        String listed = ApiSecurity.as(Roles.ADMIN).queryParam("type", "SLACK").queryParam("name", newName)
                .get("/api/v1/channels").then().statusCode(200).body("items.id", hasItem(id)).extract().asString();
        String tested = ApiSecurity.as(Roles.ADMIN).post("/api/v1/channels/" + id + "/test").then().statusCode(200)
                .body("delivered", equalTo(true)).extract().asString();

        String teamsId = Fixtures.teamsChannel("http://127.0.0.1:9", "/workflows/nowhere");
        String teamsTest = ApiSecurity.as(Roles.ADMIN).post("/api/v1/channels/" + teamsId + "/test").then()
                .statusCode(200).body("delivered", equalTo(false)).body("outcome", equalTo("RETRY")).extract().asString();

        assertThat(SLACK.messagesIn(slackChannel)).hasSize(1);
        for (String body : List.of(created, renamed, listed, tested, teamsTest)) {
            assertThat(body).doesNotContain(SLACK_TOKEN, TEAMS_URL_SECRET, Fixtures.SERVICENOW_PASSWORD,
                    Fixtures.WEBHOOK_SECRET);
        }
        String log = Files.readString(Path.of("target/notifications-test.log"));
        assertThat(log).isNotEmpty().doesNotContain(SLACK_TOKEN, TEAMS_URL_SECRET, Fixtures.SERVICENOW_PASSWORD,
                Fixtures.WEBHOOK_SECRET);
    }

    @Test
    void badChannelsAreRefusedWithTheFieldsAtFault() {
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("hook"), "type", "WEBHOOK",
                        "settings", Map.of("url", "http://169.254.169.254/latest/meta-data")))
                .post("/api/v1/channels").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("settings.url"))
                .body("errors[0].message", equalTo("host 169.254.169.254 is not in the outbound allow-list"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("teams"), "type", "TEAMS", "secrets", Map.of()))
                .post("/api/v1/channels").then().statusCode(400)
                .body("errors.field", contains("secrets.workflowUrl"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("sn"), "type", "SERVICENOW",
                        "settings", Map.of("instanceUrl", "https://acme.service-now.com", "colour", "blue"),
                        "secrets", Map.of("password", "x")))
                .post("/api/v1/channels").then().statusCode(400)
                .body("errors.field", contains("settings.colour", "settings.username"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body("{\"name\":\"x\",\"type\":\"PIGEON\"}")
                .post("/api/v1/channels").then().statusCode(400).contentType("application/problem+json");
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/00000000-0000-0000-0000-00000000beef").then()
                .statusCode(404);
    }

    @Test
    void changingAUrlSettingWithoutGivingItsSecretAgainIsRefusedNamingTheSecret() {
        String slackChannel = Fixtures.unique("C");
        String slack = Fixtures.slackChannel(slackChannel);
        String elsewhere = Fixtures.WEBHOOK.baseUrl() + "/" + Fixtures.unique("steal");

        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("slack"), "settings",
                        Map.of("channel", slackChannel, "apiUrl", elsewhere)))
                .put("/api/v1/channels/" + slack).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("secrets.botToken"))
                .body("errors[0].message", equalTo("must be given again when settings.apiUrl changes"));
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + slack).then()
                .body("settings.apiUrl", equalTo(SLACK.baseUrl() + "/api"));

        String serviceNow = Fixtures.serviceNowChannel();
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("sn"), "settings",
                        Map.of("instanceUrl", elsewhere, "username", Fixtures.SERVICENOW_USER)))
                .put("/api/v1/channels/" + serviceNow).then().statusCode(400)
                .body("errors.field", contains("secrets.password"));
        String webhook = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + "/" + Fixtures.unique("hook"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("hook"), "settings", Map.of("url", elsewhere)))
                .put("/api/v1/channels/" + webhook).then().statusCode(400)
                .body("errors.field", contains("secrets.signingSecret"));

        // Given again, the change is accepted.
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("hook"), "settings", Map.of("url", elsewhere),
                        "secrets", Map.of("signingSecret", "whsec-new-0123456789")))
                .put("/api/v1/channels/" + webhook).then().statusCode(200).body("settings.url", equalTo(elsewhere));
    }

    @Test
    void viewersReadChannelsAndRoutesButNeverSecrets() {
        String hookPath = "/" + Fixtures.unique("viewed") + "?token=token-in-the-url";
        String webhook = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + hookPath);
        String route = Fixtures.routeForQueue(Fixtures.unique("q"), webhook);

        String one = ApiSecurity.as(Roles.VIEWER).get("/api/v1/channels/" + webhook).then().statusCode(200)
                .body("type", equalTo("WEBHOOK")).body("secretsSet", contains("signingSecret"))
                .body("secretsUnreadable", equalTo(false))
                .body("settings.url", equalTo(Fixtures.WEBHOOK.baseUrl()))
                .extract().asString();
        // Listed by its own name: the run's other tests add hundreds of webhook channels.
        String name = ApiSecurity.as(Roles.VIEWER).get("/api/v1/channels/" + webhook).then().extract().path("name");
        String listed = ApiSecurity.as(Roles.VIEWER).queryParam("type", "WEBHOOK").queryParam("name", name)
                .get("/api/v1/channels").then().statusCode(200).body("items.id", hasItem(webhook))
                .extract().asString();
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/routes/" + route).then().statusCode(200)
                .body("channelIds", contains(webhook));
        assertThat(Fixtures.everyRoute("id")).contains(route);
        for (String body : List.of(one, listed)) {
            assertThat(body).doesNotContain(Fixtures.WEBHOOK_SECRET, SLACK_TOKEN, Fixtures.SERVICENOW_PASSWORD,
                    TEAMS_URL_SECRET, "token-in-the-url");
        }
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + webhook).then()
                .body("settings.url", equalTo(Fixtures.WEBHOOK.baseUrl() + hookPath));
        ApiSecurity.as(Roles.VIEWER).post("/api/v1/channels/" + webhook + "/test").then().statusCode(403);
        ApiSecurity.as(Roles.VIEWER).delete("/api/v1/routes/" + route).then().statusCode(403);
    }

    @Test
    void channelsAreForAdminsOnly() {
        String body = "{\"name\":\"n\",\"type\":\"EMAIL\",\"settings\":{\"to\":\"ops@example.com\"}}";
        ApiSecurity.assertRefusesBadTokens("POST", "/api/v1/channels", body, Roles.ADMIN, Roles.INCIDENT_MANAGER);
        ApiSecurity.assertRefusesBadTokens("POST", "/api/v1/routes", "{\"name\":\"r\"}", Roles.ADMIN, Roles.VIEWER);
        ApiSecurity.assertRefusesBadTokens("PUT", "/api/v1/channels/00000000-0000-0000-0000-00000000beef", body,
                Roles.ADMIN, Roles.VIEWER);
        ApiSecurity.assertRefusesBadTokens("GET", "/api/v1/channels", null, Roles.VIEWER, Roles.INGEST);
        ApiSecurity.assertRefusesBadTokens("GET", "/api/v1/deliveries", null, Roles.VIEWER, Roles.INGEST);
    }

    @Test
    void aDeletedChannelTakesItsSendingPaceAndCircuitWithIt() throws Exception {
        UUID channel = UUID.fromString(Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + "/" + Fixtures.unique("gone")));
        pacer.reserve(channel, ChannelType.WEBHOOK, Instant.now(), Duration.ofMinutes(1));
        breakers.recordFailure(channel, SendResult.retry(503, "HTTP 503", null), Instant.now());
        assertThat(rows("channel_pace", channel)).isEqualTo(1);
        assertThat(rows("channel_circuit", channel)).isEqualTo(1);

        ApiSecurity.as(Roles.ADMIN).delete("/api/v1/channels/" + channel).then().statusCode(204);

        ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + channel).then().statusCode(404);
        assertThat(rows("channel_pace", channel)).isZero();
        assertThat(rows("channel_circuit", channel)).isZero();
    }

    private int rows(String table, UUID channel) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FROM " + table + " WHERE channel_id = ?")) {
            count.setObject(1, channel);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
