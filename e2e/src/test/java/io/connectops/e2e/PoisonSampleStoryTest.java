package io.connectops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.TestKafka;
import io.connectops.platform.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The sample that once switched alerting off for good: ids each at their documented maximum, so that the series key
 * passes the 1,000 characters its column holds. Pushed, it is refused; written to the topic by another producer,
 * alerting dead-letters it alone. Either way a breach pushed right after it still fires and opens an incident.
 */
class PoisonSampleStoryTest {

    private static Platform platform;

    @BeforeAll
    static void startServices() {
        platform = Platform.get();
    }

    @Test
    void aPoisonSampleIsRefusedOrDeadLetteredAndTheNextBreachStillOpensAnIncident() {
        String instance = "e2e-poison-" + UUID.randomUUID();
        String queue = "q-ivr";
        platform.asAdmin("alerting").contentType(ContentType.JSON).body(Map.ofEntries(
                Map.entry("name", "IVR response above 1 s (" + instance + ")"),
                Map.entry("metric", "ivr_response_time"),
                Map.entry("instanceId", instance),
                Map.entry("queueId", queue),
                Map.entry("aggregation", "LAST"),
                Map.entry("comparator", "GT"),
                Map.entry("threshold", 1000),
                Map.entry("forDuration", "PT1M"),
                Map.entry("keepFiringFor", "PT5M"),
                Map.entry("noData", "RESOLVE"),
                Map.entry("severity", "P2"),
                Map.entry("labels", Map.of("story", "poison")),
                Map.entry("description", "Callers wait in the IVR; a sample before this one was poison."),
                Map.entry("summary", "IVR slow for " + instance),
                Map.entry("enabled", true)))
                .post("/api/v1/rules").then().statusCode(201);

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String routingProfile = "r".repeat(500);
        String poison = """
                {"samples":[{"instanceId":"%s","queueId":"%s","channel":"%s","agentId":"%s","metric":"custom_poison_len",
                 "value":1,"unit":"COUNT","timestamp":"%s","labels":{"routing_profile_id":"%s"}}]}"""
                .formatted("i".repeat(200), "q".repeat(200), "c".repeat(50), "a".repeat(200), now, routingProfile);
        push(poison).then().statusCode(400).contentType("application/problem+json");

        MetricSample direct = new MetricSample("push", instance + "-" + "i".repeat(200), "q".repeat(200),
                "c".repeat(50), "a".repeat(200), "ivr_response_time", 1.0, "MILLISECONDS", now,
                Map.of(MetricSample.ROUTING_PROFILE_LABEL, routingProfile));
        assertThat(direct.seriesKey()).hasSizeGreaterThan(1000);
        TestKafka.sendTo(Platform.kafkaBootstrapServers(), Topics.METRICS, direct.seriesKey(), EventCodec.encode(
                CloudEvent.of("/connectops/other-producer", MetricSample.TYPE, direct.seriesKey(), direct)));

        StringBuilder breach = new StringBuilder("{\"samples\":[");
        for (int seconds = 90; seconds >= 0; seconds -= 15) {
            breach.append(seconds == 90 ? "" : ",").append("""
                    {"instanceId":"%s","queueId":"%s","metric":"ivr_response_time","value":2500,"unit":"MILLISECONDS","timestamp":"%s"}"""
                    .formatted(instance, queue, now.minusSeconds(seconds)));
        }
        push(breach.append("]}").toString()).then().statusCode(202);

        await("the breach after the poison opens an incident").atMost(Duration.ofSeconds(150)).untilAsserted(() -> {
            List<Map<String, Object>> incidents = platform.as("incidents", "vera", Roles.VIEWER)
                    .queryParam("queue", queue).queryParam("q", instance).get("/api/v1/incidents")
                    .then().statusCode(200).extract().jsonPath().getList("items");
            assertThat(incidents).hasSize(1);
            assertThat(incidents.get(0).get("severity")).isEqualTo("P2");
        });
        List<ConsumerRecord<String, String>> deadLetters = TestKafka.awaitRecordsOn(Platform.kafkaBootstrapServers(),
                Topics.deadLetterOf(Topics.METRICS),
                record -> direct.seriesKey().equals(record.key()), 1, Duration.ofSeconds(30));
        assertThat(TestKafka.header(deadLetters.get(0), "dead-letter-reason")).isNotBlank();
    }

    private static Response push(String body) {
        return RestAssured.given().baseUri(platform.url("metrics-ingest"))
                .header("Authorization", TestTokens.bearer(TestTokens.forClient("crm-bridge", Roles.INGEST)))
                .contentType(ContentType.JSON).body(body).post("/api/v1/metrics");
    }
}
