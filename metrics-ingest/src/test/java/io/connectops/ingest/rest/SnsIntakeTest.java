package io.connectops.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.ExternalAlert;
import io.connectops.contracts.Topics;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SnsMessages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SnsIntakeTest {

    private static final String PATH = "/api/v1/ingest/sns";
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

    private static String queueWaitAlarm(String instanceId, double datapoint) {
        return SnsMessages.alarmMessage("connect-queue-wait", "AWS/Connect", "LongestQueueWaitTime", "ALARM", "OK",
                datapoint, 120.0, Map.of("InstanceId", instanceId, "MetricGroup", "Queue", "QueueName", "Support"));
    }

    private static Response deliver(String snsMessage) {
        // As SNS does: text/plain, no bearer token.
        return given().contentType("text/plain; charset=UTF-8").header("x-amz-sns-message-type", "Notification")
                .body(snsMessage).post(PATH);
    }

    /** The external alert whose labels name {@code instanceId}: alarm ARNs repeat between runs on the shared broker. */
    private static ExternalAlert alertOf(String text) {
        return EventCodec.decode(TestKafka.awaitRecords(Topics.EXTERNAL_ALERTS,
                r -> r.key() != null && r.key().startsWith("cloudwatch/") && r.value().contains(text), 1,
                Duration.ofSeconds(30)).get(0).value(), ExternalAlert.class).data();
    }

    @Test
    void signedAlarmsOfBothSignatureVersionsArePublished() {
        String v1Instance = UUID.randomUUID().toString();
        String v2Instance = UUID.randomUUID().toString();

        deliver(simulator.sns().notification("ALARM", queueWaitAlarm(v1Instance, 185.0), 1))
                .then().statusCode(200).body("published", equalTo(1));
        deliver(simulator.sns().notification("ALARM", queueWaitAlarm(v2Instance, 130.0), 2))
                .then().statusCode(200).body("published", equalTo(1));

        for (Map.Entry<String, Double> expected : Map.of(v1Instance, 185.0, v2Instance, 130.0).entrySet()) {
            ExternalAlert alert = alertOf(expected.getKey());
            assertThat(alert.value()).isEqualTo(expected.getValue());
            assertThat(alert.status()).isEqualTo(ExternalAlert.Status.FIRING);
            assertThat(alert.fingerprint()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:connect-queue-wait");
            assertThat(alert.threshold()).isEqualTo(120.0);
            assertThat(alert.labels()).containsEntry("instance_id", expected.getKey()).containsEntry("queue_name", "Support");
        }
    }

    @Test
    void aLambdaAlarmNamesItsFunctionInALabelNeverAsInstance() {
        String function = "flow-lookup-" + UUID.randomUUID();
        String alarm = SnsMessages.alarmMessage("lambda-errors", "AWS/Lambda", "Errors", "ALARM", "OK", 7.0, 5.0,
                Map.of("FunctionName", function));
        deliver(simulator.sns().notification(null, alarm, 2)).then().statusCode(200).body("published", equalTo(1));

        ExternalAlert alert = alertOf(function);
        assertThat(alert.value()).isEqualTo(7.0);
        assertThat(alert.labels()).containsEntry("function_name", function).containsEntry("namespace", "AWS/Lambda")
                .doesNotContainKey("instance_id");
    }

    @Test
    void aTamperedMessageIsRefusedAndPublishesNothing() {
        String instanceId = UUID.randomUUID().toString();
        String signed = simulator.sns().notification("ALARM", queueWaitAlarm(instanceId, 185.0), 2);

        deliver(signed.replace("185.0", "18.0")).then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("signature does not match"));
        String untrustedCertificate = signed.replaceFirst("\"SigningCertURL\":\"[^\"]+\"",
                "\"SigningCertURL\":\"https://attacker.example.com/cert.pem\"");
        deliver(untrustedCertificate).then().statusCode(403)
                .body("detail", containsString("not a trusted SNS certificate URL"));

        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isZero();
    }

    @Test
    void aSubscriptionIsConfirmedThroughItsSubscribeUrl() {
        String token = "token-" + UUID.randomUUID();

        deliver(simulator.sns().subscriptionConfirmation(token, 1)).then().statusCode(200)
                .body("type", equalTo("SubscriptionConfirmation"));

        assertThat(simulator.confirmedSubscriptions()).contains(token);
    }

    @Test
    void somethingThatIsNotAnSnsMessageIsABadRequest() {
        deliver("{\"Type\":\"Gossip\"}").then().statusCode(400);
        deliver("not json").then().statusCode(400);
    }

    @Test
    void aNotificationOlderThanTheReplayWindowIsRefusedAndPublishesNothing() {
        String instanceId = UUID.randomUUID().toString();
        String old = simulator.sns().notification("ALARM", queueWaitAlarm(instanceId, 185.0), 2,
                Instant.now().minus(Duration.ofMinutes(61)), UUID.randomUUID().toString());

        deliver(old).then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("older than the replay window"));

        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isZero();
    }

    @Test
    void aMessageDeliveredTwiceIsPublishedOnce() {
        String instanceId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        String first = simulator.sns().notification("ALARM", queueWaitAlarm(instanceId, 185.0), 1, Instant.now(),
                messageId);

        deliver(first).then().statusCode(200).body("published", equalTo(1));
        deliver(first).then().statusCode(200).body("published", equalTo(0))
                .body("note", containsString("handled before"));
        // Signed again with the same MessageId, as SNS redelivers it after a timeout.
        String again = simulator.sns().notification("ALARM", queueWaitAlarm(instanceId, 185.0), 2,
                Instant.now(), messageId);
        deliver(again).then().statusCode(200).body("published", equalTo(0));

        alertOf(instanceId);
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isEqualTo(1);
    }
}
