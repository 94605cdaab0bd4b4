package io.connectops.ingest.alarms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.ExternalAlert;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.Scenario;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * CloudWatch alarm notifications, from AWS's own payloads, signed as SNS signs them and posted to the SNS intake:
 * each state change becomes one external alert on the real broker, and no metric sample.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CloudWatchAlarmIntakeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ConnectSimulator simulator;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void startSimulator() {
        simulator = ConnectSimulator.start(0, Scenario.NORMAL_DAY);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    /** An AWS fixture with its alarm renamed, so that this run's alerts are its own on the shared broker. */
    static ObjectNode fixture(String name, String alarmName) {
        try (InputStream in = CloudWatchAlarmIntakeTest.class.getResourceAsStream("/cloudwatch/" + name)) {
            ObjectNode alarm = (ObjectNode) EventCodec.mapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String arn = alarm.path("AlarmArn").asText();
            alarm.put("AlarmName", alarmName);
            alarm.put("AlarmArn", arn.substring(0, arn.lastIndexOf(':') + 1) + alarmName);
            return alarm;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deliver(ObjectNode alarm, int published) {
        given().contentType("text/plain; charset=UTF-8").header("x-amz-sns-message-type", "Notification")
                .body(simulator.sns().notification("ALARM: " + alarm.path("AlarmName").asText(), alarm.toString(), 2))
                .post("/api/v1/ingest/sns").then().statusCode(200).body("published", equalTo(published));
    }

    private static List<ConsumerRecord<String, String>> alerts(String arn, int count) {
        return TestKafka.awaitRecords(Topics.EXTERNAL_ALERTS, r -> ("cloudwatch/" + arn).equals(r.key()), count, WAIT);
    }

    private static ExternalAlert decode(ConsumerRecord<String, String> record) {
        return EventCodec.decode(record.value(), ExternalAlert.class).data();
    }

    @Test
    void aConnectAlarmIsOneFiringExternalAlertWithItsLabelsValueAndThreshold() {
        String name = "connect-queue-wait-" + UUID.randomUUID();
        ObjectNode alarm = fixture("alarm-connect-queue-wait.json", name);
        String arn = alarm.path("AlarmArn").asText();

        deliver(alarm, 1);

        ConsumerRecord<String, String> record = alerts(arn, 1).get(0);
        CloudEvent<ExternalAlert> event = EventCodec.decode(record.value(), ExternalAlert.class);
        assertThat(event.type()).isEqualTo("connectops.external-alert.firing.v1");
        ExternalAlert alert = event.data();
        assertThat(alert.origin()).isEqualTo("cloudwatch");
        assertThat(alert.fingerprint()).isEqualTo(arn);
        assertThat(alert.name()).isEqualTo(name);
        assertThat(alert.status()).isEqualTo(ExternalAlert.Status.FIRING);
        assertThat(alert.value()).isEqualTo(185.0);
        assertThat(alert.threshold()).isEqualTo(120.0);
        assertThat(alert.startsAt()).isEqualTo(Instant.parse("2024-11-18T03:21:07.123Z"));
        assertThat(alert.endsAt()).isNull();
        assertThat(alert.severity()).isNull();
        assertThat(alert.labels()).containsEntry("alertname", name)
                .containsEntry("namespace", "AWS/Connect").containsEntry("metric_name", "LongestQueueWaitTime")
                .containsEntry("instance_id", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
                .containsEntry("queue_name", "Support").containsEntry("metric_group", "Queue")
                .containsEntry("region", "us-east-1").containsEntry("account_id", "123456789012");
        assertThat(alert.annotations()).containsEntry("description", "Longest wait in the Support queue")
                .containsEntry("state", "ALARM").containsEntry("previous_state", "OK");
        assertThat(alert.annotations().get("summary")).startsWith("Threshold Crossed: 1 out of the last 1 datapoints [185.0");
        assertThat(alert.generatorUrl()).isEqualTo("https://us-east-1.console.aws.amazon.com/cloudwatch/home"
                + "?region=us-east-1#alarmsV2:alarm/" + name);
        // An alarm is not a sample: nothing of it goes to the metrics topic.
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.METRICS, name)).isZero();
    }

    @Test
    void okResolvesAndInsufficientDataIsNoDataInTheOrderCloudWatchSentThem() {
        String name = "lambda-errors-" + UUID.randomUUID();
        ObjectNode alarm = fixture("alarm-single-metric.json", name);
        String arn = alarm.path("AlarmArn").asText();

        deliver(alarm, 1);
        ObjectNode ok = alarm.deepCopy().put("NewStateValue", "OK").put("OldStateValue", "ALARM")
                .put("StateChangeTime", "2015-06-03T17:48:27.123+0000")
                .put("NewStateReason", "Threshold Crossed: 1 out of the last 1 datapoints [0.0 (06/03/15 17:47:27)] "
                        + "was not greater than the threshold (0.0) (minimum 1 datapoint for ALARM -> OK transition).");
        deliver(ok, 1);
        ObjectNode insufficient = alarm.deepCopy().put("NewStateValue", "INSUFFICIENT_DATA").put("OldStateValue", "OK")
                .put("StateChangeTime", "2015-06-03T17:58:27.123+0000")
                .put("NewStateReason", "Insufficient Data: 1 datapoint was unknown.");
        deliver(insufficient, 1);

        List<ExternalAlert> seen = alerts(arn, 3).stream().map(CloudWatchAlarmIntakeTest::decode).toList();
        assertThat(seen).extracting(ExternalAlert::status).containsExactly(ExternalAlert.Status.FIRING,
                ExternalAlert.Status.RESOLVED, ExternalAlert.Status.NO_DATA);
        assertThat(seen.get(0).value()).isEqualTo(1234.0);
        assertThat(seen.get(0).labels()).containsEntry("namespace", "AWS/EC2").containsEntry("instance_id", "TestInstance");
        assertThat(seen.get(1).value()).isEqualTo(0.0);
        assertThat(seen.get(1).endsAt()).isEqualTo(Instant.parse("2015-06-03T17:48:27.123Z"));
        assertThat(seen.get(2).value()).isNull();
        assertThat(seen.get(2).endsAt()).isNull();
    }

    @Test
    void aMetricMathAlarmTakesItsLabelsFromTheOneMetricItReads() {
        String name = "math-" + UUID.randomUUID();
        ObjectNode alarm = fixture("alarm-multiple-metrics.json", name);

        deliver(alarm, 1);

        ExternalAlert alert = decode(alerts(alarm.path("AlarmArn").asText(), 1).get(0));
        assertThat(alert.labels()).containsEntry("namespace", "AWS/EC2").containsEntry("metric_name", "NetworkOut")
                .containsEntry("instance_id", "TestInstance");
        assertThat(alert.value()).isEqualTo(1234.0);
        assertThat(alert.threshold()).isEqualTo(0.0);
    }

    @Test
    void theSeverityTagInTheDescriptionIsTheAlertsSeverity() {
        String name = "lex-errors-" + UUID.randomUUID();
        ObjectNode alarm = fixture("alarm-single-metric.json", name).put("AlarmDescription", "Lex bot failing [P2]");

        deliver(alarm, 1);

        assertThat(decode(alerts(alarm.path("AlarmArn").asText(), 1).get(0)).severity()).isEqualTo(Severity.P2);
    }

    @Test
    void oneStateChangeSentTwiceIsOneEventForConsumers() {
        String name = "twice-" + UUID.randomUUID();
        ObjectNode alarm = fixture("alarm-connect-queue-wait.json", name);
        String messageId = UUID.randomUUID().toString();
        String signed = simulator.sns().notification("ALARM", alarm.toString(), 2, Instant.now(), messageId);

        for (int published : new int[] { 1, 0 }) {
            given().contentType("text/plain; charset=UTF-8").body(signed).post("/api/v1/ingest/sns")
                    .then().statusCode(200).body("published", equalTo(published));
        }
        // SNS may also publish one state change under a second MessageId: the event id stays the same.
        deliver(alarm, 1);

        List<ConsumerRecord<String, String>> records = alerts(alarm.path("AlarmArn").asText(), 2);
        assertThat(TestKafka.header(records.get(0), "ce_id")).isEqualTo(TestKafka.header(records.get(1), "ce_id"));
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, name)).isEqualTo(2);
    }

    @Test
    void aNotificationThatIsNoAlarmStateChangePublishesNothing() {
        String name = "not-an-alarm-" + UUID.randomUUID();
        given().contentType("text/plain; charset=UTF-8")
                .body(simulator.sns().notification("hello", "{\"AlarmName\":\"" + name + "\"}", 2))
                .post("/api/v1/ingest/sns").then().statusCode(200).body("published", equalTo(0));
        ObjectNode unknownState = fixture("alarm-single-metric.json", name).put("NewStateValue", "SNOOZED");
        deliver(unknownState, 0);

        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, name)).isZero();
    }
}
