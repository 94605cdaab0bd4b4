package io.connectops.alerting.rules;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.hamcrest.Matcher;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RuleResourceTest {

    private static Map<String, Object> validRule() {
        Map<String, Object> rule = new HashMap<>();
        rule.put("name", "Queue wait high " + UUID.randomUUID());
        rule.put("metric", "oldest_contact_age");
        rule.put("queueId", "q-billing");
        rule.put("aggregation", "MAX");
        rule.put("window", "PT5M");
        rule.put("comparator", "GT");
        rule.put("threshold", 240);
        rule.put("thresholdUnit", "SECONDS");
        rule.put("forDuration", "PT10M");
        rule.put("keepFiringFor", "PT2M");
        rule.put("severity", "P2");
        rule.put("labels", Map.of("team", "billing"));
        rule.put("summary", "Billing callers wait more than 4 minutes");
        rule.put("description", "Check agents available on the billing routing profile first.");
        return rule;
    }

    private static ValidatableResponse post(Map<String, Object> rule) {
        return ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(rule).post("/api/v1/rules").then();
    }

    private static void assertInvalid(Map<String, Object> rule, String field, String messageStart) {
        post(rule).statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", startsWith(messageStart));
    }

    @Test
    void anAdminCreatesReadsReplacesAndDeletesARule() {
        Map<String, Object> rule = validRule();
        String id = post(rule).statusCode(201)
                .body("metric", equalTo("oldest_contact_age"))
                .body("window", equalTo("PT5M"))
                .body("forDuration", equalTo("PT10M"))
                .body("noData", equalTo("RESOLVE"))
                .body("enabled", equalTo(true))
                .extract().path("id");
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/rules/{id}", id).then().statusCode(200)
                .body("labels.team", equalTo("billing"));

        rule.put("threshold", 300);
        rule.put("enabled", false);
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(rule).put("/api/v1/rules/{id}", id)
                .then().statusCode(200).body("threshold", equalTo(300.0f)).body("enabled", equalTo(false));
        ApiSecurity.as(Roles.VIEWER).queryParam("metric", "oldest_contact_age").queryParam("enabled", false)
                .queryParam("size", 200).get("/api/v1/rules").then().statusCode(200).body("items.id", hasItem(id));

        ApiSecurity.as(Roles.ADMIN).delete("/api/v1/rules/{id}", id).then().statusCode(204);
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/rules/{id}", id).then().statusCode(404);
    }

    @Test
    void defaultRulesFromTheOperatingManualAreLoadedWithWhatToCheckFirst() {
        ApiSecurity.as(Roles.VIEWER).queryParam("size", 200).get("/api/v1/rules").then().statusCode(200)
                .body("items.name", hasItems("Abandonment rate above 5%", "Service level below target",
                        "Oldest contact waiting too long", "Contact-flow errors", "IVR outage",
                        "Lambda execution errors sustained", "Third-party API call failures",
                        "Agents available below forecast need", "IVR response time high", "Lex recognition errors",
                        "Negative sentiment trend", "Concurrent calls near the instance quota", "DynamoDB throttling",
                        "Call volume growing toward the service limit"));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/rules/default-abandonment-rate").then().statusCode(200)
                .body("severity", equalTo("P2"))
                .body("threshold", equalTo(5.0f))
                .body("forDuration", equalTo("PT15M"))
                .body("description", startsWith("Callers give up waiting. Check first:"));
    }

    @Test
    void unknownMetricsBadDurationsAndThresholdsOfTheWrongUnitAreRefused() {
        Map<String, Object> unknownMetric = validRule();
        unknownMetric.put("metric", "abandon_rate");
        assertInvalid(unknownMetric, "metric", "unknown metric 'abandon_rate'");

        Map<String, Object> badDuration = validRule();
        badDuration.put("forDuration", "15 minutes");
        assertInvalid(badDuration, "forDuration", "'15 minutes' is not an ISO-8601 duration");

        Map<String, Object> negative = validRule();
        negative.put("keepFiringFor", "-PT1M");
        assertInvalid(negative, "keepFiringFor", "must not be negative");

        Map<String, Object> wrongUnit = validRule();
        wrongUnit.put("thresholdUnit", "PERCENT");
        assertInvalid(wrongUnit, "thresholdUnit", "metric oldest_contact_age is measured in SECONDS");

        Map<String, Object> percentOver100 = validRule();
        percentOver100.put("metric", "abandonment_rate");
        percentOver100.remove("thresholdUnit");
        percentOver100.put("threshold", 150);
        assertInvalid(percentOver100, "threshold", "must be 0 to 100 for a metric in PERCENT");

        Map<String, Object> negativeCount = validRule();
        negativeCount.put("metric", "contacts_in_queue");
        negativeCount.remove("thresholdUnit");
        negativeCount.put("threshold", -3);
        assertInvalid(negativeCount, "threshold", "must be >= 0 for a metric in COUNT");
        Map<String, Object> staffingShortfall = validRule();
        staffingShortfall.put("metric", "staffing_gap");
        staffingShortfall.put("thresholdUnit", "COUNT");
        staffingShortfall.put("comparator", "LT");
        staffingShortfall.put("threshold", -3);
        // staffing_gap is scheduled minus required: a shortfall is negative.
        post(staffingShortfall).statusCode(201);

        Map<String, Object> noWindow = validRule();
        noWindow.remove("window");
        assertInvalid(noWindow, "window", "is required for aggregation MAX");

        Map<String, Object> noSeverity = validRule();
        noSeverity.remove("severity");
        post(noSeverity).statusCode(400).body("errors.field", hasItem(endsWithSeverity()));

        Map<String, Object> unknownSeverity = validRule();
        unknownSeverity.put("severity", "P9");
        post(unknownSeverity).statusCode(400);

        Map<String, Object> duplicate = validRule();
        post(duplicate).statusCode(201);
        assertInvalid(duplicate, "name", "another rule is already named");

        ApiSecurity.as(Roles.VIEWER).queryParam("size", 200).queryParam("metric", "abandon_rate").get("/api/v1/rules")
                .then().statusCode(200).body("items.name", not(hasItem(unknownMetric.get("name"))));
    }

    private static Matcher<String> endsWithSeverity() {
        return Matchers.endsWith("severity");
    }

    @Test
    void onlyAdminsWriteRules() {
        String body = "{\"name\":\"x\",\"metric\":\"service_level\",\"comparator\":\"LT\",\"threshold\":80,"
                + "\"severity\":\"P2\",\"summary\":\"s\",\"description\":\"d\"}";
        ApiSecurity.assertRefusesBadTokens("POST", "/api/v1/rules", body, Roles.ADMIN, Roles.VIEWER);
        ApiSecurity.assertRefusesBadTokens("DELETE", "/api/v1/rules/default-ivr-outage", null, Roles.ADMIN,
                Roles.SUPERVISOR);
        ApiSecurity.as(Roles.INGEST).get("/api/v1/rules").then().statusCode(403);
    }
}
