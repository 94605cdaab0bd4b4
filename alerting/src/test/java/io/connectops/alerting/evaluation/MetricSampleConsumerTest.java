package io.connectops.alerting.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class MetricSampleConsumerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static CloudEvent<MetricSample> sampleEvent(String instance, double value, Instant at) {
        MetricSample sample = new MetricSample("push", instance, "q-1", null, null, "abandonment_rate", value,
                "PERCENT", at, null);
        return CloudEvent.of("/test", MetricSample.TYPE, sample.seriesKey(), sample);
    }

    private static JsonPath seriesOf(String instance) {
        return ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", instance).get("/api/v1/series")
                .then().statusCode(200).extract().jsonPath();
    }

    private static void awaitSeries(String instance, long samplesApplied, double value) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath series = seriesOf(instance);
            assertThat(series.getList("$")).hasSize(1);
            assertThat(series.getLong("[0].samplesApplied")).isEqualTo(samplesApplied);
            assertThat(series.getDouble("[0].value")).isEqualTo(value);
        });
    }

    @Test
    void samplesFromKafkaBecomeTheLatestValueOfTheirSeries() {
        String instance = "inst-" + UUID.randomUUID();
        CloudEvent<MetricSample> first = sampleEvent(instance, 4.0, T0);
        CloudEvent<MetricSample> second = sampleEvent(instance, 6.0, T0.plusSeconds(15));
        TestKafka.send(Topics.METRICS, first.subject(), first);
        TestKafka.send(Topics.METRICS, second.subject(), second);

        awaitSeries(instance, 2, 6.0);
        ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", instance).get("/api/v1/series")
                .then().body("[0].seriesKey", equalTo(instance + "/q-1/abandonment_rate"))
                .body("[0].sampleTime", equalTo("2026-11-22T10:00:15Z"));
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextOneIsApplied() {
        String instance = "inst-" + UUID.randomUUID();
        String key = instance + "/q-1/abandonment_rate";
        TestKafka.send(Topics.METRICS, key, "{\"specversion\":\"1.0\",\"id\":\"broken");
        CloudEvent<MetricSample> good = sampleEvent(instance, 3.0, T0);
        TestKafka.send(Topics.METRICS, key, good);

        List<ConsumerRecord<String, String>> dead = TestKafka.awaitRecords(Topics.METRICS_DLQ,
                r -> key.equals(r.key()), 1, Duration.ofSeconds(30));
        ConsumerRecord<String, String> record = dead.get(0);
        assertThat(record.value()).isEqualTo("{\"specversion\":\"1.0\",\"id\":\"broken");
        assertThat(TestKafka.header(record, "dead-letter-reason")).contains("Malformed event");
        assertThat(TestKafka.header(record, "dead-letter-topic")).isEqualTo(Topics.METRICS);
        assertThat(TestKafka.header(record, "dead-letter-partition")).isNotBlank();
        assertThat(TestKafka.header(record, "dead-letter-offset")).isNotBlank();

        awaitSeries(instance, 1, 3.0);
    }

    @Test
    void aRedeliveredRecordChangesNothing() {
        String instance = "inst-" + UUID.randomUUID();
        CloudEvent<MetricSample> original = sampleEvent(instance, 5.0, T0);
        TestKafka.send(Topics.METRICS, original.subject(), original);
        awaitSeries(instance, 1, 5.0);

        // The same event again, then a new one behind it on the same partition: once the new one is applied,
        // the redelivery has been consumed before it and must have been skipped.
        TestKafka.send(Topics.METRICS, original.subject(), original);
        CloudEvent<MetricSample> next = sampleEvent(instance, 7.0, T0.plusSeconds(15));
        TestKafka.send(Topics.METRICS, next.subject(), next);

        awaitSeries(instance, 2, 7.0);
    }
}
