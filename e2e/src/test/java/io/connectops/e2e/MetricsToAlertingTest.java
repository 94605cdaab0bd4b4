package io.connectops.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.TestTokens;
import io.restassured.http.ContentType;

/**
 * The walking skeleton across processes: samples pushed over HTTP to metrics-ingest with a signed token reach
 * alerting through the real broker, and alerting shows them as the latest value of their series.
 */
class MetricsToAlertingTest {

    private static Platform platform;

    @BeforeAll
    static void startServices() {
        platform = Platform.get();
    }

    @Test
    void pushedSamplesReachAlerting() {
        String instance = "e2e-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String body = """
                {"samples":[
                  {"instanceId":"%1$s","queueId":"q-billing","metric":"ivr_response_time","value":1250,"unit":"MILLISECONDS","timestamp":"%2$s"},
                  {"instanceId":"%1$s","queueId":"q-billing","metric":"ivr_response_time","value":2500,"unit":"MILLISECONDS","timestamp":"%3$s"},
                  {"instanceId":"%1$s","queueId":"q-sales","metric":"api_call_failures","value":3,"unit":"COUNT","timestamp":"%2$s"}
                ]}""".formatted(instance, now.minusSeconds(30), now.minusSeconds(15));

        // Alerting keeps only the series a rule reads (the platform of the suite runs without the default rules).
        watch(instance, "ivr_response_time", 1_000_000);
        watch(instance, "api_call_failures", 1_000_000);

        given().baseUri(platform.url("metrics-ingest"))
                .header("Authorization", TestTokens.bearer(TestTokens.forClient("crm-bridge", Roles.INGEST)))
                .contentType(ContentType.JSON).body(body)
                .post("/api/v1/metrics")
                .then().statusCode(202);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Map<String, Object>> series = given().baseUri(platform.url("alerting"))
                    .header("Authorization", TestTokens.bearer(TestTokens.forUser("vera", Roles.VIEWER)))
                    .queryParam("instanceId", instance)
                    .get("/api/v1/series")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(series).extracting(s -> s.get("seriesKey") + "=" + s.get("value"))
                    .containsExactlyInAnyOrder(instance + "/q-billing/ivr_response_time=2500.0",
                            instance + "/q-sales/api_call_failures=3.0");
        });
    }

    /** A rule on the instance's metric whose threshold is never crossed: it makes alerting keep the series. */
    private static void watch(String instance, String metric, double threshold) {
        platform.asAdmin("alerting").contentType(ContentType.JSON).body(Map.ofEntries(
                Map.entry("name", metric + " watched (" + instance + ")"),
                Map.entry("metric", metric),
                Map.entry("instanceId", instance),
                Map.entry("aggregation", "LAST"),
                Map.entry("comparator", "GT"),
                Map.entry("threshold", threshold),
                Map.entry("forDuration", "PT0S"),
                Map.entry("noData", "RESOLVE"),
                Map.entry("severity", "P4"),
                Map.entry("summary", metric + " watched"),
                Map.entry("description", "Keeps the series of the walking skeleton in alerting; never crossed."),
                Map.entry("enabled", true)))
                .post("/api/v1/rules").then().statusCode(201);
    }
}
