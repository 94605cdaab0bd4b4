package io.connectops.alerting.evaluation;

import static io.connectops.alerting.AlertingFixtures.T0;
import static io.connectops.alerting.AlertingFixtures.alertEventsUntil;
import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.AlertingFixtures;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.AlertEvent.State;
import io.connectops.contracts.MetricSample;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** A RATIO rule divides one metric by another over its window, as a percentage. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RatioRuleTest {

    private static MetricSample count(String instance, String metric, double value, int minute) {
        return new MetricSample("test", instance, "q-1", null, null, metric, value, "COUNT",
                T0.plus(Duration.ofMinutes(minute)), null);
    }

    private static Map<String, Object> ratio(String denominator, double threshold) {
        Map<String, Object> rule = new HashMap<>();
        rule.put("name", "ratio " + System.nanoTime());
        rule.put("metric", "contacts_abandoned");
        rule.put("aggregation", "RATIO");
        rule.put("denominatorMetric", denominator);
        rule.put("window", "PT30M");
        rule.put("comparator", "GT");
        rule.put("threshold", threshold);
        rule.put("severity", "P2");
        rule.put("summary", "abandoned over queued");
        rule.put("description", "A ratio rule created by a test");
        return rule;
    }

    @Test
    void abandonedOverQueuedAbove5PercentOverTheWindowFires() {
        String instance = uniqueInstance();
        String rule = createRule(instance, "contacts_abandoned", "GT", 5, "PT0S", "PT0S", "P2",
                Map.of("aggregation", "RATIO", "denominatorMetric", "contacts_queued", "window", "PT30M",
                        "thresholdUnit", "PERCENT"));
        // 4 of 100 (4%), then 8 of 100: 12 of 200 over the window, 6%.
        AlertingFixtures.send(List.of(count(instance, "contacts_abandoned", 4, 0), count(instance, "contacts_queued", 100, 0),
                count(instance, "contacts_queued", 100, 15), count(instance, "contacts_abandoned", 8, 15)));

        String fingerprint = RuleEvaluator.fingerprint(rule, count(instance, "contacts_abandoned", 0, 0).seriesKey());
        List<AlertEvent> events = alertEventsUntil(fingerprint, e -> e.state() == State.FIRING, Duration.ofSeconds(45));
        assertThat(events).extracting(AlertEvent::state).containsExactly(State.FIRING);
        assertThat(events.get(0).value()).isEqualTo(6.0);
        assertThat(events.get(0).startsAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void aRatioNeedsAKnownDenominatorOfTheSameUnitAndAPercentThreshold() {
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(ratio("contacts_lost_in_space", 5))
                .post("/api/v1/rules").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("denominatorMetric"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(ratio("service_level", 5))
                .post("/api/v1/rules").then().statusCode(400)
                .body("errors.find { it.field == 'denominatorMetric' }.message",
                        equalTo("is measured in PERCENT and contacts_abandoned in COUNT: a ratio divides like by like"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(ratio("contacts_queued", 150))
                .post("/api/v1/rules").then().statusCode(400)
                .body("errors.find { it.field == 'threshold' }.message",
                        equalTo("must be 0 to 100 for a RATIO (a percentage)"));
        Map<String, Object> counted = ratio("contacts_queued", 5);
        counted.put("thresholdUnit", "COUNT");
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(counted)
                .post("/api/v1/rules").then().statusCode(400)
                .body("errors.field", hasItem("thresholdUnit"));
        Map<String, Object> noDenominator = ratio(null, 5);
        noDenominator.remove("denominatorMetric");
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(noDenominator)
                .post("/api/v1/rules").then().statusCode(400)
                .body("errors.find { it.field == 'denominatorMetric' }.message", equalTo("is required for aggregation RATIO"));
        Map<String, Object> badTimer = ratio("contacts_queued", 5);
        badTimer.put("groupWait", "thirty seconds");
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(badTimer)
                .post("/api/v1/rules").then().statusCode(400)
                .body("errors.field", hasItem("groupWait"));

        String id = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(ratio("contacts_queued", 5))
                .post("/api/v1/rules").then().statusCode(201)
                .body("denominatorMetric", equalTo("contacts_queued"))
                .body("aggregation", equalTo("RATIO"))
                .extract().path("id");
        ApiSecurity.as(Roles.ADMIN).delete("/api/v1/rules/{id}", id).then().statusCode(204);
    }
}
