package io.connectops.scheduling.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MaintenanceWindowEvent;
import io.connectops.contracts.OpsTaskOverdue;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.scheduling.staffing.StaffingAndForecastApiTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OpsTaskAndMaintenanceApiTest {

    @Inject
    DueTaskService tasks;

    @Inject
    MaintenanceService maintenance;

    @Test
    void theManualsChecklistShipsAsDefaultTemplates() {
        ApiSecurity.as(Roles.VIEWER).queryParam("size", 200).get("/api/v1/ops-task-templates").then().statusCode(200)
                .body("items.name", hasItems("Start-of-day checklist", "Peak-hour check", "Weekly analysis",
                        "Monthly trend report"));
    }

    @Test
    void aDueTaskIsCreatedOnceEvenWhenTwoInstancesRace() throws Exception {
        String templateId = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"every minute " + UUID.randomUUID() + "\",\"kind\":\"CHECKLIST\",\"priority\":\"HIGH\","
                        + "\"cron\":\"0 * * ? * *\",\"timeZone\":\"Europe/Paris\",\"dueAfterMinutes\":5,"
                        + "\"checklist\":[\"Check queues\",\"Check staffing\"]}")
                .post("/api/v1/ops-task-templates").then().statusCode(201).extract().jsonPath().getString("id");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(20);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> tasks.createDueTasks(now));
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> tasks.createDueTasks(now));
        first.get();
        second.get();
        tasks.createDueTasks(now.plusSeconds(5));

        JsonPath list = ApiSecurity.as(Roles.VIEWER).queryParam("templateId", templateId).get("/api/v1/ops-tasks")
                .then().statusCode(200).extract().jsonPath();
        assertThat(list.getLong("total")).isEqualTo(1);
        String taskId = list.getString("items[0].task.id");
        assertThat(list.getString("items[0].task.scheduledFor")).isEqualTo(now.minusSeconds(20).toString());

        // Completing the task needs every item done first.
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json").body("{}")
                .post("/api/v1/ops-tasks/" + taskId + "/complete").then().statusCode(409);
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json").body("{\"notes\":\"all queues green\"}")
                .post("/api/v1/ops-tasks/" + taskId + "/items/0/complete").then().statusCode(200)
                .body("task.items[0].done", equalTo(true)).body("task.items[0].notes", equalTo("all queues green"));

        // Overdue after five minutes: announced once, however often the job runs.
        Instant late = now.plus(Duration.ofMinutes(10));
        tasks.publishOverdue(late);
        tasks.publishOverdue(late);
        var records = TestKafka.awaitRecords(Topics.SCHEDULES, r -> taskId.equals(r.key()), 1, Duration.ofSeconds(30));
        OpsTaskOverdue overdue = EventCodec.decode(records.get(0).value(), OpsTaskOverdue.class).data();
        assertThat(overdue.openItems()).isEqualTo(1);
        assertThat(overdue.priority()).isEqualTo("HIGH");
        assertThat(TestKafka.awaitRecords(Topics.SCHEDULES, r -> taskId.equals(r.key()), 1, Duration.ofSeconds(3)))
                .hasSize(1);

        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json").body("{}")
                .post("/api/v1/ops-tasks/" + taskId + "/items/1/complete").then().statusCode(200);
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json").body("{\"notes\":\"done\"}")
                .post("/api/v1/ops-tasks/" + taskId + "/complete").then().statusCode(200)
                .body("task.status", equalTo("DONE"));
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json").body("{}")
                .post("/api/v1/ops-tasks/" + taskId + "/complete").then().statusCode(409);
        // An every-minute template left active would make a task in every later run on the same database.
        ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/ops-task-templates/" + templateId + "/deactivate").then()
                .statusCode(200);
    }

    @Test
    void refusesAnInvalidCron() {
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"bad " + UUID.randomUUID() + "\",\"kind\":\"CHECKLIST\",\"priority\":\"LOW\","
                        + "\"cron\":\"every tuesday\",\"timeZone\":\"UTC\",\"dueAfterMinutes\":5,\"checklist\":[\"x\"]}")
                .post("/api/v1/ops-task-templates").then().statusCode(400).body("errors[0].field", equalTo("cron"));
    }

    @Test
    void aWindowIsAnnouncedStartedEndedAndDocumented() {
        String queue = "q-" + UUID.randomUUID();
        Instant start = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);
        String body = "{\"title\":\"Contact flow upgrade\",\"instanceIds\":[\"inst-1\"],\"queueIds\":[\"" + queue
                + "\"],\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plus(Duration.ofHours(1))
                + "\",\"owner\":\"ops-lead\",\"leadTimeMinutes\":1440}";
        String id = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json").body(body)
                .post("/api/v1/maintenance-windows").then().statusCode(201).extract().jsonPath().getString("window.id");

        maintenance.advance(start.minus(Duration.ofDays(1)).minusSeconds(1));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/maintenance-windows/" + id).then().body("window.status", equalTo("SCHEDULED"));
        maintenance.advance(start.minus(Duration.ofDays(1)));
        maintenance.advance(start.minus(Duration.ofHours(1)));
        maintenance.advance(start);
        maintenance.advance(start.plus(Duration.ofHours(1)));
        maintenance.advance(start.plus(Duration.ofHours(2)));

        var records = TestKafka.awaitRecords(Topics.MAINTENANCE, r -> id.equals(r.key()), 3, Duration.ofSeconds(30));
        List<MaintenanceWindowEvent.Change> changes = records.stream()
                .map(r -> EventCodec.decode(r.value(), MaintenanceWindowEvent.class).data().change()).toList();
        assertThat(changes).containsExactly(MaintenanceWindowEvent.Change.ANNOUNCED,
                MaintenanceWindowEvent.Change.STARTED, MaintenanceWindowEvent.Change.ENDED);
        assertThat(EventCodec.decode(records.get(0).value(), MaintenanceWindowEvent.class).data().queueIds())
                .containsExactly(queue);

        ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/maintenance-windows/" + id + "/cancel").then().statusCode(409)
                .body("allowed", equalTo(List.of("document")));
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"outcome\":\"Upgraded; no customer impact\"}")
                .post("/api/v1/maintenance-windows/" + id + "/document").then().statusCode(200)
                .body("window.status", equalTo("DOCUMENTED")).body("window.outcome", equalTo("Upgraded; no customer impact"));
    }

    @Test
    void aWindowInsideItsLeadTimeIsRefused() {
        Instant soon = Instant.now().plus(Duration.ofHours(1));
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"title\":\"Rushed\",\"instanceIds\":[\"inst-1\"],\"queueIds\":[],\"startsAt\":\"" + soon
                        + "\",\"endsAt\":\"" + soon.plus(Duration.ofHours(1))
                        + "\",\"owner\":\"ops\",\"leadTimeMinutes\":1440}")
                .post("/api/v1/maintenance-windows").then().statusCode(400).body("errors[0].field", equalTo("startsAt"));
    }

    @Test
    void suggestsTheQuietestSlotsOfTheForecast() {
        String queue = "queue-" + UUID.randomUUID();
        ApiSecurity.as(Roles.SUPERVISOR).contentType("text/csv").queryParam("intervalSeconds", 1800)
                .body(StaffingAndForecastApiTest.historyCsv(queue, 5)).post("/api/v1/forecasts/history")
                .then().statusCode(200);
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"queueId\":\"" + queue + "\",\"intervalSeconds\":1800,\"horizonDays\":7,\"holdoutDays\":0}")
                .post("/api/v1/forecasts").then().statusCode(201);
        JsonPath slots = ApiSecurity.as(Roles.VIEWER).queryParam("queueId", queue).queryParam("durationMinutes", 120)
                .queryParam("count", 3).get("/api/v1/maintenance-windows/suggestions").then().statusCode(200)
                .extract().jsonPath();
        assertThat(slots.getList("$")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            int hour = Instant.parse(slots.getString("[" + i + "].startsAt")).atZone(ZoneOffset.UTC).getHour();
            // The history is quiet before 08:00 and after 20:00.
            assertThat(hour < 7 || hour >= 20).as("slot at hour " + hour).isTrue();
        }
        assertThat(slots.getDouble("[0].forecastContacts")).isLessThanOrEqualTo(slots.getDouble("[2].forecastContacts"));
    }
}
