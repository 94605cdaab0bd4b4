package io.connectops.scheduling.adherence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AgentStateChanged;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricUnit;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.roster.ScheduleApiTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The staffing gap alerting's "agents available below forecast need" rule ({@code staffing_gap < -2}) waits for:
 * agents available minus agents required, negative when short, in the catalogue's unit.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class StaffingGapTest {

    @Inject
    AdherenceService adherence;

    @Test
    void twoAgentsAvailableWhereFiveAreRequiredPublishAGapOfMinusThreeAgentsOnTheBroker() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String groupId = ScheduleApiTest.group(suffix, "");
        for (int i = 0; i < 2; i++) {
            String connectId = "gap-" + suffix + "-" + i;
            ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                    .body("{\"connectId\":\"" + connectId + "\",\"name\":\"Agent " + i + "\",\"groupId\":\"" + groupId
                            + "\",\"skills\":{\"sales\":3}}")
                    .post("/api/v1/agents").then().statusCode(201);
            AgentStateChanged change = new AgentStateChanged("inst-" + suffix, connectId, connectId, "Offline",
                    "Available", "ROUTABLE", Instant.now().minus(Duration.ofMinutes(10)));
            TestKafka.send(Topics.AGENT_EVENTS, connectId, CloudEvent.of("/test", AgentStateChanged.TYPE, connectId,
                    change));
        }
        // The published schedule requires five agents in the current half hour.
        Instant now = Instant.now();
        Instant interval = Instant.ofEpochSecond(now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), 1800L));
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.groupId = UUID.fromString(groupId);
        schedule.fromDate = LocalDate.now(ZoneOffset.UTC);
        schedule.days = 1;
        schedule.status = Schedule.Status.PUBLISHED;
        schedule.timeLimitSeconds = 30;
        schedule.requirement = List.of(new Schedule.Requirement(interval, 5, null, null, null));
        schedule.shifts = List.of();
        schedule.feasible = true;
        schedule.coverage = 0.0;
        schedule.createdBy = "test";
        schedule.createdAt = now;
        schedule.publishedBy = "test";
        schedule.publishedAt = now;
        QuarkusTransaction.requiringNew().run(schedule::persist);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .queryParam("groupId", groupId).get("/api/v1/adherence").then().statusCode(200)
                .body("availableNow", equalTo(2)).body("requiredNow", equalTo(5)).body("staffingGap", equalTo(-3)));

        assertThat(adherence.publishMetrics(Instant.now(), 300)).isGreaterThanOrEqualTo(1);

        var records = TestKafka.awaitRecords(Topics.METRICS, r -> r.value().contains(groupId)
                && r.value().contains(AdherenceService.GAP_METRIC), 1, Duration.ofSeconds(30));
        MetricSample sample = EventCodec.decode(records.get(0).value(), MetricSample.class).data();
        assertThat(sample.metric()).isEqualTo("staffing_gap");
        assertThat(sample.value()).isEqualTo(-3.0);
        assertThat(sample.unit()).isEqualTo(MetricUnit.COUNT.name())
                .isEqualTo(MetricCatalogue.unitOf("staffing_gap").orElseThrow().name());
        assertThat(MetricCatalogue.isSigned("staffing_gap")).isTrue();
        assertThat(sample.queueId()).isEqualTo("group:" + groupId);
    }
}
