package io.connectops.notifications.service;

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

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Channel secrets are sealed with AES-256-GCM in the database, and still open for sending. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SealedSecretsTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SecretUpgrade upgrade;

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
            assertThat(sealed(id)).startsWith("v1:test-2026:");
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
        assertThat(sealed(id)).startsWith("v1:test-2026:");
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
        String sealedBefore = before.seal(Map.of("password", "s3cret"));
        SecretSeal after = SecretSeal.of("2026", Map.of("2026", newKey, "2025", oldKey));

        assertThat(after.open(sealedBefore)).containsEntry("password", "s3cret");
        assertThat(after.isCurrent(sealedBefore)).isFalse();
        assertThat(after.seal(Map.of("password", "s3cret"))).startsWith("v1:2026:").doesNotContain("s3cret");
        assertThatThrownBy(() -> SecretSeal.of("2026", Map.of("2026", newKey)).open(sealedBefore))
                .hasMessageContaining("'2025'").hasMessageNotContaining("s3cret");
        String tampered = sealedBefore.substring(0, sealedBefore.length() - 4) + "AAAA";
        assertThatThrownBy(() -> after.open(tampered)).hasMessageContaining("cannot be opened");
        String relabelled = sealedBefore.replace("v1:2025:", "v1:2026:");
        assertThatThrownBy(() -> after.open(relabelled)).hasMessageContaining("cannot be opened");
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
