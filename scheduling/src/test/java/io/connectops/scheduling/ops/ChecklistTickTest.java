package io.connectops.scheduling.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestTokens;
import io.connectops.scheduling.RacingTransitions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Ticking an ops task's checklist item through the API: supervisors and admins may, a tick applies only to an item
 * in the other state (so two people racing on one item tick it once, and racing on two items keep both), and the
 * checklist's history says who ticked what when.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ChecklistTickTest {

    private static final String SAM = TestTokens.forUser("sam.supervisor", Roles.SUPERVISOR);
    private static final String ALEX = TestTokens.forUser("alex.admin", Roles.ADMIN);

    /** An open task with the checklist Queues green, Staffing checked, Wallboard on; nothing ticked. */
    private static String openTask() {
        String templateId = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"Tick test " + UUID.randomUUID() + "\",\"kind\":\"CHECKLIST\",\"priority\":\"HIGH\","
                        + "\"cron\":\"0 0 3 1 1 ?\",\"timeZone\":\"UTC\",\"dueAfterMinutes\":60,"
                        + "\"checklist\":[\"Queues green\",\"Staffing checked\",\"Wallboard on\"]}")
                .post("/api/v1/ops-task-templates").then().statusCode(201).extract().jsonPath().getString("id");
        OpsTask task = new OpsTask();
        task.id = UUID.randomUUID();
        task.templateId = UUID.fromString(templateId);
        task.title = "Start-of-day checklist";
        task.kind = OpsTaskTemplate.Kind.CHECKLIST;
        task.priority = OpsTaskTemplate.Priority.HIGH;
        task.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        task.scheduledFor = task.createdAt;
        // Due long after today: the supervisor page lists today's tasks (at most 50), which these must not crowd out.
        task.dueAt = task.createdAt.plus(Duration.ofDays(3650));
        task.status = OpsTask.Status.OPEN;
        task.items = List.of(new OpsTask.Item("Queues green", false, null, null, null),
                new OpsTask.Item("Staffing checked", false, null, null, null),
                new OpsTask.Item("Wallboard on", false, null, null, null));
        QuarkusTransaction.requiringNew().run(task::persist);
        return task.id.toString();
    }

    private static Response tick(String token, String taskId, int index, String body) {
        return ApiSecurity.withToken(token).contentType("application/json").body(body)
                .put("/api/v1/ops-tasks/" + taskId + "/items/" + index);
    }

    private static JsonPath ticks(String taskId) {
        return ApiSecurity.as(Roles.VIEWER).get("/api/v1/ops-tasks/" + taskId + "/ticks").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void aSupervisorTicksAnItemAndTheHistorySaysWhoAndWhen() {
        String taskId = openTask();
        Instant before = Instant.now();

        tick(SAM, taskId, 1, "{\"done\":true,\"notes\":\"8 of 8 agents in\"}").then().statusCode(200)
                .body("task.items[1].done", equalTo(true))
                .body("task.items[1].notes", equalTo("8 of 8 agents in"))
                .body("task.items[1].completedBy", equalTo("sub-sam.supervisor"))
                .body("task.items[0].done", equalTo(false))
                .body("task.status", equalTo("OPEN"));

        JsonPath history = ticks(taskId);
        assertThat(history.getList("itemIndex")).containsExactly(1);
        assertThat(history.getString("[0].item")).isEqualTo("Staffing checked");
        assertThat(history.getBoolean("[0].done")).isTrue();
        assertThat(history.getString("[0].actorId")).isEqualTo("sub-sam.supervisor");
        assertThat(history.getString("[0].actorName")).isEqualTo("sam.supervisor");
        Instant at = Instant.parse(history.getString("[0].occurredAt"));
        assertThat(at).isBetween(before.minusMillis(1), Instant.now());
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/ops-tasks/" + taskId).then().statusCode(200)
                .body("task.items[1].completedAt", equalTo(history.getString("[0].occurredAt")));
    }

    @Test
    void anAdminUnticksAndTheHistoryKeepsBothChanges() {
        String taskId = openTask();
        tick(SAM, taskId, 0, "{\"done\":true}").then().statusCode(200);

        tick(ALEX, taskId, 0, "{\"done\":false}").then().statusCode(200)
                .body("task.items[0].done", equalTo(false))
                .body("task.items[0].completedBy", nullValue())
                .body("task.items[0].completedAt", nullValue());

        JsonPath history = ticks(taskId);
        assertThat(history.getList("done")).containsExactly(true, false);
        assertThat(history.getList("actorName")).containsExactly("sam.supervisor", "alex.admin");
    }

    @Test
    void twoPeopleTickingTheSameItemAtOnceTickItOnceAndTheSecondIsToldWhoWasFirst() throws Exception {
        String taskId = openTask();

        List<Response> answers = RacingTransitions.race(() -> tick(SAM, taskId, 2, "{\"done\":true}"),
                () -> tick(ALEX, taskId, 2, "{\"done\":true}"));

        assertThat(answers.stream().map(Response::statusCode).sorted().toList()).containsExactly(200, 409);
        Response refused = answers.stream().filter(answer -> answer.statusCode() == 409).findFirst().orElseThrow();
        JsonPath history = ticks(taskId);
        assertThat(history.getList("itemIndex")).containsExactly(2);
        String first = history.getString("[0].actorId");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("detail"))
                .startsWith("Checklist item 2 (Wallboard on) is already ticked by " + first + " at ");
    }

    @Test
    void ticksOfTwoItemsAtOnceAreBothKept() throws Exception {
        String taskId = openTask();

        List<Response> answers = RacingTransitions.race(() -> tick(SAM, taskId, 0, "{\"done\":true}"),
                () -> tick(ALEX, taskId, 1, "{\"done\":true}"));

        assertThat(answers).extracting(Response::statusCode).containsExactly(200, 200);
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/ops-tasks/" + taskId).then().statusCode(200)
                .body("task.items.done", contains(true, true, false));
        assertThat(ticks(taskId).getList("itemIndex")).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void aRefusedTickChangesNothingAndSaysWhy() {
        String taskId = openTask();

        tick(SAM, taskId, 0, "{}").then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", contains("done"));
        tick(SAM, taskId, 3, "{\"done\":true}").then().statusCode(404)
                .body("detail", equalTo("checklist item 3 does not exist"));
        tick(SAM, taskId, 0, "{\"done\":false}").then().statusCode(409)
                .body("detail", containsString("is already open"));
        tick(TestTokens.forUser("victor.viewer", Roles.VIEWER), taskId, 0, "{\"done\":true}").then().statusCode(403)
                .body("roles", contains(Roles.SUPERVISOR, Roles.ADMIN));

        assertThat(ticks(taskId).getList("$")).isEmpty();
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/ops-tasks/" + taskId).then().statusCode(200)
                .body("task.items.done", contains(false, false, false));
    }

    @Test
    void aCompletedTasksChecklistCanNoLongerBeTicked() {
        String taskId = openTask();
        for (int index = 0; index < 3; index++) {
            tick(SAM, taskId, index, "{\"done\":true}").then().statusCode(200);
        }
        ApiSecurity.withToken(SAM).contentType("application/json").body("{}")
                .post("/api/v1/ops-tasks/" + taskId + "/complete").then().statusCode(200);

        tick(SAM, taskId, 0, "{\"done\":false}").then().statusCode(409)
                .body("title", equalTo("Illegal state change"));
        assertThat(ticks(taskId).getList("done")).containsExactly(true, true, true);
    }
}
