package io.connectops.alerting.rules;

import static io.connectops.alerting.AlertingFixtures.T0;
import static io.connectops.alerting.AlertingFixtures.alertEventsUntil;
import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.connectops.alerting.AlertingFixtures.fingerprint;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.AlertingFixtures;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.MetricSample;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Pushed custom_* metrics are alertable once a rule declares their unit; samples of another unit are not compared. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CustomMetricRuleTest {

    private static final String METRIC = "custom_orders_failed";
    private static final Pattern REFUSED = Pattern.compile("(?m)^alerting_samples_unit_refused\\S* (\\S+)$");

    private static double refusedSamples() {
        Matcher count = REFUSED.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    private static MetricSample sample(String instance, double value, String unit, int minute) {
        return new MetricSample("push", instance, "q-1", null, null, METRIC, value, unit,
                T0.plus(Duration.ofMinutes(minute)), null);
    }

    @Test
    void aRuleOnACustomMetricMustDeclareItsUnit() {
        Map<String, Object> rule = Map.of("name", "custom without unit", "metric", METRIC, "comparator", "GT",
                "threshold", 10, "severity", "P2", "summary", "s", "description", "d");
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(rule).post("/api/v1/rules").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("thresholdUnit"));
    }

    @Test
    void aSampleOfAnotherUnitIsCountedAndNotComparedWhileItsOwnUnitFires() {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 10, "PT0S", "PT0S", "P2", Map.of("thresholdUnit", "count"));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/rules/{id}", rule).then().statusCode(200).body("unit", equalTo("COUNT"));
        double refusedBefore = refusedSamples();

        AlertingFixtures.send(List.of(sample(instance, 50, "PERCENT", 0)));
        await().atMost(Duration.ofSeconds(45)).until(() -> refusedSamples() > refusedBefore);
        AlertingFixtures.send(List.of(sample(instance, 20, "COUNT", 1)));

        String fingerprint = fingerprint(rule, instance, METRIC);
        List<AlertEvent> events = alertEventsUntil(fingerprint, event -> event.state() == AlertEvent.State.FIRING,
                Duration.ofSeconds(60));
        AlertEvent fired = events.get(events.size() - 1);
        assertThat(fired.value()).isEqualTo(20.0);
        assertThat(fired.startsAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    }
}
