package io.connectops.notifications.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.MaintenanceWindowEvent;
import io.connectops.contracts.OpsTaskOverdue;
import io.connectops.contracts.SchedulePublished;
import io.connectops.contracts.Topics;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsumersTest {

    @Test
    void anUnreadableIncidentRecordGoesToTheDeadLetterTopic() {
        String key = Fixtures.unique("broken");
        TestKafka.send(Topics.INCIDENTS, key, "{\"specversion\":\"1.0\",\"id\":\"broken");
        List<ConsumerRecord<String, String>> dead = TestKafka.awaitRecords(Topics.INCIDENTS_DLQ,
                r -> key.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(TestKafka.header(dead.get(0), "dead-letter-reason")).contains("Malformed event");
    }

    @Test
    void schedulesTasksAndMaintenanceAreAnnouncedByType() {
        String group = Fixtures.unique("grp");
        String path = "/" + group;
        String channel = Fixtures.webhookChannel(Fixtures.WEBHOOK.baseUrl() + path);
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("ops"), "position", -100,
                        "eventTypes", List.of("connectops.schedule.*", "connectops.ops-task.*", "connectops.maintenance.*"),
                        "labels", Map.of("groupId", group), "channelIds", List.of(channel)))
                .post("/api/v1/routes").then().statusCode(201);
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("ops"), "position", -99,
                        "eventTypes", List.of("connectops.ops-task.*", "connectops.maintenance.*"),
                        "queues", List.of(group), "labels", Map.of(), "channelIds", List.of(channel)))
                .post("/api/v1/routes").then().statusCode(201);

        SchedulePublished schedule = new SchedulePublished(Fixtures.unique("sch"), group, "Billing EN",
                LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-29"), 42, 0.96, "sup-1", Instant.now());
        TestKafka.send(Topics.SCHEDULES, schedule.scheduleId(),
                CloudEvent.of("/test", SchedulePublished.TYPE, schedule.scheduleId(), schedule));
        TestKafka.send(Topics.SCHEDULES, "report-1", CloudEvent.of("/test", "connectops.report.weekly.v1", "r",
                Map.of("groupId", group)));
        MaintenanceWindowEvent window = new MaintenanceWindowEvent(Fixtures.unique("mw"),
                MaintenanceWindowEvent.Change.ANNOUNCED, "IVR deploy", "New contact flow", List.of("inst-1"),
                List.of(group), Instant.parse("2026-11-23T22:00:00Z"), Instant.parse("2026-11-23T23:00:00Z"), "bob", null);
        TestKafka.send(Topics.MAINTENANCE, window.windowId(), CloudEvent.of("/test", window.type(), window.windowId(), window));

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(Fixtures.WEBHOOK.received(path)).hasSize(2));
        assertThat(Fixtures.WEBHOOK.received(path)).extracting(r -> r.body()).anySatisfy(body -> assertThat(body)
                .contains("Schedule published: Billing EN", "\"value\":\"96%\""))
                .anySatisfy(body -> assertThat(body).contains("Maintenance announced: IVR deploy",
                        "2026-11-23 22:00 UTC"));
        assertThat(OpsTaskOverdue.TYPE).isEqualTo("connectops.ops-task.overdue.v1");
    }
}
