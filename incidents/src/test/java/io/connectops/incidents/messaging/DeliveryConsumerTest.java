package io.connectops.incidents.messaging;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.DeliveryEvent;
import io.connectops.contracts.Topics;
import io.connectops.incidents.IncidentApi;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeliveryConsumerTest {

    @Test
    void deliveriesAreRecordedOnTheTimelineOnce() {
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        DeliveryEvent failed = new DeliveryEvent("d-" + UUID.randomUUID(), "evt-1", "connectops.incident.opened.v1",
                id, "ch-teams", "TEAMS", DeliveryEvent.Status.FAILED, 3, null, "HTTP 503", Instant.now());
        DeliveryEvent delivered = new DeliveryEvent("d-" + UUID.randomUUID(), "evt-1",
                "connectops.incident.opened.v1", id, "ch-slack", "SLACK", DeliveryEvent.Status.DELIVERED, 1,
                "1700000000.000100", null, Instant.now());
        CloudEvent<DeliveryEvent> first = CloudEvent.of("/connectops/notifications", failed.type(), id, failed);
        TestKafka.send(Topics.DELIVERIES, id, first);
        TestKafka.send(Topics.DELIVERIES, id, first);
        TestKafka.send(Topics.DELIVERIES, id, CloudEvent.of("/connectops/notifications", delivered.type(), id,
                delivered));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> texts = IncidentApi.viewer().queryParam("kind", "DELIVERY").get(BASE + "/" + id + "/timeline")
                    .then().statusCode(200).extract().jsonPath().getList("items.text", String.class);
            assertThat(texts).containsExactly(
                    "Notification failed via TEAMS (ch-teams) for connectops.incident.opened.v1, 3 attempts: HTTP 503",
                    "Notification delivered via SLACK (ch-slack) for connectops.incident.opened.v1, 1 attempt, "
                            + "ref 1700000000.000100");
        });
    }
}
