package io.connectops.alerting.alerts;

import static io.connectops.alerting.AlertingFixtures.T0;
import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.connectops.alerting.AlertingFixtures.fingerprint;
import static io.connectops.alerting.AlertingFixtures.sendMinutes;
import static io.connectops.alerting.AlertingFixtures.statesUntil;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.AlertingFixtures;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.AlertEvent.State;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The "done when" of the alert lifecycle, through the real broker: samples on ops.metrics.v1, events on ops.alerts.v1. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertLifecycleTest {

    private static final String METRIC = "abandonment_rate";

    @Test
    void abandonmentAt6PercentFor16MinutesFiresOnceAndResolvesOnceBackAt3Percent() {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT15M", "PT5M", "P2");
        String fingerprint = fingerprint(rule, instance, METRIC);

        sendMinutes(instance, METRIC, 0, 16, 6.0);
        List<AlertEvent> firing = AlertingFixtures.alertEventsUntil(fingerprint, e -> e.state() == State.FIRING,
                Duration.ofSeconds(60));
        AlertEvent fired = firing.get(firing.size() - 1);
        assertThat(firing).extracting(AlertEvent::state).containsExactly(State.PENDING, State.FIRING);
        assertThat(fired.startsAt()).isEqualTo(T0);
        assertThat(fired.value()).isEqualTo(6.0);
        assertThat(fired.threshold()).isEqualTo(5.0);
        assertThat(fired.severity().name()).isEqualTo("P2");
        assertThat(fired.labels()).containsEntry("instanceId", instance).containsEntry("queueId", "q-1");
        assertThat(fired.groupKey()).contains("instanceId=" + instance);

        // Back to 3% for 10 minutes (keepFiringFor is 5), then a new excursion that opens a second PENDING: every
        // event of the first episode precedes it on the alert's partition.
        sendMinutes(instance, METRIC, 17, 26, 3.0);
        sendMinutes(instance, METRIC, 27, 27, 6.0);
        assertThat(statesUntil(fingerprint, State.PENDING, 2))
                .containsExactly(State.PENDING, State.FIRING, State.RESOLVED, State.PENDING);

        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}/history", fingerprint).then().statusCode(200)
                .body("items.state", equalTo(List.of("PENDING", "FIRING", "RESOLVED", "PENDING")))
                .body("items[1].occurredAt", equalTo("2026-11-22T10:15:00Z"))
                .body("items[2].occurredAt", equalTo("2026-11-22T10:22:00Z"));
    }

    @Test
    void abandonmentAt6PercentFor14MinutesDoesNotFire() {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT15M", "PT5M", "P2");
        String fingerprint = fingerprint(rule, instance, METRIC);

        sendMinutes(instance, METRIC, 0, 14, 6.0);
        sendMinutes(instance, METRIC, 15, 15, 3.0);

        assertThat(statesUntil(fingerprint, State.RESOLVED, 1)).containsExactly(State.PENDING, State.RESOLVED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .get("/api/v1/alerts/{fp}", fingerprint).then().statusCode(200)
                .body("state", equalTo("RESOLVED"))
                .body("reason", equalTo("cleared before firing")));
    }

    @Test
    void aFlappingSeriesWithKeepFiringForNeitherResolvesNorFiresAgain() {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT15M", "PT5M", "P2");
        String fingerprint = fingerprint(rule, instance, METRIC);

        sendMinutes(instance, METRIC, 0, 16, 6.0);
        for (int minute = 17; minute < 47; minute += 3) {
            // Two minutes clear, one minute over: never clear for the 5 minutes keepFiringFor asks.
            sendMinutes(instance, METRIC, minute, minute + 1, 3.0);
            sendMinutes(instance, METRIC, minute + 2, minute + 2, 6.0);
        }
        sendMinutes(instance, METRIC, 47, 53, 3.0);

        assertThat(statesUntil(fingerprint, State.RESOLVED, 1))
                .containsExactly(State.PENDING, State.FIRING, State.RESOLVED);
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}/history", fingerprint).then().statusCode(200)
                .body("items[2].occurredAt", equalTo("2026-11-22T10:52:00Z"));
    }

    @Test
    void alertsAreListedAndFilteredForViewers() {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT0S", "PT0S", "P3");
        sendMinutes(instance, METRIC, 0, 0, 9.0);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .queryParam("instanceId", instance).queryParam("state", "FIRING").queryParam("severity", "P3")
                .get("/api/v1/alerts").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].ruleId", equalTo(rule))
                .body("items[0].value", equalTo(9.0f)));
        ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", instance).queryParam("ruleId", rule)
                .queryParam("state", "PENDING").get("/api/v1/alerts").then().statusCode(200).body("total", equalTo(0));
        // A query parameter that does not convert is bad input (issue 13): a 400 problem, no longer a 404.
        ApiSecurity.as(Roles.VIEWER).queryParam("state", "SLEEPING").get("/api/v1/alerts").then().statusCode(400)
                .contentType("application/problem+json");
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}/history", "no-such-alert").then().statusCode(404);
        ApiSecurity.as(Roles.INGEST).get("/api/v1/alerts").then().statusCode(403);
    }
}
