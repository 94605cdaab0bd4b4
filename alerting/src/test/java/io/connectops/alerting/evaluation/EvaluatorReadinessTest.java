package io.connectops.alerting.evaluation;

import static io.connectops.alerting.AlertingFixtures.awaitSamplesApplied;
import static io.connectops.alerting.AlertingFixtures.sendMinutes;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * Readiness tells the truth about the evaluator: a checkpoint that cannot complete (here it waits on a lock the test
 * holds, as it would on a database that stopped answering) takes the instance out of readiness once it is older than
 * the configured age, with its age and lag in the detail, and the instance is ready again once the checkpoint
 * completes. The application runs on a database URL that carries {@code ?sslmode=disable}, as operators write it.
 */
@QuarkusTest
@TestProfile(EvaluatorReadinessTest.StuckAfterThreeSeconds.class)
@WithTestResource(EvaluatorReadinessTest.UrlWithSslMode.class)
class EvaluatorReadinessTest {

    private static final String METRIC = "abandonment_rate";

    /** A stuck evaluator shows within seconds; behind the stream it still checkpoints well within that. */
    public static class StuckAfterThreeSeconds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("connectops.alerting.evaluation.max-checkpoint-age", "PT3S",
                    "connectops.alerting.evaluation.checkpoint-interval-under-load", "PT0.5S");
        }
    }

    /** The real servers, with the database URL as an operator sets it: parameters after a {@code ?}. */
    public static class UrlWithSslMode extends RealInfrastructure {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("connectops.database.url", config.get("connectops.database.url") + "?sslmode=disable");
            return config;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    private static JsonPath readiness(int status) {
        return given().get("/q/health/ready").then().statusCode(status).extract().jsonPath();
    }

    private static Map<String, Object> evaluatorData(JsonPath readiness) {
        return readiness.getMap("checks.find { it.name == 'alert-evaluator' }.data");
    }

    @Test
    void theServiceRunsOnADatabaseUrlThatCarriesSslMode() {
        assertThat(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class))
                .endsWith("/connectops_test?sslmode=disable");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> readiness(200));
        String instance = uniqueInstance();
        sendMinutes(instance, METRIC, 0, 0, 1.0);
        awaitSamplesApplied(instance, 1);
    }

    @Test
    void aCheckpointThatCannotCompleteTakesTheEvaluatorOutOfReadinessUntilItDoes() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> readiness(200));
        String instance = uniqueInstance();
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("LOCK TABLE partition_checkpoint IN ACCESS EXCLUSIVE MODE");
            }
            try {
                // A record to process: the next checkpoint moves an offset, and waits on the lock.
                sendMinutes(instance, METRIC, 0, 0, 1.0);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> given().get("/q/health/ready").then().extract().statusCode() == 503);
                JsonPath down = readiness(503);
                assertThat(down.getString("status")).isEqualTo("DOWN");
                assertThat(down.getString("checks.find { it.name == 'alert-evaluator' }.status")).isEqualTo("DOWN");
                assertThat(down.getString("checks.find { it.name == 'Database connections health check' }.status"))
                        .isEqualTo("UP");
                Map<String, Object> data = evaluatorData(down);
                assertThat(data).containsEntry("maxCheckpointAge", "PT3S");
                assertThat(data.keySet()).anyMatch(key -> key.endsWith(".checkpointAge"))
                        .anyMatch(key -> key.endsWith(".consumerLag"));
                assertThat(data.values()).anyMatch(value -> String.valueOf(value).startsWith("no successful checkpoint for"));
            } finally {
                blocker.rollback();
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath up = readiness(200);
            assertThat(up.getString("checks.find { it.name == 'alert-evaluator' }.status")).isEqualTo("UP");
        });
        awaitSamplesApplied(instance, 1);
    }
}
