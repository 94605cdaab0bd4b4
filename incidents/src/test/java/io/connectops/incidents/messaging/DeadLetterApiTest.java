package io.connectops.incidents.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * An unreadable alert lands in ops.alerts.v1.dlq; an admin finds it through the API with its reason, reads its
 * payload, and puts it back on ops.alerts.v1 once; redriving the whole topic afterwards skips it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class DeadLetterApiTest {

    private static final String DLQ = Topics.deadLetterOf(Topics.ALERTS);
    private static final String API = "/api/v1/dead-letters";

    @Test
    void anUnreadableAlertIsListedShownAndRedrivenOnce() {
        String key = "unreadable-" + UUID.randomUUID();
        String payload = "{\"specversion\":\"1.0\",\"id\":\"" + key + "\",\"data\":{";
        AtomicReference<Map<String, Object>> found = new AtomicReference<>();
        Awaitility.await("the dead letter of " + key).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    TestKafka.send(Topics.ALERTS, key, payload);
                    found.set(lastPageRecord(key));
                    return found.get() != null;
                });
        Map<String, Object> listed = found.get();
        assertThat(listed.get("reason")).asString().contains("Malformed event");
        assertThat(listed.get("origin")).isEqualTo(Topics.ALERTS);
        assertThat(listed.get("payload")).as("lists leave payloads out").isNull();

        int partition = (Integer) listed.get("partition");
        long offset = ((Number) listed.get("offset")).longValue();
        String one = API + "/" + DLQ + "/" + partition + "/" + offset;
        ApiSecurity.as(Roles.VIEWER).get(one).then().statusCode(403);
        ApiSecurity.as(Roles.ADMIN).get(one).then().statusCode(200)
                .body("key", equalTo(key)).body("payload", equalTo(payload));

        ApiSecurity.as(Roles.ADMIN).post(one + "/redrive").then().statusCode(200).body("redriven", equalTo(1));
        List<ConsumerRecord<String, String>> again = TestKafka.awaitRecords(Topics.ALERTS,
                record -> key.equals(record.key()), 1, Duration.ofSeconds(30));
        assertThat(again.get(again.size() - 1).value()).isEqualTo(payload);
        ApiSecurity.as(Roles.ADMIN).get(one).then().statusCode(200).body("redrivenAt", notNullValue())
                .body("redrivenBy", equalTo("sub-user-admin"));

        JsonPath topics = ApiSecurity.as(Roles.ADMIN).get(API).then().statusCode(200).extract().jsonPath();
        assertThat(topics.getList("topic", String.class)).contains(DLQ, Topics.deadLetterOf(Topics.DELIVERIES));
        ApiSecurity.as(Roles.ADMIN).get(API + "/ops.unknown.v1.dlq").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> lastPageRecord(String key) {
        JsonPath first = ApiSecurity.as(Roles.ADMIN).get(API + "/" + DLQ + "?size=1").then().statusCode(200)
                .extract().jsonPath();
        long total = first.getLong("total");
        if (total == 0) {
            return null;
        }
        long page = Math.max(0, (total - 1) / 200);
        List<Map<String, Object>> items = ApiSecurity.as(Roles.ADMIN).get(API + "/" + DLQ + "?size=200&page=" + page)
                .then().statusCode(200).body("items.topic", hasItem(DLQ)).extract().jsonPath().getList("items");
        return items.stream().filter(item -> key.equals(item.get("key"))).findFirst().orElse(null);
    }
}
