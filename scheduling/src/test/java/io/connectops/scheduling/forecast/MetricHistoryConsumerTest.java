package io.connectops.scheduling.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.Topics;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Which records of ops.metrics.v1 the history reads. Each record here is unreadable, so the dead-letter topic shows
 * which ones were decoded: the history dead-letters what it decodes and cannot read, and passes over the rest.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class MetricHistoryConsumerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aRecordWhoseKeyNamesAMetricNotReadHereIsPassedOverUndecodedWhileReadMetricsAndKeylessRecordsAreDecoded() {
        String instance = "history-keys-" + UUID.randomUUID();
        String otherMetric = instance + "/queue-1/api_call_failures";
        String contacts = instance + "/queue-1/" + MetricHistoryConsumer.CONTACTS_METRIC;
        // One partition for both: the second is read only after the first, so the first would reach the dead-letter
        // topic ahead of it had it been decoded.
        TestKafka.sendToPartition(Topics.METRICS, 0, otherMetric, "not an event " + instance);
        TestKafka.sendToPartition(Topics.METRICS, 0, contacts, "not an event " + instance);
        TestKafka.send(Topics.METRICS, null, "not an event either " + instance);

        List<ConsumerRecord<String, String>> dead = TestKafka.awaitRecords(Topics.METRICS_DLQ,
                record -> record.value().endsWith(instance), 2, PATIENCE);

        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(contacts, null);
    }
}
