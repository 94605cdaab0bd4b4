package io.connectops.alerting.evaluation;

import static io.connectops.alerting.AlertingFixtures.T0;
import static io.connectops.alerting.AlertingFixtures.alertEventsUntil;
import static io.connectops.alerting.AlertingFixtures.checkpointedOffset;
import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.connectops.alerting.AlertingFixtures.fingerprint;
import static io.connectops.alerting.AlertingFixtures.sendMinutes;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.AlertEvent.State;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.RealServers;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Hardening W1: one sample must never stop alert evaluation. The sample of the probe (every id at its maximum, so the
 * series key passes its 1,000-character column) and its NUL variant are dead-lettered alone by the decoder; a series
 * that only the database refuses is found at the checkpoint and dead-lettered alone. Either way the breach sent right
 * after fires, the checkpoint moves past the poison, and readiness is UP.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class PoisonSampleTest {

    private static final String METRIC = "abandonment_rate";
    private static final Pattern CHECKPOINTS = Pattern.compile("(?m)^alerting_checkpoint_duration_seconds_count\\S* (\\S+)$");

    @Inject
    AgroalDataSource dataSource;

    private static RecordMetadata send(MetricSample sample) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafkaBootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Keyed and encoded as metrics-ingest publishes a pushed sample.
        CloudEvent<MetricSample> event = CloudEvent.of("/metrics-ingest", MetricSample.TYPE, sample.seriesKey(), sample);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            return producer.send(new ProducerRecord<>(Topics.METRICS, sample.seriesKey(), EventCodec.encode(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot send the sample", e);
        }
    }

    /** The probe's sample of W1: instanceId, queueId, agentId at 200, channel at 50, routing profile at 500. */
    private static MetricSample longestIds(String marker) {
        return new MetricSample("push", marker + "i".repeat(200 - marker.length()), "q".repeat(200), "c".repeat(50),
                "a".repeat(200), "custom_poison_len", 1.0, "COUNT", T0, Map.of("routing_profile_id", "r".repeat(500)));
    }

    private static MetricSample withInstance(String instance) {
        return new MetricSample("push", instance, "q-1", null, null, "custom_poison_nul", 1.0, "COUNT", T0, null);
    }

    private static double checkpointCount() {
        Matcher count = CHECKPOINTS.matcher(given().get("/q/metrics").then().statusCode(200).extract().asString());
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    /**
     * A constraint the evaluator knows nothing of: it stands for every refusal of the database it cannot foresee. Not
     * validated against the rows earlier runs left (their alerts resolved once it was gone), only new ones.
     */
    private void addCheck(String table, String constraint, String check) throws SQLException {
        dropCheck(table, constraint);
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE " + table + " ADD CONSTRAINT " + constraint + " CHECK (" + check + ") NOT VALID");
        }
    }

    private void dropCheck(String table, String constraint) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE " + table + " DROP CONSTRAINT IF EXISTS " + constraint);
        }
    }

    private void awaitCheckpointPast(int partition, long offset) {
        await().atMost(Duration.ofSeconds(45))
                .untilAsserted(() -> assertThat(checkpointedOffset(dataSource, partition)).isGreaterThan(offset));
    }

    /** A rule on a fresh instance, a breach of it, and the wait for its FIRING on ops.alerts.v1 and in the API. */
    private static void assertABreachFires() {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT0S", "PT0S", "P2");
        String fingerprint = fingerprint(rule, instance, METRIC);
        sendMinutes(instance, METRIC, 0, 0, 9.0);

        List<AlertEvent> events = alertEventsUntil(fingerprint, e -> e.state() == State.FIRING, Duration.ofSeconds(60));
        assertThat(events.get(events.size() - 1).value()).isEqualTo(9.0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .get("/api/v1/alerts/{fp}", fingerprint).then().statusCode(200).body("state", equalTo("FIRING")));
    }

    private static void assertEvaluatorReady() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'alert-evaluator' }.status", equalTo("UP"));
    }

    @Test
    void theSampleOfTheProbeAndItsNulVariantAreDeadLetteredAloneAndABreachRightAfterFires() {
        String marker = "poison-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        MetricSample tooLong = longestIds(marker);
        assertThat(tooLong.seriesKey()).hasSizeGreaterThan(1000);
        MetricSample nul = withInstance(marker + "nul\u0000byte");
        double checkpointsBefore = checkpointCount();

        send(tooLong);
        send(nul);
        assertABreachFires();

        Set<String> keys = Set.of(tooLong.seriesKey(), nul.seriesKey());
        List<ConsumerRecord<String, String>> dead = TestKafka.awaitRecords(Topics.METRICS_DLQ,
                record -> keys.contains(record.key()), 2, Duration.ofSeconds(30));
        for (ConsumerRecord<String, String> record : dead) {
            String reason = TestKafka.header(record, "dead-letter-reason");
            if (record.key().equals(tooLong.seriesKey())) {
                assertThat(reason).isEqualTo("Malformed event: series key has " + tooLong.seriesKey().length()
                        + " characters, at most 1000");
            } else {
                assertThat(reason).isEqualTo("Malformed event: instanceId holds the control character U+0000 at "
                        + (marker.length() + 3));
            }
            assertThat(TestKafka.header(record, "dead-letter-topic")).isEqualTo(Topics.METRICS);
            assertThat(EventCodec.decode(record.value(), MetricSample.class).data()).isIn(tooLong, nul);
            awaitCheckpointPast(Integer.parseInt(TestKafka.header(record, "dead-letter-partition")),
                    Long.parseLong(TestKafka.header(record, "dead-letter-offset")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> checkpointCount() > checkpointsBefore);
        ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", tooLong.instanceId()).get("/api/v1/series").then()
                .statusCode(200).body("size()", equalTo(0));
        assertEvaluatorReady();
    }

    @Test
    void aSeriesTheDatabaseRefusesAtTheCheckpointIsDeadLetteredAloneAndTheCheckpointMovesOn() throws SQLException {
        // A constraint the decoder knows nothing of stands for every refusal it cannot foresee: the checkpoint
        // meets a row that fails, as the long key did before the decoder bounded it.
        String constraint = "poison_sample_test_refuses";
        String refusedInstance = "refused-by-check-" + UUID.randomUUID();
        addCheck("series_latest", constraint, "series_key NOT LIKE 'refused-by-check-%'");
        try {
            MetricSample refused = withInstance(refusedInstance);
            // A rule reads the series: one that no rule reads is never stored, so never refused.
            createRule(refusedInstance, refused.metric(), "GT", 5, "PT0S", "PT0S", "P3", Map.of("thresholdUnit", "count"));
            RecordMetadata poison = send(refused);
            assertABreachFires();

            ConsumerRecord<String, String> dead = TestKafka.awaitRecords(Topics.METRICS_DLQ,
                    record -> refused.seriesKey().equals(record.key()), 1, Duration.ofSeconds(30)).get(0);
            assertThat(TestKafka.header(dead, "dead-letter-reason"))
                    .startsWith("Series cannot be stored in the checkpoint: SQLState 23514: ")
                    .contains(constraint).doesNotContain("Failing row");
            assertThat(TestKafka.header(dead, "dead-letter-partition")).isEqualTo(String.valueOf(poison.partition()));
            MetricSample deadSample = EventCodec.decode(dead.value(), MetricSample.class).data();
            assertThat(deadSample.seriesKey()).isEqualTo(refused.seriesKey());
            assertThat(deadSample.value()).isEqualTo(1.0);
            assertThat(deadSample.timestamp()).isEqualTo(T0);

            awaitCheckpointPast(poison.partition(), poison.offset());
            ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", refusedInstance).get("/api/v1/series").then()
                    .statusCode(200).body("size()", equalTo(0));
            assertEvaluatorReady();
        } finally {
            dropCheck("series_latest", constraint);
        }
    }

    @Test
    void aTransitionTheDatabaseRefusesIsDeadLetteredAloneAndEvaluationGoesOn() throws SQLException {
        // An alert row the database refuses (as a group key longer than its 1,000-character column would be): its
        // series is stored, only its transitions are not.
        String constraint = "poison_transition_test_refuses";
        String refusedInstance = "refused-transition-" + UUID.randomUUID();
        addCheck("alert", constraint, "group_key NOT LIKE '%instanceId=refused-transition-%'");
        try {
            String rule = createRule(refusedInstance, METRIC, "GT", 5, "PT0S", "PT0S", "P2");
            MetricSample breach = new MetricSample("test", refusedInstance, "q-1", null, null, METRIC, 9.0, "PERCENT", T0,
                    null);
            RecordMetadata poison = send(breach);
            assertABreachFires();

            // The default abandonment rule watches the series too: its transitions are refused alike.
            ConsumerRecord<String, String> dead = TestKafka.awaitRecords(Topics.METRICS_DLQ,
                    record -> breach.seriesKey().equals(record.key())
                            && TestKafka.header(record, "dead-letter-reason").contains(" of rule " + rule + " "),
                    1, Duration.ofSeconds(45)).get(0);
            assertThat(TestKafka.header(dead, "dead-letter-reason"))
                    .startsWith("Transition FIRING of rule " + rule + " cannot be recorded: SQLState 23514: ")
                    .contains(constraint).doesNotContain("Failing row");
            MetricSample deadSample = EventCodec.decode(dead.value(), MetricSample.class).data();
            assertThat(deadSample.seriesKey()).isEqualTo(breach.seriesKey());
            assertThat(deadSample.timestamp()).isEqualTo(T0);

            awaitCheckpointPast(poison.partition(), poison.offset());
            ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}", fingerprint(rule, refusedInstance, METRIC)).then()
                    .statusCode(404);
            ApiSecurity.as(Roles.VIEWER).queryParam("instanceId", refusedInstance).get("/api/v1/series").then()
                    .statusCode(200).body("size()", equalTo(1));
            assertEvaluatorReady();
        } finally {
            dropCheck("alert", constraint);
        }
    }
}
