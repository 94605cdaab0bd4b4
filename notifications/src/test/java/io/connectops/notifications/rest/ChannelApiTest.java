package io.connectops.notifications.rest;

import static io.connectops.notifications.Fixtures.SLACK;
import static io.connectops.notifications.Fixtures.SLACK_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.notifications.Fixtures;
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

    @Test
    void secretsAreWriteOnlyAndNeverInAResponseOrALogLine() throws IOException {
        String slackChannel = Fixtures.unique("C");
        String id = Fixtures.slackChannel(slackChannel);

        String created = ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + id).then().statusCode(200)
                .body("type", equalTo("SLACK"))
                .body("settings.channel", equalTo(slackChannel))
                .body("secretsSet", contains("botToken"))
                .extract().asString();
        String renamed = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("renamed"), "settings",
                        Map.of("channel", slackChannel, "apiUrl", SLACK.baseUrl() + "/api")))
                .put("/api/v1/channels/" + id).then().statusCode(200)
                .body("secretsSet", contains("botToken")).extract().asString();
        String listed = ApiSecurity.as(Roles.ADMIN).queryParam("type", "SLACK").queryParam("size", 200)
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
    void channelsAreForAdminsOnly() {
        String body = "{\"name\":\"n\",\"type\":\"EMAIL\",\"settings\":{\"to\":\"ops@example.com\"}}";
        ApiSecurity.assertRefusesBadTokens("POST", "/api/v1/channels", body, Roles.ADMIN, Roles.INCIDENT_MANAGER);
        ApiSecurity.assertRefusesBadTokens("GET", "/api/v1/routes", null, Roles.ADMIN, Roles.VIEWER);
        ApiSecurity.assertRefusesBadTokens("GET", "/api/v1/deliveries", null, Roles.VIEWER, Roles.INGEST);
    }
}
