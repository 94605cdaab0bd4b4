package io.connectops.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;

import javax.sql.DataSource;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.SimulatedInstance;
import io.restassured.http.ContentType;

/** Registers sources that point at an embedded Connect simulator, through the admin API as an operator would. */
public final class ConnectFixtures {

    private ConnectFixtures() {
    }

    public static String newInstanceId() {
        return UUID.randomUUID().toString();
    }

    public static String arn(String instanceId) {
        return "arn:aws:connect:" + SimulatedInstance.REGION + ":" + SimulatedInstance.ACCOUNT + ":instance/" + instanceId;
    }

    /**
     * Registers a source for {@code instanceId} on the simulator, polled once an hour by the scheduler (tests poll
     * directly) unless {@code extraFields} says otherwise, with the test's static credentials.
     */
    public static UUID register(ConnectSimulator simulator, String instanceId, String extraFields) {
        String extra = extraFields == null ? "" : extraFields;
        StringBuilder fields = new StringBuilder();
        // Duplicate keys are refused: an interval the caller gives replaces the hourly default.
        for (String interval : new String[] { "currentMetricsInterval", "intervalMetricsInterval", "agentStatesInterval" }) {
            if (!extra.contains("\"" + interval + "\"")) {
                fields.append(",\"").append(interval).append("\":\"PT1H\"");
            }
        }
        if (!extra.isBlank()) {
            fields.append(',').append(extra);
        }
        String body = """
                {"name":"sim %s","instanceArn":"%s","credentialsRef":"secret:simulator","endpointOverride":"%s"%s}"""
                .formatted(instanceId, arn(instanceId), simulator.endpoint(), fields);
        String id = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(body).post("/api/v1/sources")
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    public static void remove(UUID sourceId) {
        ApiSecurity.as(Roles.ADMIN).delete("/api/v1/sources/" + sourceId);
    }

    /** Outbox rows (published or not) on {@code topic} whose payload mentions every one of {@code texts}. */
    public static long outboxRows(DataSource dataSource, String topic, String... texts) {
        String sql = "SELECT count(*) FROM outbox_event WHERE topic = ?" + " AND payload LIKE ?".repeat(texts.length);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(sql)) {
            count.setString(1, topic);
            for (int i = 0; i < texts.length; i++) {
                count.setString(i + 2, "%" + texts[i] + "%");
            }
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
