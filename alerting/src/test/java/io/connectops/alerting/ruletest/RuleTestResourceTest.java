package io.connectops.alerting.ruletest;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RuleTestResourceTest {

    private static Map<String, Object> rule(String name) {
        Map<String, Object> rule = new HashMap<>();
        rule.put("name", name);
        rule.put("metric", "oldest_contact_age");
        rule.put("comparator", "GT");
        rule.put("threshold", 300);
        rule.put("forDuration", "PT5M");
        rule.put("severity", "P2");
        rule.put("summary", "A caller waits too long");
        rule.put("description", "Check agents available first.");
        return rule;
    }

    private static Map<String, Object> testFile(String ruleName, String values, String evalTime,
            List<Map<String, Object>> expected) {
        return Map.of("tests", List.of(Map.of("name", "waits of " + values,
                "inputSeries", List.of(Map.of("labels", Map.of("metric", "oldest_contact_age", "instance_id", "i-1",
                        "queue_id", "q-1"), "values", values)),
                "alertTests", List.of(Map.of("evalTime", evalTime, "rule", ruleName, "expectedAlerts", expected)))));
    }

    private static Map<String, Object> body(Object rules, Map<String, Object> tests) {
        Map<String, Object> body = new HashMap<>();
        body.put("rules", rules);
        body.put("tests", tests);
        return body;
    }

    @Test
    void aViewerTestsTheRulesOfARequestAndSeesWhatFailedWithTheAlertsThatWereOpen() {
        String name = "Wait " + UUID.randomUUID();
        Map<String, Object> file = new HashMap<>(testFile(name, "400x10", "PT6M",
                List.of(Map.of("labels", Map.of("queue_id", "q-1"), "severity", "P2", "state", "FIRING"))));
        @SuppressWarnings("unchecked")
        List<Object> tests = new ArrayList<>((List<Object>) file.get("tests"));
        tests.addAll((List<?>) testFile(name, "400x10", "PT4M", List.of()).get("tests"));
        file.put("tests", tests);

        ApiSecurity.as(Roles.VIEWER).contentType(ContentType.JSON)
                .body(body(List.of(rule(name), rule("Unused " + name)), file))
                .post("/api/v1/rules/test").then().statusCode(200)
                .body("passed", equalTo(false))
                .body("tests.name", contains("waits of 400x10", "waits of 400x10"))
                .body("tests.passed", contains(true, false))
                .body("tests[1].failures[0].field", equalTo("tests[1].alertTests[0]"))
                .body("tests[1].failures[0].evalTime", equalTo("PT4M"))
                .body("tests[1].failures[0].rule", equalTo(name))
                .body("tests[1].failures[0].expected.size()", equalTo(0))
                .body("tests[1].failures[0].got[0].state", equalTo("PENDING"))
                .body("tests[1].failures[0].got[0].labels.queueId", equalTo("q-1"))
                .body("tests[1].failures[0].got[0].value", equalTo(400.0f))
                .body("tests[1].failures[0].got[0].activeAt", equalTo("PT0S"))
                .body("untestedRules", contains("Unused " + name));
    }

    @Test
    void withoutRulesTheConfiguredRulesAreTested() {
        String name = "Configured wait " + UUID.randomUUID();
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(rule(name)).post("/api/v1/rules").then()
                .statusCode(201);

        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(body(null, testFile(name, "400x10", "PT6M", List.of(Map.of("labels", Map.of("queue_id", "q-1"))))))
                .post("/api/v1/rules/test").then().statusCode(200)
                .body("passed", equalTo(true))
                .body("tests[0].failures.size()", equalTo(0))
                .body("untestedRules", hasItem("Abandonment rate above 5%"));
    }

    @Test
    void aBadTestFileIsAProblemNamingEachFieldAtFault() {
        String name = "Wait " + UUID.randomUUID();
        Map<String, Object> file = new HashMap<>(testFile("No such rule", "1 2 three", "ten minutes", List.of()));
        file.put("evaluationInterval", "PT0.5S");

        ApiSecurity.as(Roles.VIEWER).contentType(ContentType.JSON).body(body(List.of(rule(name)), file))
                .post("/api/v1/rules/test").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("tests.evaluationInterval", "tests.tests[0].inputSeries[0].values",
                        "tests.tests[0].alertTests[0].evalTime", "tests.tests[0].alertTests[0].rule"))
                .body("errors.find { it.field == 'tests.tests[0].inputSeries[0].values' }.message",
                        startsWith("'three' is not a value"))
                .body("errors.find { it.field == 'tests.tests[0].alertTests[0].rule' }.message",
                        startsWith("no rule named 'No such rule'"));
    }

    @Test
    void aBadRuleInTheRequestIsAProblemNamingItsPlace() {
        Map<String, Object> bad = rule("Wait " + UUID.randomUUID());
        bad.put("metric", "no_such_metric");

        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(body(List.of(bad), testFile("x", "1", "PT1M", List.of())))
                .post("/api/v1/rules/test").then().statusCode(400)
                .body("errors.field", hasItem("rules[0].metric"));
    }

    @Test
    void onlyRuleReadersTestRules() {
        ApiSecurity.as(Roles.INCIDENT_MANAGER).contentType(ContentType.JSON)
                .body(body(null, testFile("x", "1", "PT1M", List.of())))
                .post("/api/v1/rules/test").then().statusCode(403);
    }
}
