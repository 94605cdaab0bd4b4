package io.connectops.scheduling.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.scheduling.adherence.AgentState;
import io.connectops.scheduling.ops.OpsTask;
import io.connectops.scheduling.ops.OpsTaskTemplate;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.roster.ScheduleApiTest;
import io.connectops.scheduling.roster.ScheduledShift;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DashboardMetersTest {

    /** A default template: the overdue task below needs one. */
    private static final UUID START_OF_DAY = UUID.fromString("00000000-0000-4000-8000-000000000001");

    @Inject
    DashboardMeters meters;

    private static double scraped(String metrics, String name, String labelMatch) {
        Matcher line = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        while (line.find()) {
            if (line.group(1).contains(labelMatch)) {
                return Double.parseDouble(line.group(2));
            }
        }
        throw new AssertionError(name + "{" + labelMatch + "} not exported in:\n" + metrics);
    }

    @Test
    void exportsRequiredScheduledAdherenceAndOverdueTasks() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String groupId = ScheduleApiTest.group(suffix, "");
        String connectId = "meters-" + suffix;
        String agentId = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"connectId\":\"" + connectId + "\",\"name\":\"Agent\",\"groupId\":\"" + groupId
                        + "\",\"skills\":{\"sales\":3}}")
                .post("/api/v1/agents").then().statusCode(201).extract().jsonPath().getString("id");
        Instant now = Instant.now();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        Instant intervalStart = Instant.ofEpochSecond(now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), 1800));

        // Three agents on the phones this half hour against four required; the group's agent Available all along.
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.groupId = UUID.fromString(groupId);
        schedule.fromDate = today;
        schedule.days = 1;
        schedule.status = Schedule.Status.PUBLISHED;
        schedule.timeLimitSeconds = 1;
        schedule.feasible = true;
        schedule.requirement = List.of(new Schedule.Requirement(intervalStart, 4, null, null, null));
        schedule.shifts = List.of(
                new ScheduledShift(agentId, today, now.minusSeconds(3600), now.plusSeconds(3600), List.of()),
                new ScheduledShift(UUID.randomUUID().toString(), today, intervalStart.minusSeconds(3600),
                        intervalStart.plusSeconds(3600), List.of()),
                new ScheduledShift(UUID.randomUUID().toString(), today, intervalStart.minusSeconds(3600),
                        intervalStart.plusSeconds(3600), List.of()));
        schedule.createdBy = "test";
        schedule.createdAt = now;
        schedule.publishedBy = "test";
        schedule.publishedAt = now;
        AgentState available = new AgentState();
        available.eventId = UUID.randomUUID().toString();
        available.connectId = connectId;
        available.instanceId = "inst-" + suffix;
        available.status = "Available";
        available.routingState = "ROUTABLE";
        available.changedAt = now.minusSeconds(7200);
        OpsTask overdue = new OpsTask();
        overdue.id = UUID.randomUUID();
        overdue.templateId = START_OF_DAY;
        overdue.title = "overdue " + suffix;
        overdue.kind = OpsTaskTemplate.Kind.CHECKLIST;
        overdue.priority = OpsTaskTemplate.Priority.HIGH;
        overdue.scheduledFor = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(Math.floorMod(suffix.hashCode(), 1_000_000));
        overdue.dueAt = overdue.scheduledFor.plusSeconds(3600);
        overdue.status = OpsTask.Status.OPEN;
        overdue.items = List.of();
        overdue.createdAt = now;
        // Already announced, so that the overdue publisher of other tests leaves it alone.
        overdue.overduePublishedAt = now;
        QuarkusTransaction.requiringNew().run(() -> {
            schedule.persist();
            available.persist();
            overdue.persist();
        });

        meters.refresh(now);
        long overdueNow = QuarkusTransaction.requiringNew()
                .call(() -> OpsTask.count("status = ?1 and dueAt < ?2", OpsTask.Status.OPEN, now));
        String metrics = RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(scraped(metrics, "scheduling_agents_required", "queue_id=\"q-" + suffix + "\"")).isEqualTo(4.0);
        assertThat(scraped(metrics, "scheduling_agents_scheduled", "queue_id=\"q-" + suffix + "\"")).isEqualTo(3.0);
        assertThat(scraped(metrics, "scheduling_adherence", "team=\"group-" + suffix + "\"")).isEqualTo(100.0);
        assertThat(scraped(metrics, "scheduling_adherence", "team=\"" + DashboardMeters.ALL_TEAMS + "\""))
                .isBetween(0.0, 100.0);
        assertThat(overdueNow).isPositive();
        assertThat(metrics).containsPattern("(?m)^scheduling_tasks_overdue(\\{\\})? " + (double) overdueNow + "$");
    }
}
