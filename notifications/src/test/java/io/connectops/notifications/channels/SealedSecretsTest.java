package io.connectops.notifications.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Channel secrets are sealed with AES-256-GCM in the database, and still open for sending. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SealedSecretsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SecretUpgrade upgrade;

    @Inject
    SecretSeal seal;

    @Test
    void theDatabaseHoldsNoPlaintextAndSendingStillWorks() throws SQLException {
        String slackChannel = Fixtures.unique("C");
        String slack = Fixtures.slackChannel(slackChannel);
        String serviceNow = Fixtures.serviceNowChannel();
        String webhook = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + "/" + Fixtures.unique("sealed"));
        String teams = Fixtures.teamsChannel(Fixtures.TEAMS.baseUrl(), "/workflows/" + Fixtures.unique("sealed"));

        for (String id : List.of(slack, serviceNow, webhook, teams)) {
            String row = rowText(id);
            assertThat(row).doesNotContain(Fixtures.SLACK_TOKEN, Fixtures.SERVICENOW_PASSWORD, Fixtures.WEBHOOK_SECRET,
                    "teams-signature-secret", "xoxb", "sn-Secret");
            assertThat(sealed(id)).startsWith("v2:test-2026:");
        }
        ApiSecurity.as(Roles.ADMIN).post("/api/v1/channels/" + slack + "/test").then().statusCode(200)
                .body("delivered", equalTo(true));
        ApiSecurity.as(Roles.ADMIN).post("/api/v1/channels/" + serviceNow + "/test").then().statusCode(200)
                .body("delivered", equalTo(true));
        assertThat(Fixtures.SLACK.messagesIn(slackChannel)).hasSize(1);
    }

    @Test
    void aChannelSavedBeforeSealingIsSealedAtStartUpAndKeepsWorking() throws SQLException {
        String slackChannel = Fixtures.unique("C");
        String id = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO channel (id, name, type, settings,"
                        + " secrets) VALUES (CAST(? AS UUID), ?, 'SLACK', CAST(? AS JSONB), CAST(? AS JSONB))")) {
            insert.setString(1, id);
            insert.setString(2, Fixtures.unique("legacy"));
            insert.setString(3, "{\"channel\":\"" + slackChannel + "\",\"apiUrl\":\"" + Fixtures.SLACK.baseUrl()
                    + "/api\"}");
            insert.setString(4, "{\"botToken\":\"" + Fixtures.SLACK_TOKEN + "\"}");
            insert.executeUpdate();
        }
        assertThat(rowText(id)).contains(Fixtures.SLACK_TOKEN);

        upgrade.upgrade();

        assertThat(rowText(id)).doesNotContain(Fixtures.SLACK_TOKEN);
        assertThat(sealed(id)).startsWith("v2:test-2026:");
        ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + id).then().statusCode(200)
                .body("secretsSet", contains("botToken"));
        ApiSecurity.as(Roles.ADMIN).post("/api/v1/channels/" + id + "/test").then().statusCode(200)
                .body("delivered", equalTo(true));
        assertThat(Fixtures.SLACK.messagesIn(slackChannel)).hasSize(1);
    }

    @Test
    void aRotatedKeyStillOpensRowsSealedWithThePreviousOne() {
        byte[] oldKey = new byte[32];
        byte[] newKey = new byte[32];
        newKey[0] = 1;
        SecretSeal before = SecretSeal.of("2025", Map.of("2025", oldKey));
        UUID channel = UUID.randomUUID();
        String sealedBefore = before.seal(Map.of("password", "s3cret"), channel);
        SecretSeal after = SecretSeal.of("2026", Map.of("2026", newKey, "2025", oldKey));

        assertThat(after.open(sealedBefore, channel)).containsEntry("password", "s3cret");
        assertThat(after.isCurrent(sealedBefore)).isFalse();
        assertThat(after.seal(Map.of("password", "s3cret"), channel)).startsWith("v2:2026:").doesNotContain("s3cret");
        assertThatThrownBy(() -> SecretSeal.of("2026", Map.of("2026", newKey)).open(sealedBefore, channel))
                .hasMessageContaining("'2025'").hasMessageNotContaining("s3cret");
        String tampered = sealedBefore.substring(0, sealedBefore.length() - 4) + "AAAA";
        assertThatThrownBy(() -> after.open(tampered, channel)).hasMessageContaining("cannot be opened");
        String relabelled = sealedBefore.replace("v2:2025:", "v2:2026:");
        assertThatThrownBy(() -> after.open(relabelled, channel)).hasMessageContaining("cannot be opened");
    }

    @Test
    void aSealedValueMovedToAnotherChannelRowDoesNotOpenThere() throws SQLException {
        String ownerSlack = Fixtures.unique("C");
        String owner = Fixtures.slackChannel(ownerSlack);
        String otherSlack = Fixtures.unique("C");
        String other = Fixtures.slackChannel(otherSlack);

        // Someone with write access to the database, but not to the key, copies the owner's secrets onto a channel.
        setSealed(other, sealed(owner));

        ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + other).then().statusCode(200)
                .body("secretsUnreadable", equalTo(true)).body("secretsSet", Matchers.empty());
        ApiSecurity.as(Roles.ADMIN).post("/api/v1/channels/" + other + "/test").then().statusCode(200)
                .body("delivered", equalTo(false)).body("detail", equalTo(Channel.UNREADABLE));
        assertThat(Fixtures.SLACK.messagesIn(otherSlack)).isEmpty();
        assertThatThrownBy(() -> seal.open(sealed(owner), UUID.fromString(other)))
                .hasMessageContaining("cannot be opened");
        ApiSecurity.as(Roles.ADMIN).post("/api/v1/channels/" + owner + "/test").then().statusCode(200)
                .body("delivered", equalTo(true));
        assertThat(Fixtures.SLACK.messagesIn(ownerSlack)).hasSize(1);

        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("repaired"), "settings",
                        Map.of("channel", otherSlack, "apiUrl", Fixtures.SLACK.baseUrl() + "/api"),
                        "secrets", Map.of("botToken", Fixtures.SLACK_TOKEN)))
                .put("/api/v1/channels/" + other).then().statusCode(200).body("secretsUnreadable", equalTo(false));
    }

    @Test
    void aValueSealedBeforeChannelBindingStillOpensAndIsSealedAgainBoundToItsChannel() throws SQLException {
        String slackChannel = Fixtures.unique("C");
        String id = Fixtures.slackChannel(slackChannel);
        setSealed(id, seal.sealUnbound(Map.of("botToken", Fixtures.SLACK_TOKEN)));
        assertThat(sealed(id)).startsWith("v1:test-2026:");

        ApiSecurity.as(Roles.ADMIN).get("/api/v1/channels/" + id).then().statusCode(200)
                .body("secretsUnreadable", equalTo(false)).body("secretsSet", contains("botToken"));
        upgrade.upgrade();

        assertThat(sealed(id)).startsWith("v2:test-2026:");
        assertThat(seal.open(sealed(id), UUID.fromString(id))).containsEntry("botToken", Fixtures.SLACK_TOKEN);
        ApiSecurity.as(Roles.ADMIN).post("/api/v1/channels/" + id + "/test").then().statusCode(200)
                .body("delivered", equalTo(true));
        assertThat(Fixtures.SLACK.messagesIn(slackChannel)).hasSize(1);
    }

    private void setSealed(String id, String sealed) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE channel SET sealed_secrets = ? WHERE id = CAST(? AS UUID)")) {
            update.setString(1, sealed);
            update.setString(2, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private String rowText(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT CAST(t AS TEXT) FROM channel t WHERE id = CAST(? AS UUID)")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
                assertThat(found).hasSize(1);
                return found.get(0);
            }
        }
    }

    private String sealed(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT sealed_secrets FROM channel WHERE id = CAST(? AS UUID)")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
