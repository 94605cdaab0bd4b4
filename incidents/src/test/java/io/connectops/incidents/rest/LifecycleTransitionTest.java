package io.connectops.incidents.rest;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Walks every (from, to) pair of statuses through the HTTP API with signed tokens: each legal pair through its
 * action endpoint, each illegal one through every endpoint that leads to {@code to}, which must answer 409 with the
 * actions the status allows and change nothing.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class LifecycleTransitionTest {

    /** The lifecycle of issue 5, written out independently of the code's table. */
    private static final Map<IncidentStatus, Map<IncidentStatus, String>> SPEC = Map.of(
            IncidentStatus.TRIAGE, Map.of(IncidentStatus.MITIGATING, "assess", IncidentStatus.CANCELLED, "cancel"),
            IncidentStatus.MITIGATING, Map.of(IncidentStatus.MONITORING, "mitigate",
                    IncidentStatus.CANCELLED, "cancel"),
            IncidentStatus.MONITORING, Map.of(IncidentStatus.RESOLVED, "resolve", IncidentStatus.MITIGATING, "reopen"),
            IncidentStatus.RESOLVED, Map.of(IncidentStatus.POST_INCIDENT, "start-review",
                    IncidentStatus.MITIGATING, "reopen"),
            IncidentStatus.POST_INCIDENT, Map.of(IncidentStatus.CLOSED, "close"),
            IncidentStatus.CLOSED, Map.of(),
            IncidentStatus.CANCELLED, Map.of());

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (IncidentStatus from : IncidentStatus.values()) {
            for (IncidentStatus to : IncidentStatus.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @Test
    void theTransitionTableIsTheSpecifiedOne() {
        for (IncidentStatus from : IncidentStatus.values()) {
            for (IncidentStatus to : IncidentStatus.values()) {
                String expected = SPEC.get(from).get(to);
                assertThat(LifecycleAction.between(from, to).map(LifecycleAction::path).orElse(null))
                        .as("%s -> %s", from, to).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void everyPairIsAcceptedOrRefusedThroughTheApi(IncidentStatus from, IncidentStatus to) {
        String queue = "q-" + UUID.randomUUID();
        String legalAction = SPEC.get(from).get(to);
        if (legalAction != null) {
            String id = IncidentApi.inStatus(from, queue);
            LifecycleAction action = LifecycleAction.between(from, to).orElseThrow();
            IncidentApi.act(id, action).then().statusCode(200)
                    .body("status", equalTo(to.name()))
                    .body(timestampOf(action), notNullValue())
                    .body("allowedActions", equalTo(allowedFrom(to)));
            IncidentApi.viewer().get(BASE + "/" + id).then().statusCode(200).body("status", equalTo(to.name()));
            return;
        }
        // Every endpoint whose target is `to` must refuse; no endpoint leads back to TRIAGE at all.
        List<LifecycleAction> leadingThere = Stream.of(LifecycleAction.values()).filter(a -> a.target() == to)
                .toList();
        if (to == IncidentStatus.TRIAGE) {
            assertThat(leadingThere).isEmpty();
            return;
        }
        for (LifecycleAction action : leadingThere) {
            String id = IncidentApi.inStatus(from, queue);
            Response refused = IncidentApi.act(id, action);
            refused.then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("status", equalTo(409))
                    .body("detail", containsString("Cannot " + action.path()))
                    .body("detail", containsString("in state " + from));
            assertThat(refused.jsonPath().getList("allowed", String.class)).isEqualTo(allowedFrom(from));
            IncidentApi.viewer().get(BASE + "/" + id).then().statusCode(200).body("status", equalTo(from.name()));
        }
    }

    @Test
    void eachActionRequiresItsOwnFields() {
        String id = IncidentApi.inStatus(IncidentStatus.TRIAGE, "q-" + UUID.randomUUID());
        IncidentApi.act(id, LifecycleAction.ASSESS, "{\"severity\":\"P3\",\"impact\":\"x\"}").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", Matchers.hasItems(
                        containsString("summary"), containsString("commander")));
        IncidentApi.act(id, LifecycleAction.CANCEL, "{}").then().statusCode(400)
                .body("errors.field", Matchers.hasItem(containsString("reason")));
        IncidentApi.viewer().get(BASE + "/" + id).then().body("status", equalTo("TRIAGE"))
                .body("assessedAt", nullValue());

        IncidentApi.act(id, LifecycleAction.ASSESS).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.MITIGATE, "{\"mitigation\":\" \"}").then().statusCode(400);
        IncidentApi.act(id, LifecycleAction.MITIGATE).then().statusCode(200).body("mitigation",
                equalTo("Queue re-added to the routing profile"));
        IncidentApi.act(id, LifecycleAction.RESOLVE, "{}").then().statusCode(400);
    }

    @Test
    void anUnknownIncidentIs404AndAViewerCannotAct() {
        IncidentApi.act(UUID.randomUUID().toString(), LifecycleAction.ASSESS).then().statusCode(404)
                .contentType("application/problem+json");
        String id = IncidentApi.inStatus(IncidentStatus.TRIAGE, "q-" + UUID.randomUUID());
        ApiSecurity.assertRefusesBadTokens("POST", BASE + "/" + id + "/assess",
                IncidentApi.VALID_BODIES.get(LifecycleAction.ASSESS), Roles.INCIDENT_MANAGER, Roles.VIEWER);
        IncidentApi.viewer().get(BASE + "/" + id).then().body("status", equalTo("TRIAGE"));
    }

    private static List<String> allowedFrom(IncidentStatus status) {
        List<String> allowed = new ArrayList<>();
        // Only an incident still in triage was never assessed, so nobody has acknowledged it yet.
        if (status == IncidentStatus.TRIAGE) {
            allowed.add("acknowledge");
        }
        for (LifecycleAction action : LifecycleAction.values()) {
            if (SPEC.get(status).containsValue(action.path())) {
                allowed.add(action.path());
            }
        }
        if (OPEN.contains(status)) {
            allowed.add("severity");
        }
        return allowed;
    }

    private static final Set<IncidentStatus> OPEN = EnumSet.of(IncidentStatus.TRIAGE, IncidentStatus.MITIGATING,
            IncidentStatus.MONITORING);

    private static String timestampOf(LifecycleAction action) {
        return switch (action) {
            case ASSESS -> "assessedAt";
            case MITIGATE -> "mitigatedAt";
            case RESOLVE -> "resolvedAt";
            case START_REVIEW -> "reviewStartedAt";
            case CLOSE -> "closedAt";
            case CANCEL -> "cancelledAt";
            case REOPEN -> "reopenedAt";
        };
    }
}
