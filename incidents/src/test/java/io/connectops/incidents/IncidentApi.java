package io.connectops.incidents;

import static org.hamcrest.Matchers.equalTo;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.TestTokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Drives incidents through the HTTP API with signed tokens, as an incident manager would. */
public final class IncidentApi {

    public static final String BASE = "/api/v1/incidents";

    /** A body each action endpoint accepts. */
    public static final Map<LifecycleAction, String> VALID_BODIES = new EnumMap<>(Map.of(
            LifecycleAction.ASSESS, """
                    {"severity":"P3","impact":"Callers wait 3 minutes in Billing","summary":"Routing profile lost queue",
                     "commander":"ana.ops"}""",
            LifecycleAction.MITIGATE, "{\"mitigation\":\"Queue re-added to the routing profile\"}",
            LifecycleAction.RESOLVE, "{\"resolution\":\"Wait times back to normal for 30 minutes\"}",
            LifecycleAction.START_REVIEW, "{\"note\":\"Review on Thursday\"}",
            LifecycleAction.CLOSE, "{\"note\":\"Done\"}",
            LifecycleAction.CANCEL, "{\"reason\":\"False positive: test traffic\"}",
            LifecycleAction.REOPEN, "{\"reason\":\"Wait times climbing again\"}"));

    /** How to reach each status from TRIAGE through the API. */
    private static final Map<IncidentStatus, List<LifecycleAction>> PATHS = new EnumMap<>(Map.of(
            IncidentStatus.TRIAGE, List.of(),
            IncidentStatus.MITIGATING, List.of(LifecycleAction.ASSESS),
            IncidentStatus.MONITORING, List.of(LifecycleAction.ASSESS, LifecycleAction.MITIGATE),
            IncidentStatus.RESOLVED, List.of(LifecycleAction.ASSESS, LifecycleAction.MITIGATE, LifecycleAction.RESOLVE),
            IncidentStatus.POST_INCIDENT, List.of(LifecycleAction.ASSESS, LifecycleAction.MITIGATE,
                    LifecycleAction.RESOLVE, LifecycleAction.START_REVIEW),
            IncidentStatus.CLOSED, List.of(LifecycleAction.ASSESS, LifecycleAction.MITIGATE, LifecycleAction.RESOLVE,
                    LifecycleAction.START_REVIEW, LifecycleAction.CLOSE),
            IncidentStatus.CANCELLED, List.of(LifecycleAction.CANCEL)));

    private IncidentApi() {
    }

    public static RequestSpecification manager() {
        return RestAssured.given().header("Authorization",
                TestTokens.bearer(TestTokens.forUser("ana.ops", Roles.INCIDENT_MANAGER))).contentType(ContentType.JSON);
    }

    public static RequestSpecification viewer() {
        return RestAssured.given().header("Authorization",
                TestTokens.bearer(TestTokens.forUser("victor.viewer", Roles.VIEWER)));
    }

    public static String openBody(String title, String severity, String queue) {
        return """
                {"title":"%s","description":"Opened by a test","severity":"%s","impact":"Some callers affected",
                 "queues":["%s"],"services":["voice"]}""".formatted(title, severity, queue);
    }

    public static String open(String severity, String queue) {
        return manager().body(openBody("Long waits " + UUID.randomUUID(), severity, queue)).post(BASE)
                .then().statusCode(201).extract().path("id");
    }

    public static Response act(String id, LifecycleAction action) {
        return act(id, action, VALID_BODIES.get(action));
    }

    public static Response act(String id, LifecycleAction action, String body) {
        return manager().body(body).post(BASE + "/" + id + "/" + action.path());
    }

    /** A new P3 incident in {@code status}, reached through the API. */
    public static String inStatus(IncidentStatus status, String queue) {
        String id = open("P3", queue);
        for (LifecycleAction step : PATHS.get(status)) {
            act(id, step).then().statusCode(200).body("status", equalTo(step.target().name()));
        }
        return id;
    }
}
