package io.connectops.alerting.grouping;

import static io.connectops.alerting.AlertingFixtures.T0;
import static io.connectops.alerting.AlertingFixtures.alertEventsUntil;
import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.connectops.alerting.AlertingFixtures.fingerprint;
import static io.connectops.alerting.AlertingFixtures.sendMinutes;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.AlertingFixtures;
import io.connectops.alerting.evaluation.RuleEvaluator;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.AlertEvent.Announcement;
import io.connectops.contracts.AlertEvent.State;
import io.connectops.contracts.MetricSample;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Alertmanager's grouping timers, through the real broker: a new group waits its group wait so that alerts firing
 * together are announced together, a group still firing is announced again after its repeat interval, and an alert
 * kept quiet by a silence is announced when the silence ends.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class GroupingTest {

    private static final String METRIC = "abandonment_rate";

    private static MetricSample over(String instance, String queue) {
        return new MetricSample("test", instance, queue, null, null, METRIC, 9.0, "PERCENT", T0, null);
    }

    @Test
    void aNewGroupIsAnnouncedAfterItsGroupWaitWithAllItsAlertsThenRepeatedWhileItFires() {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT0S", "PT0S", "P3",
                Map.of("groupWait", "PT4S", "groupInterval", "PT5S", "repeatInterval", "PT6S"));
        MetricSample first = over(instance, "q-1");
        MetricSample second = over(instance, "q-2");
        String firstFingerprint = RuleEvaluator.fingerprint(rule, first.seriesKey());
        String secondFingerprint = RuleEvaluator.fingerprint(rule, second.seriesKey());

        long sent = System.nanoTime();
        AlertingFixtures.send(List.of(first, second));
        List<AlertEvent> announced = alertEventsUntil(firstFingerprint, e -> e.state() == State.FIRING,
                Duration.ofSeconds(45));
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));

        AlertEvent firing = announced.get(announced.size() - 1);
        assertThat(firing.announcement()).isEqualTo(Announcement.NEW);
        assertThat(firing.groupWait()).isEqualTo(Duration.ofSeconds(4));
        assertThat(firing.groupInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(firing.repeatInterval()).isEqualTo(Duration.ofSeconds(6));
        assertThat(firing.groupKey()).contains("instanceId=" + instance);

        // Both alerts fired within the wait: both are part of the group's first announcement, neither a change.
        for (String fingerprint : List.of(firstFingerprint, secondFingerprint)) {
            List<AlertEvent> events = alertEventsUntil(fingerprint, e -> e.announcement() == Announcement.REPEAT,
                    Duration.ofSeconds(45));
            assertThat(events).extracting(AlertEvent::state).containsExactly(State.FIRING, State.FIRING);
            assertThat(events).extracting(AlertEvent::announcement).containsExactly(Announcement.NEW,
                    Announcement.REPEAT);
            assertThat(events.get(0).groupKey()).isEqualTo(firing.groupKey());
        }
        // The transition itself is recorded once, published once.
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}/history", firstFingerprint).then().statusCode(200)
                .body("items.state", equalTo(List.of("FIRING")))
                .body("items[0].published", equalTo(true));
    }

    @Test
    void aChangeToAnAnnouncedGroupWaitsForItsGroupInterval() {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT0S", "PT0S", "P3",
                Map.of("groupWait", "PT1S", "groupInterval", "PT6S", "repeatInterval", "PT1H"));
        MetricSample first = over(instance, "q-1");
        MetricSample second = over(instance, "q-2");
        String firstFingerprint = RuleEvaluator.fingerprint(rule, first.seriesKey());
        String secondFingerprint = RuleEvaluator.fingerprint(rule, second.seriesKey());

        AlertingFixtures.send(List.of(first));
        assertThat(alertEventsUntil(firstFingerprint, e -> e.state() == State.FIRING, Duration.ofSeconds(45)))
                .extracting(AlertEvent::announcement).containsExactly(Announcement.NEW);
        AlertingFixtures.send(List.of(second));
        assertThat(alertEventsUntil(secondFingerprint, e -> e.state() == State.FIRING, Duration.ofSeconds(45)))
                .extracting(AlertEvent::announcement).containsExactly(Announcement.CHANGED);

        Instant firstAnnounced = Instant.parse(ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}", firstFingerprint)
                .then().statusCode(200).extract().path("announcedAt"));
        Instant secondAnnounced = Instant.parse(ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}", secondFingerprint)
                .then().statusCode(200).extract().path("announcedAt"));
        assertThat(Duration.between(firstAnnounced, secondAnnounced)).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void anAlertSilencedWhileFiringIsAnnouncedWhenTheSilenceIsExpired() {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT0S", "PT0S", "P2");
        String silence = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("matchers", List.of(Map.of("label", "instanceId", "values", List.of(instance))),
                        "startsAt", T0.minus(Duration.ofDays(1)).toString(),
                        // Matched on event time (T0), ended on the wall clock: it must cover both.
                        "endsAt", (Instant.now().isAfter(T0) ? Instant.now() : T0).plus(Duration.ofHours(1)).toString(),
                        "comment", "carrier work"))
                .post("/api/v1/silences").then().statusCode(201).extract().path("id");
        String fingerprint = fingerprint(rule, instance, METRIC);

        sendMinutes(instance, METRIC, 0, 0, 9.0);
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .get("/api/v1/alerts/{fp}", fingerprint).then().statusCode(200)
                .body("state", equalTo("FIRING"))
                .body("suppressedBy", equalTo(silence))
                .body("publishedState", nullValue()));

        ApiSecurity.as(Roles.ADMIN).post("/api/v1/silences/{id}/expire", silence).then().statusCode(200);

        List<AlertEvent> events = alertEventsUntil(fingerprint, e -> e.state() == State.FIRING, Duration.ofSeconds(45));
        assertThat(events).extracting(AlertEvent::state).containsExactly(State.FIRING);
        assertThat(events.get(0).announcement()).isEqualTo(Announcement.NEW);
        assertThat(events.get(0).startsAt()).isEqualTo(T0);
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}", fingerprint).then().statusCode(200)
                .body("suppressedBy", nullValue())
                .body("publishedState", equalTo("FIRING"));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}/history", fingerprint).then().statusCode(200)
                .body("items[0].published", equalTo(true));
    }

    @Test
    void theFiringGaugePerSeverityMatchesTheFiringAlerts() {
        String instance = uniqueInstance();
        createRule(instance, "contact_flow_fatal_errors", "GT", 0, "PT0S", "PT0S", "P1");
        sendMinutes(instance, "contact_flow_fatal_errors", 0, 0, 3.0);

        Pattern gauge = Pattern.compile("^alerting_alerts_firing\\{[^}]*severity=\"P1\"[^}]*} ([0-9.E]+)$",
                Pattern.MULTILINE);
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            int firing = ApiSecurity.as(Roles.VIEWER).queryParam("state", "FIRING").queryParam("severity", "P1")
                    .queryParam("instanceId", instance).get("/api/v1/alerts").then().statusCode(200)
                    .extract().path("total");
            assertThat(firing).isEqualTo(1);
            int total = ApiSecurity.as(Roles.VIEWER).queryParam("state", "FIRING").queryParam("severity", "P1")
                    .get("/api/v1/alerts").then().statusCode(200).extract().path("total");
            Matcher scraped = gauge.matcher(RestAssured.get("/q/metrics").then().statusCode(200).extract().asString());
            assertThat(scraped.find()).as("alerting_alerts_firing{severity=\"P1\"} on /q/metrics").isTrue();
            assertThat(Double.parseDouble(scraped.group(1))).isEqualTo(total);
        });
    }
}
