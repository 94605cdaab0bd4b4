package io.connectops.notifications.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Severity;
import io.connectops.fakes.Fault;
import io.connectops.fakes.WebhookFake;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The delivery meters on /q/metrics move with what the fakes saw. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeliveryMetricsTest {

    @Test
    void deliveriesRetriesDeadLettersLatencyAndPendingAreExported() {
        double delivered = value("notifications_deliveries_total", "channel_type=\"WEBHOOK\"", "outcome=\"delivered\"");
        double retried = value("notifications_deliveries_total", "channel_type=\"WEBHOOK\"", "outcome=\"retried\"");
        double deadLettered = value("notifications_deliveries_total", "channel_type=\"WEBHOOK\"",
                "outcome=\"dead_lettered\"");
        double latencies = value("notifications_delivery_latency_seconds_count", "channel_type=\"WEBHOOK\"");
        try (WebhookFake good = new WebhookFake(); WebhookFake broken = new WebhookFake()) {
            good.start(0);
            broken.start(0);
            good.inject(Fault.rateLimited(1, 1));
            broken.inject(Fault.serverError(503, -1));
            String queue = Fixtures.unique("q");
            String brokenQueue = Fixtures.unique("q");
            Fixtures.routeForQueue(queue, Fixtures.webhookChannel(good.baseUrl() + "/hook"));
            Fixtures.routeForQueue(brokenQueue, Fixtures.webhookChannel(broken.baseUrl() + "/hook"));
            String incidentId = Fixtures.unique("inc");
            String brokenIncident = Fixtures.unique("inc");

            Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "metrics", queue));
            Fixtures.publish(Fixtures.incident(brokenIncident, Change.OPENED, "OPEN", "metrics", brokenQueue));
            Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
            Fixtures.awaitStatuses("incidentId", brokenIncident, 1, "DEAD_LETTERED");

            // Other tests' deliveries may move the same meters, so this one's own work is a lower bound.
            assertThat(value("notifications_deliveries_total", "channel_type=\"WEBHOOK\"", "outcome=\"delivered\""))
                    .isGreaterThanOrEqualTo(delivered + 1);
            assertThat(value("notifications_deliveries_total", "channel_type=\"WEBHOOK\"", "outcome=\"retried\""))
                    .as("one 429 and five 503 before the budget of six ran out").isGreaterThanOrEqualTo(retried + 6);
            assertThat(value("notifications_deliveries_total", "channel_type=\"WEBHOOK\"",
                    "outcome=\"dead_lettered\"")).isGreaterThanOrEqualTo(deadLettered + 1);
            assertThat(value("notifications_delivery_latency_seconds_count", "channel_type=\"WEBHOOK\""))
                    .isGreaterThanOrEqualTo(latencies + 1);
            assertThat(value("notifications_delivery_latency_seconds_max", "channel_type=\"WEBHOOK\""))
                    .as("the 429 held the delivery back for a second").isGreaterThanOrEqualTo(1.0);
            for (String type : List.of("SLACK", "TEAMS", "SERVICENOW", "EMAIL")) {
                assertThat(value("notifications_deliveries_total", "channel_type=\"" + type + "\"",
                        "outcome=\"delivered\"")).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void deliveriesHeldBackByQuietHoursCountAsPending() {
        String queue = Fixtures.unique("q");
        String channel = Fixtures.webhookChannel("http://127.0.0.1:9/quiet");
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("name", Fixtures.unique("quiet"));
        route.put("position", -100);
        route.put("queues", List.of(queue));
        route.put("channelIds", List.of(channel));
        route.put("quietHours", Map.of("from", now.minusHours(2).withSecond(0).withNano(0).toString(),
                "until", now.plusHours(2).withSecond(0).withNano(0).toString(), "zone", "UTC"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(route).post("/api/v1/routes").then()
                .statusCode(201);
        String incidentId = Fixtures.unique("inc");

        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "quiet", queue, Severity.P3));

        Fixtures.awaitStatuses("incidentId", incidentId, 1, "PENDING");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(value("notifications_pending")).isGreaterThanOrEqualTo(1));
    }

    private static double value(String name, String... labels) {
        String metrics = given().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean matches = true;
            for (String label : labels) {
                matches &= line.contains(label);
            }
            if (matches) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("No " + name + " " + List.of(labels) + " on /q/metrics");
    }
}
