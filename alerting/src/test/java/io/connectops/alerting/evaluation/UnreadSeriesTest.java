package io.connectops.alerting.evaluation;

import static io.connectops.alerting.AlertingFixtures.T0;
import static io.connectops.alerting.AlertingFixtures.alertEventsUntil;
import static io.connectops.alerting.AlertingFixtures.checkpointedOffset;
import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Series that no enabled rule reads are neither held nor stored, however many there are, while the series rules read
 * still fire; a rule created later evaluates the samples that come after it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class UnreadSeriesTest {

    /** A metric without a default rule: only the rules of this test read it. */
    private static final String SCOPED_METRIC = "contacts_scheduled";
    private static final int SERIES = 10_000;
    private static final int INSTANCES = 10;
    private static final Pattern UNREAD = Pattern.compile("(?m)^alerting_samples_unread\\S* (\\S+)$");
    private static final Pattern HELD = Pattern.compile("(?m)^alerting_series_held\\S* (\\S+)$");

    @Inject
    AgroalDataSource dataSource;

    private static double meter(Pattern pattern) {
        Matcher value = pattern.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        assertThat(value.find()).as(pattern.pattern()).isTrue();
        return Double.parseDouble(value.group(1));
    }

    private static MetricSample sample(String instance, String queue, String metric, double value, int minute) {
        return new MetricSample("push", instance, queue, null, null, metric, value, "COUNT",
                T0.plus(Duration.ofMinutes(minute)), null);
    }

    /** Sends the samples as metrics-ingest does and returns the highest offset written to each partition. */
    private static Map<Integer, Long> send(List<MetricSample> samples) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        List<Future<RecordMetadata>> sent = new ArrayList<>(samples.size());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (MetricSample sample : samples) {
                CloudEvent<MetricSample> event = CloudEvent.of("/metrics-ingest", MetricSample.TYPE, sample.seriesKey(),
                        sample);
                sent.add(producer.send(new ProducerRecord<>(Topics.METRICS, sample.seriesKey(), EventCodec.encode(event))));
            }
            producer.flush();
        }
        Map<Integer, Long> last = new HashMap<>();
        for (Future<RecordMetadata> future : sent) {
            RecordMetadata metadata = future.get();
            last.merge(metadata.partition(), metadata.offset(), Math::max);
        }
        return last;
    }

    private void awaitCheckpointPast(Map<Integer, Long> offsets) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (Map.Entry<Integer, Long> partition : offsets.entrySet()) {
                assertThat(checkpointedOffset(dataSource, partition.getKey())).as("partition %d", partition.getKey())
                        .isGreaterThan(partition.getValue());
            }
        });
    }

    private long storedSeries(String instancePrefix) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT count(*) FROM series_latest WHERE instance_id LIKE ?")) {
            select.setString(1, instancePrefix + "%");
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static AlertEvent awaitFiring(String rule, MetricSample sample) {
        String fingerprint = RuleEvaluator.fingerprint(rule, sample.seriesKey());
        List<AlertEvent> events = alertEventsUntil(fingerprint, event -> event.state() == AlertEvent.State.FIRING,
                Duration.ofSeconds(60));
        return events.get(events.size() - 1);
    }

    @Test
    void tenThousandSeriesNoRuleReadsAreNeitherHeldNorStoredWhileARulesSeriesFiresAndALaterRuleReadsThem()
            throws Exception {
        String prefix = "unread-" + UUID.randomUUID();
        // Half the series are of a metric no rule has ever named; the other half of a metric whose only rule watches
        // another instance: its selector excludes them.
        String unnamedMetric = "custom_unread_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        createRule(prefix + "-elsewhere", SCOPED_METRIC, "GT", 5, "PT0S", "PT0S", "P1");
        String watched = prefix + "-watched";
        String watchingRule = createRule(watched, "abandonment_rate", "GT", 5, "PT0S", "PT0S", "P1");
        double unreadBefore = meter(UNREAD);
        double heldBefore = meter(HELD);

        List<MetricSample> samples = new ArrayList<>(SERIES + 1);
        for (int i = 0; i < SERIES; i++) {
            samples.add(sample(prefix + "-" + (i % INSTANCES), "q-" + i, i % 2 == 0 ? SCOPED_METRIC : unnamedMetric,
                    9.0, 0));
        }
        MetricSample breach = new MetricSample("push", watched, "q-1", null, null, "abandonment_rate", 9.0, "PERCENT",
                T0, null);
        samples.add(breach);
        Map<Integer, Long> offsets = send(samples);

        AlertEvent fired = awaitFiring(watchingRule, breach);
        assertThat(fired.value()).isEqualTo(9.0);
        awaitCheckpointPast(offsets);
        System.out.printf("%nUnreadSeriesTest: %d unread series sent; unread samples counted +%.0f, series held %+.0f,"
                + " rows stored %d%n%n", SERIES, meter(UNREAD) - unreadBefore, meter(HELD) - heldBefore,
                storedSeries(prefix));
        assertThat(meter(UNREAD) - unreadBefore).as("samples of unread series").isGreaterThanOrEqualTo(SERIES);
        assertThat(meter(HELD) - heldBefore).as("series held after 10,000 unread ones").isLessThan(50);
        assertThat(storedSeries(prefix)).as("rows: only the watched series").isEqualTo(1);
        ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", prefix + "-3").get("/api/v1/series").then()
                .statusCode(200).body("size()", equalTo(0));

        // A rule on the scoped metric for one instance: its series are read from their next sample on.
        String instance = prefix + "-3";
        String laterRule = createRule(instance, SCOPED_METRIC, "GT", 5, "PT0S", "PT0S", "P1");
        MetricSample nowRead = sample(instance, "q-13", SCOPED_METRIC, 8.0, 1);
        MetricSample stillUnread = sample(prefix + "-5", "q-15", SCOPED_METRIC, 8.0, 1);
        Map<Integer, Long> later = send(List.of(stillUnread, nowRead));

        AlertEvent laterFired = awaitFiring(laterRule, nowRead);
        assertThat(laterFired.value()).isEqualTo(8.0);
        assertThat(laterFired.startsAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        awaitCheckpointPast(later);
        ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", instance).get("/api/v1/series").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].seriesKey", equalTo(nowRead.seriesKey()))
                .body("[0].samplesApplied", equalTo(1));
        assertThat(storedSeries(prefix)).as("rows: the watched series and the one the later rule reads").isEqualTo(2);
    }
}
