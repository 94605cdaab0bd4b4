package io.connectops.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.ingest.UnreachableKafka;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** A push that Kafka cannot acknowledge is refused whole, with a 503 the client can retry on, and counts nowhere. */
@QuarkusTest
@WithTestResource(UnreachableKafka.class)
class MetricPushWithoutKafkaTest {

    @Test
    void aBatchKafkaDoesNotAcknowledgeIsA503AndNothingIsAccepted() {
        String instance = "inst-" + UUID.randomUUID();
        String at = Instant.now().toString();
        String body = """
                {"samples":[{"instanceId":"%s","queueId":"q-1","metric":"ivr_response_time","value":120,\
                "timestamp":"%s"},{"instanceId":"%s","queueId":"q-2","metric":"ivr_response_time",\
                "value":80,"timestamp":"%s"}]}""".formatted(instance, at, instance, at);

        String pushedBefore = pushedCounterLine();
        long started = System.nanoTime();
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body).post(MetricPushResource.PATH)
                .then().statusCode(503)
                .header("Retry-After", "5")
                .contentType("application/problem+json")
                .body("status", equalTo(503))
                .body("title", equalTo("Service Unavailable"))
                .body("detail", containsString("none of it is accepted"))
                .body("instance", equalTo(MetricPushResource.PATH));
        // Answered once the acknowledgement timeout ran out, not after Kafka's own (minutes long) defaults.
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isGreaterThanOrEqualTo(Duration.parse(UnreachableKafka.ACK_TIMEOUT).minusMillis(100))
                .isLessThan(Duration.ofSeconds(15));

        assertThat(pushedCounterLine()).isEqualTo(pushedBefore);
        // No latest value either, through several write-behind flushes (one a second).
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> ApiSecurity
                .as(Roles.VIEWER).queryParam("instanceId", instance).get("/api/v1/series")
                .then().statusCode(200).body("total", equalTo(0)));
    }

    /** The push samples counter as scraped (null while nothing was ever pushed in this JVM). */
    private static String pushedCounterLine() {
        String page = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
        return page.lines().filter(line -> line.startsWith("ingest_samples_published_total{")
                && line.contains("origin=\"push\"")).findFirst().orElse(null);
    }
}
