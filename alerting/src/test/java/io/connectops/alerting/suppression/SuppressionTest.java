package io.connectops.alerting.suppression;

import static io.connectops.alerting.AlertingFixtures.T0;
import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.connectops.alerting.AlertingFixtures.fingerprint;
import static io.connectops.alerting.AlertingFixtures.sendMinutes;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.MaintenanceWindowEvent;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Silences, maintenance windows and inhibition keep alerts from being published while still recording them: the
 * history says what was suppressed and by what.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SuppressionTest {

    /** Silences are matched on event time (T0) but end on the wall clock: they must outlast both. */
    private static Instant aDayAfterT0AndNow() {
        Instant now = Instant.now();
        return (now.isAfter(T0) ? now : T0).plus(Duration.ofDays(1));
    }

    private static void awaitFiring(String fingerprint, Matcher<?> suppressedBy, boolean published) {
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .get("/api/v1/alerts/{fp}", fingerprint).then().statusCode(200)
                .body("state", equalTo("FIRING"))
                .body("suppressedBy", suppressedBy)
                .body("publishedState", published ? equalTo("FIRING") : Matchers.nullValue()));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}/history", fingerprint).then().statusCode(200)
                .body("items[0].state", equalTo("FIRING"))
                .body("items[0].published", equalTo(published));
    }

    @Test
    void aSilenceSuppressesMatchingAlertsAndItsEndLetsTheResolutionStayQuiet() {
        String instance = uniqueInstance();
        String rule = createRule(instance, "abandonment_rate", "GT", 5, "PT0S", "PT0S", "P2");
        String silence = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("matchers", List.of(Map.of("label", "instanceId", "values", List.of(instance))),
                        "startsAt", T0.minusSeconds(3600).toString(), "endsAt", aDayAfterT0AndNow().toString(),
                        "comment", "carrier work"))
                .post("/api/v1/silences").then().log().ifValidationFails().statusCode(201)
                .body("createdBy", equalTo("user-admin")).extract().path("id");

        sendMinutes(instance, "abandonment_rate", 0, 0, 9.0);
        String fingerprint = fingerprint(rule, instance, "abandonment_rate");
        awaitFiring(fingerprint, equalTo(silence), false);

        sendMinutes(instance, "abandonment_rate", 1, 1, 1.0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .get("/api/v1/alerts/{fp}/history", fingerprint).then().statusCode(200)
                .body("items.state", equalTo(List.of("FIRING", "RESOLVED")))
                // Nobody was told it fired, so nobody is told it resolved.
                .body("items[1].published", equalTo(false)));
    }

    @Test
    void aFiringP1InhibitsLessUrgentAlertsOfTheSameInstanceOnly() {
        String instance = uniqueInstance();
        String otherInstance = uniqueInstance();
        String outage = createRule(instance, "contact_flow_fatal_errors", "GT", 0, "PT0S", "PT0S", "P1");
        String abandonment = createRule(instance, "abandonment_rate", "GT", 5, "PT0S", "PT0S", "P3");
        String abandonmentElsewhere = createRule(otherInstance, "abandonment_rate", "GT", 5, "PT0S", "PT0S", "P3");

        sendMinutes(instance, "contact_flow_fatal_errors", 0, 0, 4.0);
        String outageFingerprint = fingerprint(outage, instance, "contact_flow_fatal_errors");
        awaitFiring(outageFingerprint, Matchers.nullValue(), true);

        sendMinutes(instance, "abandonment_rate", 1, 1, 9.0);
        sendMinutes(otherInstance, "abandonment_rate", 1, 1, 9.0);
        awaitFiring(fingerprint(abandonment, instance, "abandonment_rate"), equalTo("inhibited-by:" + outageFingerprint),
                false);
        awaitFiring(fingerprint(abandonmentElsewhere, otherInstance, "abandonment_rate"),
                Matchers.nullValue(), true);
    }

    @Test
    void aMaintenanceWindowFromSchedulingBecomesASilence() {
        String instance = uniqueInstance();
        String rule = createRule(instance, "abandonment_rate", "GT", 5, "PT0S", "PT0S", "P2");
        String windowId = "mw-" + UUID.randomUUID();
        MaintenanceWindowEvent window = new MaintenanceWindowEvent(windowId, MaintenanceWindowEvent.Change.STARTED,
                "Carrier migration", "SIP trunk move", List.of(instance), List.of(), T0.minusSeconds(600),
                aDayAfterT0AndNow(), "ops-lead", null);
        TestKafka.send(Topics.MAINTENANCE, windowId, CloudEvent.of("/scheduling", window.type(), windowId, window));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .queryParam("size", 200).get("/api/v1/silences").then().statusCode(200)
                .body("items.find { it.maintenanceWindowId == '" + windowId + "' }.comment",
                        equalTo("Maintenance window: Carrier migration")));

        sendMinutes(instance, "abandonment_rate", 0, 0, 9.0);
        awaitFiring(fingerprint(rule, instance, "abandonment_rate"), startsWith("maintenance-"), false);
    }

    @Test
    void silencesAreValidatedAndExpireOnce() {
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("matchers", List.of(Map.of("label", "instanceId", "values", List.of("x"))),
                        "startsAt", "2030-01-02T00:00:00Z", "endsAt", "2030-01-01T00:00:00Z", "comment", "backwards"))
                .post("/api/v1/silences").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("endsAt"));
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("matchers", List.of(), "endsAt", "2030-01-01T00:00:00Z", "comment", "mutes nothing"))
                .post("/api/v1/silences").then().statusCode(400);
        ApiSecurity.as(Roles.VIEWER).contentType(ContentType.JSON)
                .body(Map.of("matchers", List.of(Map.of("label", "instanceId", "values", List.of("x"))),
                        "endsAt", "2030-01-01T00:00:00Z", "comment", "viewer"))
                .post("/api/v1/silences").then().statusCode(403);

        String id = ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("matchers", List.of(Map.of("label", "queueId", "values", List.of("q-9"))),
                        "endsAt", Instant.now().plusSeconds(600).toString(), "comment", "short"))
                .post("/api/v1/silences").then().log().ifValidationFails().statusCode(201).body("startsAt", notNullValue())
                .extract().path("id");
        ApiSecurity.as(Roles.ADMIN).post("/api/v1/silences/{id}/expire", id).then().statusCode(200);
        ApiSecurity.as(Roles.ADMIN).post("/api/v1/silences/{id}/expire", id).then().statusCode(409)
                .body("detail", startsWith("Cannot expire silence in state EXPIRED"));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/silences/{id}", id).then().statusCode(200)
                .body("comment", equalTo("short"));
    }
}
