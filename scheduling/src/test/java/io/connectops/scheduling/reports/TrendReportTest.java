package io.connectops.scheduling.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.scheduling.adherence.AgentState;
import io.connectops.scheduling.forecast.ForecastService;
import io.connectops.scheduling.forecast.MeasuredServiceLevels;
import io.connectops.scheduling.forecast.MeasuredServiceLevels.QueueServiceLevel;
import io.connectops.scheduling.forecast.MetricHistoryConsumer;
import io.connectops.scheduling.ops.DueTaskService;
import io.connectops.scheduling.ops.MaintenanceWindow;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.roster.ScheduleApiTest;
import io.connectops.scheduling.roster.ScheduledShift;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.config.JsonPathConfig.NumberReturnType;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class TrendReportTest {

    @Inject
    DueTaskService tasks;

    @Inject
    MeasuredServiceLevels serviceLevels;

    @Inject
    ForecastService forecasts;

    @Inject
    EntityManager entityManager;

    private static volatile boolean metricsConsumerLive;

    /**
     * In tests the metrics consumer starts at the end of the topic, so a sample sent before it has its partitions
     * is never read: probe samples are sent until one of them is in the contact history.
     */
    void awaitLiveMetricsConsumer() {
        if (metricsConsumerLive) {
            return;
        }
        String probeQueue = "probe-" + UUID.randomUUID();
        Instant intervalEnd = Instant.parse("2059-01-01T00:15:00Z");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            send(probeQueue, null, MetricHistoryConsumer.CONTACTS_METRIC, 1.0, intervalEnd);
            return !forecasts.history(probeQueue, 900, intervalEnd.minusSeconds(900), intervalEnd).isEmpty();
        });
        metricsConsumerLive = true;
    }

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

    @Test
    void theWeeklyReportHasTheMeasuredServiceLevelPerQueueAndOverallWeightedByContactsHandled() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String groupId = ScheduleApiTest.group(suffix, "");
        String served = "q-" + suffix;
        String other = "other-" + suffix;
        String templateId = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"weekly-sl-" + suffix + "\",\"kind\":\"REPORT\",\"priority\":\"MEDIUM\","
                        + "\"cron\":\"0 0 7 ? * MON\",\"timeZone\":\"UTC\",\"dueAfterMinutes\":480,"
                        + "\"checklist\":[\"Review service level against target\"]}")
                .post("/api/v1/ops-task-templates").then().statusCode(201).extract().jsonPath().getString("id");
        awaitLiveMetricsConsumer();
        try {
            // A week of this test's own, far ahead so that no other test has samples in it (and before 2099, where
            // Quartz cron expressions end).
            LocalDate monday = LocalDate.of(2060, 1, 1).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY))
                    .plusWeeks(Math.floorMod(suffix.hashCode(), 1500));
            Instant tuesdayTen = monday.minusDays(6).atTime(10, 0).toInstant(ZoneOffset.UTC);
            Instant wednesdayTen = tuesdayTen.plus(Duration.ofDays(1));
            // An earlier run against the same database may have drawn the same week: its samples are not this run's.
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("DELETE FROM measured_service_level WHERE interval_start >= ?1 "
                            + "AND interval_start < ?2")
                    .setParameter(1, monday.minusWeeks(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                    .setParameter(2, monday.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                    .executeUpdate());

            // The group's queue: 80 % of 100 and 90 % of 300 on the phone and 60 % of 100 on chat in Tuesday's
            // scheduled hour, 100 % of 500 on Wednesday; an interval without its contacts does not count.
            CloudEvent<MetricSample> first = sample(served, "VOICE", "service_level", 80.0, tuesdayTen.plusSeconds(900));
            TestKafka.send(Topics.METRICS, first.data().seriesKey(), first);
            TestKafka.send(Topics.METRICS, first.data().seriesKey(), first);
            send(served, "VOICE", "contacts_handled", 100.0, tuesdayTen.plusSeconds(900));
            send(served, "VOICE", "service_level", 90.0, tuesdayTen.plusSeconds(1800));
            send(served, "VOICE", "contacts_handled", 300.0, tuesdayTen.plusSeconds(1800));
            send(served, "CHAT", "service_level", 60.0, tuesdayTen.plusSeconds(900));
            send(served, "CHAT", "contacts_handled", 100.0, tuesdayTen.plusSeconds(900));
            send(served, "VOICE", "service_level", 10.0, tuesdayTen.plusSeconds(2700));
            send(served, "VOICE", "service_level", 100.0, wednesdayTen.plusSeconds(900));
            send(served, "VOICE", "contacts_handled", 500.0, wednesdayTen.plusSeconds(900));
            // Another queue: 50 % of 100; a sample without data, and one in the week of the report, do not count.
            send(other, "VOICE", "service_level", 50.0, tuesdayTen.plusSeconds(900));
            send(other, "VOICE", "contacts_handled", 100.0, tuesdayTen.plusSeconds(900));
            send(other, "VOICE", "service_level", null, tuesdayTen.plusSeconds(1800));
            send(other, "VOICE", "contacts_handled", 500.0, tuesdayTen.plusSeconds(1800));
            Instant inReportWeek = monday.atTime(10, 15).toInstant(ZoneOffset.UTC);
            send(other, "VOICE", "service_level", 0.0, inReportWeek);
            send(other, "VOICE", "contacts_handled", 1000.0, inReportWeek);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    serviceLevels.byQueue(Instant.EPOCH, monday.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                            List.of(served, other)))
                    .extracting(QueueServiceLevel::contactsHandled).containsExactly(1100.0, 1000.0));

            Schedule schedule = new Schedule();
            schedule.id = UUID.randomUUID();
            schedule.groupId = UUID.fromString(groupId);
            schedule.fromDate = monday.minusDays(6);
            schedule.days = 1;
            schedule.status = Schedule.Status.PUBLISHED;
            schedule.timeLimitSeconds = 1;
            schedule.feasible = true;
            schedule.requirement = List.of(new Schedule.Requirement(tuesdayTen, 1, null, null, null),
                    new Schedule.Requirement(tuesdayTen.plusSeconds(1800), 1, null, null, null));
            schedule.shifts = List.of();
            schedule.createdBy = "test";
            schedule.createdAt = Instant.now();
            schedule.publishedBy = "test";
            schedule.publishedAt = Instant.now();
            QuarkusTransaction.requiringNew().run(() -> schedule.persist());

            tasks.createDueTasks(monday.atTime(7, 1).toInstant(ZoneOffset.UTC));

            JsonPath report = ApiSecurity.as(Roles.VIEWER).queryParam("templateId", templateId)
                    .get("/api/v1/ops-tasks").then().statusCode(200).extract()
                    .jsonPath(JsonPathConfig.jsonPathConfig().numberReturnType(NumberReturnType.DOUBLE))
                    .setRootPath("items[0].task.report");
            // Per queue: (80·100 + 90·300 + 60·100 + 100·500) / 1000 = 91 %, and 50 % of 100.
            assertThat(report.getList("measuredServiceLevel.queues.queueId")).containsExactly(other, served);
            assertThat(report.getDouble("measuredServiceLevel.queues[0].serviceLevel")).isEqualTo(0.5);
            assertThat(report.getDouble("measuredServiceLevel.queues[1].serviceLevel")).isCloseTo(0.91, within(1e-9));
            assertThat(report.getDouble("measuredServiceLevel.queues[1].contactsHandled")).isEqualTo(1000.0);
            // Overall, weighted by contacts: (91 000 + 5 000) / 1 100 = 87.2727 %.
            assertThat(report.getDouble("measuredServiceLevel.overall")).isCloseTo(0.872727, within(1e-6));
            assertThat(report.getDouble("measuredServiceLevel.contactsHandled")).isEqualTo(1100.0);
            // Beside the planned figure, over the hour the schedule plans: (8 000 + 27 000 + 6 000) / 500 = 82 %.
            List<Map<String, Object>> staffing = report.getList("staffingVsForecast");
            Map<String, Object> row = staffing.stream()
                    .filter(r -> schedule.id.toString().equals(r.get("scheduleId"))).findFirst().orElseThrow();
            assertThat(((Number) row.get("measuredServiceLevel")).doubleValue()).isCloseTo(0.82, within(1e-9));
            assertThat(((Number) row.get("contactsHandled")).doubleValue()).isEqualTo(500.0);
            assertThat(row.get("plannedServiceLevel")).isNull();
        } finally {
            ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/ops-task-templates/" + templateId + "/deactivate")
                    .then().statusCode(200);
        }
    }

    @Test
    void aQueuesContactHistoryIsTheTotalOfItsChannels() {
        String queue = "multi-" + UUID.randomUUID().toString().substring(0, 8);
        Instant intervalEnd = Instant.parse("2058-03-04T10:15:00Z");
        awaitLiveMetricsConsumer();

        // 30 calls of 300 s and 10 chats of 600 s in the same quarter hour; the chat's contacts arrive last.
        send(queue, "VOICE", MetricHistoryConsumer.CONTACTS_METRIC, 30.0, intervalEnd);
        send(queue, "VOICE", MetricHistoryConsumer.AHT_METRIC, 300.0, intervalEnd);
        send(queue, "CHAT", MetricHistoryConsumer.AHT_METRIC, 600.0, intervalEnd);
        send(queue, "CHAT", MetricHistoryConsumer.CONTACTS_METRIC, 10.0, intervalEnd);

        // 40 contacts; handle time weighted by contacts: (30·300 + 10·600) / 40 = 375 s.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ForecastService.HistoryInterval> history = forecasts.history(queue, 900,
                    intervalEnd.minusSeconds(900), intervalEnd);
            assertThat(history).hasSize(1);
            assertThat(history.get(0).start()).isEqualTo(intervalEnd.minusSeconds(900));
            assertThat(history.get(0).contacts()).isEqualTo(40.0);
            assertThat(history.get(0).ahtSeconds()).isCloseTo(375.0, within(1e-9));
        });
    }

    private static void send(String queueId, String channel, String metric, Double value, Instant intervalEnd) {
        CloudEvent<MetricSample> event = sample(queueId, channel, metric, value, intervalEnd);
        TestKafka.send(Topics.METRICS, event.data().seriesKey(), event);
    }

    private static CloudEvent<MetricSample> sample(String queueId, String channel, String metric, Double value,
            Instant intervalEnd) {
        MetricSample sample = new MetricSample("connect", "inst-test", queueId, channel, null, metric, value,
                metric.equals("service_level") ? "PERCENT" : "COUNT", intervalEnd, Map.of());
        return CloudEvent.of("/test", MetricSample.TYPE, sample.seriesKey(), sample);
    }
}
