package io.connectops.scheduling.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.scheduling.domain.adherence.AgentState;
import io.connectops.scheduling.domain.ops.MaintenanceWindow;
import io.connectops.scheduling.domain.roster.Schedule;
import io.connectops.scheduling.domain.roster.ScheduledShift;
import io.connectops.scheduling.service.OpsTaskService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class TrendReportTest {

    @Inject
    OpsTaskService tasks;

    @Test
    void theWeeklyReportHasStaffingAgainstForecastPlannedServiceLevelAndAdherence() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String groupId = ScheduleApiTest.group(suffix, "");
        String connectId = "report-" + suffix;
        String agentId = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"connectId\":\"" + connectId + "\",\"name\":\"Agent\",\"groupId\":\"" + groupId
                        + "\",\"skills\":{\"sales\":3}}")
                .post("/api/v1/agents").then().statusCode(201).extract().jsonPath().getString("id");
        String templateId = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"weekly-" + suffix + "\",\"kind\":\"REPORT\",\"priority\":\"MEDIUM\","
                        + "\"cron\":\"0 0 7 ? * MON\",\"timeZone\":\"UTC\",\"dueAfterMinutes\":480,"
                        + "\"checklist\":[\"Review the figures\"]}")
                .post("/api/v1/ops-task-templates").then().statusCode(201).extract().jsonPath().getString("id");

        // A Monday of 2024 of this test's own; the schedule falls on the Friday of the week before.
        LocalDate monday = LocalDate.of(2024, 1, 1).plusWeeks(Math.floorMod(suffix.hashCode(), 50));
        assertThat(monday.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        LocalDate friday = monday.minusDays(3);
        Instant ten = friday.atTime(10, 0).toInstant(ZoneOffset.UTC);
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.groupId = UUID.fromString(groupId);
        schedule.fromDate = friday;
        schedule.days = 1;
        schedule.status = Schedule.Status.PUBLISHED;
        schedule.timeLimitSeconds = 1;
        schedule.feasible = true;
        // Two agents required in two half hours, for 2 contacts of 300 s each; one agent scheduled.
        schedule.requirement = List.of(new Schedule.Requirement(ten, 2, 2.0, 300.0, 20.0),
                new Schedule.Requirement(ten.plusSeconds(1800), 2, 2.0, 300.0, 20.0));
        schedule.shifts = List.of(new ScheduledShift(agentId, friday, ten, ten.plusSeconds(3600), List.of()));
        schedule.createdBy = "test";
        schedule.createdAt = Instant.now();
        schedule.publishedBy = "test";
        schedule.publishedAt = Instant.now();
        AgentState available = new AgentState();
        available.eventId = UUID.randomUUID().toString();
        available.connectId = connectId;
        available.instanceId = "inst-" + suffix;
        available.status = "Available";
        available.routingState = "ROUTABLE";
        available.changedAt = ten.minusSeconds(600);
        AgentState lunch = new AgentState();
        lunch.eventId = UUID.randomUUID().toString();
        lunch.connectId = connectId;
        lunch.instanceId = "inst-" + suffix;
        lunch.status = "Lunch";
        lunch.routingState = "NOT_ROUTABLE";
        lunch.changedAt = ten.plusSeconds(45 * 60);
        QuarkusTransaction.requiringNew().run(() -> {
            schedule.persist();
            available.persist();
            lunch.persist();
        });

        tasks.createDueTasks(monday.atTime(7, 1).toInstant(ZoneOffset.UTC));

        JsonPath list = ApiSecurity.as(Roles.VIEWER).queryParam("templateId", templateId).get("/api/v1/ops-tasks")
                .then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("items")).hasSize(1);
        assertThat(list.getString("items[0].task.report.from")).isEqualTo(monday.minusWeeks(1).toString());
        assertThat(list.getString("items[0].task.report.to")).isEqualTo(monday.toString());
        List<Map<String, Object>> staffing = list.getList("items[0].task.report.staffingVsForecast");
        Map<String, Object> row = staffing.stream().filter(r -> schedule.id.toString().equals(r.get("scheduleId")))
                .findFirst().orElseThrow();
        assertThat(((Number) row.get("requiredAgentHours")).doubleValue()).isEqualTo(2.0);
        assertThat(((Number) row.get("scheduledAgentHours")).doubleValue()).isEqualTo(1.0);
        assertThat(((Number) row.get("coverageOfRequirement")).doubleValue()).isEqualTo(0.5);
        // Erlang C, A = 1/3 Erlang on one agent, 20 s: SL = 1 − (1/3)·e^(−(2/3)·20/300) = 0.681157.
        assertThat(((Number) row.get("plannedServiceLevel")).doubleValue()).isCloseTo(0.681157, within(1e-6));
        List<Map<String, Object>> adherence = list.getList("items[0].task.report.adherence");
        Map<String, Object> team = adherence.stream().filter(r -> groupId.equals(r.get("groupId"))).findFirst()
                .orElseThrow();
        // Available 10:00–10:45, then at lunch for the last quarter of the hour scheduled on the phones.
        assertThat(((Number) team.get("scheduledMinutes")).longValue()).isEqualTo(60);
        assertThat(((Number) team.get("adherentMinutes")).longValue()).isEqualTo(45);
        assertThat(((Number) team.get("adherencePercent")).doubleValue()).isEqualTo(75.0);
    }

    @Test
    void aChecklistCarriesTheDaysStaffingAndMaintenance() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String groupId = ScheduleApiTest.group(suffix, "");
        String templateId = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"start-" + suffix + "\",\"kind\":\"CHECKLIST\",\"priority\":\"HIGH\","
                        + "\"cron\":\"0 0 8 ? * *\",\"timeZone\":\"UTC\",\"dueAfterMinutes\":60,"
                        + "\"checklist\":[\"Check staffing against the forecast\"]}")
                .post("/api/v1/ops-task-templates").then().statusCode(201).extract().jsonPath().getString("id");
        LocalDate day = LocalDate.of(2023, 1, 1).plusDays(Math.floorMod(suffix.hashCode(), 360));
        Instant ten = day.atTime(10, 0).toInstant(ZoneOffset.UTC);
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.groupId = UUID.fromString(groupId);
        schedule.fromDate = day;
        schedule.days = 1;
        schedule.status = Schedule.Status.PUBLISHED;
        schedule.timeLimitSeconds = 1;
        schedule.feasible = true;
        schedule.requirement = List.of(new Schedule.Requirement(ten, 3, null, null, null));
        schedule.shifts = List.of(
                new ScheduledShift(UUID.randomUUID().toString(), day, ten, ten.plusSeconds(3600), List.of()),
                new ScheduledShift(UUID.randomUUID().toString(), day, ten, ten.plusSeconds(3600), List.of()));
        schedule.createdBy = "test";
        schedule.createdAt = Instant.now();
        MaintenanceWindow window = new MaintenanceWindow();
        window.id = UUID.randomUUID();
        window.title = "upgrade " + suffix;
        window.instanceIds = List.of("inst-" + suffix);
        window.queueIds = List.of();
        window.startsAt = day.atTime(22, 0).toInstant(ZoneOffset.UTC);
        window.endsAt = window.startsAt.plusSeconds(7200);
        window.owner = "ops";
        window.leadTimeMinutes = 60;
        // Already documented: the maintenance clock of other tests leaves it alone.
        window.status = MaintenanceWindow.Status.DOCUMENTED;
        window.createdBy = "test";
        window.createdAt = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            schedule.persist();
            window.persist();
        });

        tasks.createDueTasks(day.atTime(8, 1).toInstant(ZoneOffset.UTC));

        JsonPath list = ApiSecurity.as(Roles.VIEWER).queryParam("templateId", templateId).get("/api/v1/ops-tasks")
                .then().statusCode(200).extract().jsonPath();
        assertThat(list.getString("items[0].task.report.date")).isEqualTo(day.toString());
        List<Map<String, Object>> staffing = list.getList("items[0].task.report.staffingVsForecast");
        Map<String, Object> row = staffing.stream().filter(r -> schedule.id.toString().equals(r.get("scheduleId")))
                .findFirst().orElseThrow();
        assertThat(((Number) row.get("requiredAgentHours")).doubleValue()).isEqualTo(1.5);
        assertThat(((Number) row.get("scheduledAgentHours")).doubleValue()).isEqualTo(2.0);
        assertThat(((Number) row.get("coverageOfRequirement")).doubleValue()).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(list.getList("items[0].task.report.maintenance.title")).contains("upgrade " + suffix);
    }
}
