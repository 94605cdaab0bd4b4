package io.connectops.scheduling.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AgentStateChanged;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.SchedulePublished;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.scheduling.adherence.AdherenceService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
public class ScheduleApiTest {

    @Inject
    AdherenceService adherence;

    private static String create(String path, String body) {
        return ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json").body(body).post(path)
                .then().statusCode(201).extract().jsonPath().getString("id");
    }

    /** A group of six agents working 8-hour shifts around the clock in UTC, with the requirement given inline. */
    private static String group(String suffix) {
        return group(suffix, "");
    }

    public static String group(String suffix, String extra) {
        String profile = create("/api/v1/shift-profiles", "{\"name\":\"profile-" + suffix + "\",\"timeZone\":\"UTC\","
                + "\"days\":[\"MONDAY\",\"TUESDAY\",\"WEDNESDAY\",\"THURSDAY\",\"FRIDAY\",\"SATURDAY\",\"SUNDAY\"],"
                + "\"earliestStart\":\"00:00\",\"latestEnd\":\"00:00\",\"lengthsMinutes\":[480],\"startStepMinutes\":60,"
                + "\"breaks\":[{\"name\":\"break\",\"durationMinutes\":30,\"earliestStartAfterMinutes\":180,"
                + "\"latestStartAfterMinutes\":270}],\"breakVariants\":2}");
        String rules = create("/api/v1/staff-rules", "{\"name\":\"rules-" + suffix + "\",\"minRestMinutes\":720,"
                + "\"maxConsecutiveDays\":5,\"minMinutesPerDay\":240,\"maxMinutesPerDay\":600,\"minMinutesPerWeek\":0,"
                + "\"maxMinutesPerWeek\":2400,\"maxMinutesWithoutBreak\":300}");
        return create("/api/v1/staffing-groups", "{\"name\":\"group-" + suffix + "\",\"instanceId\":\"inst-" + suffix
                + "\",\"requiredSkills\":[\"sales\"],\"queueIds\":[\"q-" + suffix + "\"],\"shiftProfileId\":\""
                + profile + "\",\"staffRulesId\":\"" + rules + "\",\"intervalMinutes\":30" + extra + "}");
    }

    @Test
    void generatesInTheBackgroundPublishesAndThenMeasuresAdherence() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String groupId = group(suffix);
        List<String> connectIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String connectId = "connect-" + suffix + "-" + i;
            connectIds.add(connectId);
            create("/api/v1/agents", "{\"connectId\":\"" + connectId + "\",\"name\":\"Agent " + i + "\",\"groupId\":\""
                    + groupId + "\",\"skills\":{\"sales\":" + (1 + i % 5) + "}}");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        StringBuilder requirement = new StringBuilder("[");
        Instant midnight = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int slot = 0; slot < 48; slot++) {
            requirement.append(slot == 0 ? "" : ",").append("{\"start\":\"").append(midnight.plusSeconds(slot * 1800L))
                    .append("\",\"agents\":2}");
        }
        requirement.append(']');

        JsonPath accepted = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"groupId\":\"" + groupId + "\",\"from\":\"" + today + "\",\"days\":1,\"timeLimitSeconds\":3,"
                        + "\"requirement\":" + requirement + "}")
                .post("/api/v1/schedules").then().statusCode(202).extract().jsonPath();
        String scheduleId = accepted.getString("id");
        assertThat(accepted.getString("status")).isEqualTo("SOLVING");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> ApiSecurity.as(Roles.SUPERVISOR)
                .get("/api/v1/schedules/" + scheduleId).then().statusCode(200).body("status", equalTo("DRAFT")));
        JsonPath draft = ApiSecurity.as(Roles.SUPERVISOR).get("/api/v1/schedules/" + scheduleId).then()
                .statusCode(200).extract().jsonPath();
        assertThat(draft.getBoolean("feasible")).isTrue();
        assertThat(draft.getList("hardRuleViolations")).isEmpty();
        assertThat(draft.getList("intervals")).hasSize(48);
        assertThat(draft.getDouble("coverage")).isGreaterThan(0.9);
        assertThat(draft.getList("allowedActions")).containsExactly("publish");

        // A draft does not exist for viewers.
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/schedules/" + scheduleId).then().statusCode(404);

        ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/schedules/" + scheduleId + "/publish").then().statusCode(200)
                .body("status", equalTo("PUBLISHED"));
        ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/schedules/" + scheduleId + "/publish").then().statusCode(409)
                .body("detail", containsString("no action is allowed"));
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/schedules/" + scheduleId).then().statusCode(200);
        ApiSecurity.as(Roles.VIEWER).queryParam("groupId", groupId).get("/api/v1/schedules").then().statusCode(200)
                .body("items.id", hasItem(scheduleId));

        var published = TestKafka.awaitRecords(Topics.SCHEDULES, r -> scheduleId.equals(r.key()), 1, Duration.ofSeconds(30));
        SchedulePublished event = EventCodec.decode(published.get(0).value(), SchedulePublished.class).data();
        assertThat(event.groupId()).isEqualTo(groupId);
        assertThat(event.agentCount()).isPositive();
        assertThat(event.coverage()).isGreaterThan(0.9);

        // Every agent goes Available an hour ago, through Kafka.
        for (String connectId : connectIds) {
            AgentStateChanged change = new AgentStateChanged("inst-" + suffix, connectId, connectId, "Offline",
                    "Available", "ROUTABLE", Instant.now().minus(Duration.ofHours(1)));
            TestKafka.send(Topics.AGENT_EVENTS, connectId, CloudEvent.of("/test", AgentStateChanged.TYPE, connectId, change));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .queryParam("groupId", groupId).get("/api/v1/adherence").then().statusCode(200)
                .body("availableNow", equalTo(6)));
        JsonPath today_ = ApiSecurity.as(Roles.VIEWER).queryParam("groupId", groupId).queryParam("date", today.toString())
                .get("/api/v1/adherence").then().statusCode(200).extract().jsonPath();
        assertThat(today_.getList("agents")).hasSize(6);
        assertThat(today_.getString("scheduleId")).isEqualTo(scheduleId);
        // Off-shift agents who are Available are not out of adherence; on-break agents who are Available are.
        for (int i = 0; i < 6; i++) {
            String activity = today_.getString("agents[" + i + "].scheduledActivityNow");
            assertThat(activity).isIn("PRODUCTIVE", "BREAK", "OFF");
        }

        Instant now = Instant.now();
        int published_ = adherence.publishMetrics(now, 300);
        assertThat(published_).isGreaterThanOrEqualTo(1);
        assertThat(adherence.publishMetrics(now, 300)).isZero();
        var gap = TestKafka.awaitRecords(Topics.METRICS, r -> r.value().contains(groupId)
                && r.value().contains(AdherenceService.GAP_METRIC), 1, Duration.ofSeconds(30));
        MetricSample sample = EventCodec.decode(gap.get(0).value(), MetricSample.class).data();
        assertThat(sample.source()).isEqualTo("scheduling");
        assertThat(sample.unit()).isEqualTo("COUNT");
        // Six agents available against the requirement of the current interval: never clamped at zero.
        assertThat(sample.value()).isEqualTo(6.0 - today_.getInt("requiredNow"));
        assertThat(sample.labels()).containsEntry("groupId", groupId);
    }

    @Test
    void refusesBadGroupsAndSchedules() {
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"g-" + UUID.randomUUID() + "\",\"requiredSkills\":[],\"queueIds\":[],"
                        + "\"shiftProfileId\":\"" + UUID.randomUUID() + "\",\"staffRulesId\":\"" + UUID.randomUUID()
                        + "\",\"intervalMinutes\":30}")
                .post("/api/v1/staffing-groups").then().statusCode(400).body("errors[0].field", equalTo("shiftProfileId"));
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"groupId\":\"" + UUID.randomUUID() + "\",\"from\":\"2026-01-05\",\"days\":40}")
                .post("/api/v1/schedules").then().statusCode(400);
        ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"groupId\":\"" + UUID.randomUUID() + "\",\"from\":\"2026-01-05\",\"days\":7}")
                .post("/api/v1/schedules").then().statusCode(403);
        ApiSecurity.as(Roles.SUPERVISOR).get("/api/v1/schedules/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void honoursPreferencesAndMinimumProficiencyAndApprovesDaysOff() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String groupId = group(suffix, ",\"minProficiency\":{\"sales\":3}");
        String[] ids = new String[4];
        for (int i = 0; i < 4; i++) {
            ids[i] = create("/api/v1/agents", "{\"connectId\":\"pref-" + suffix + "-" + i + "\",\"name\":\"Agent " + i
                    + "\",\"groupId\":\"" + groupId + "\",\"skills\":{\"sales\":" + (i == 0 ? 2 : 2 + i) + "}}");
        }
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(20);
        // The best agent asks for the day off; another wants to start at 08:00; a third never before noon.
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"daysOff\":[\"" + day + "\",\"" + day.plusDays(1) + "\"]}")
                .put("/api/v1/agents/" + ids[3] + "/preferences").then().statusCode(200)
                .body("preferences.daysOff.size()", equalTo(2));
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json").body("{\"preferredStarts\":[\"08:00\"]}")
                .put("/api/v1/agents/" + ids[1] + "/preferences").then().statusCode(200);
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"unwantedShifts\":[{\"from\":\"00:00\",\"to\":\"12:00\"}]}")
                .put("/api/v1/agents/" + ids[2] + "/preferences").then().statusCode(200)
                .body("preferences.unwanted[0].to", equalTo("12:00:00"));
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"unwantedShifts\":[{\"from\":\"12:00\",\"to\":\"08:00\"}]}")
                .put("/api/v1/agents/" + ids[2] + "/preferences").then().statusCode(400)
                .body("errors[0].field", equalTo("unwantedShifts[0].to"));
        ApiSecurity.as(Roles.VIEWER).contentType("application/json").body("{}")
                .put("/api/v1/agents/" + ids[2] + "/preferences").then().statusCode(403);

        StringBuilder requirement = new StringBuilder("[");
        Instant eight = day.atTime(8, 0).toInstant(ZoneOffset.UTC);
        for (int slot = 0; slot < 16; slot++) {
            requirement.append(slot == 0 ? "" : ",").append("{\"start\":\"").append(eight.plusSeconds(slot * 1800L))
                    .append("\",\"agents\":1}");
        }
        requirement.append(']');
        String scheduleId = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"groupId\":\"" + groupId + "\",\"from\":\"" + day + "\",\"days\":1,\"timeLimitSeconds\":3,"
                        + "\"requirement\":" + requirement + "}")
                .post("/api/v1/schedules").then().statusCode(202).extract().jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> ApiSecurity.as(Roles.SUPERVISOR)
                .get("/api/v1/schedules/" + scheduleId).then().statusCode(200).body("status", equalTo("DRAFT")));
        JsonPath draft = ApiSecurity.as(Roles.SUPERVISOR).get("/api/v1/schedules/" + scheduleId).then()
                .statusCode(200).extract().jsonPath();

        assertThat(draft.getBoolean("feasible")).isTrue();
        assertThat(draft.getList("shifts.agentId")).doesNotContain(ids[0]).doesNotContain(ids[3]).isNotEmpty();
        assertThat(draft.getInt("preferences.daysOffRequested")).isEqualTo(1);
        assertThat(draft.getInt("preferences.daysOffHonoured")).isEqualTo(1);
        assertThat(draft.getInt("preferences.unwantedShiftsWorked")).isZero();
        assertThat(draft.getInt("preferences.honoured")).isEqualTo(draft.getInt("preferences.requested"));

        // An approved day off becomes time off for the whole day, and leaves the wishes.
        ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/agents/" + ids[3] + "/preferences/days-off/" + day + "/approve")
                .then().statusCode(200).body("startsAt", equalTo(day.atStartOfDay(ZoneOffset.UTC).toInstant().toString()))
                .body("endsAt", equalTo(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString()));
        ApiSecurity.as(Roles.SUPERVISOR).get("/api/v1/agents/" + ids[3]).then().statusCode(200)
                .body("preferences.daysOff", contains(day.plusDays(1).toString()));
        ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/agents/" + ids[3] + "/preferences/days-off/" + day + "/approve")
                .then().statusCode(409);
        ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/agents/" + ids[3] + "/preferences/days-off/soon/approve")
                .then().statusCode(400);
    }
}
