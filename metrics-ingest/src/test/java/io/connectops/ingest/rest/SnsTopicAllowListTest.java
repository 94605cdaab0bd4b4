package io.connectops.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.Topics;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.ingest.SnsResigner;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SnsMessages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * A signature proves only that SNS sent a message: a topic of another AWS account, validly signed, is refused (403)
 * before its certificate is fetched or its subscription confirmed, and publishes nothing.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SnsTopicAllowListTest {

    private static final String PATH = "/api/v1/ingest/sns";
    private static final String ATTACKER_TOPIC = "arn:aws:sns:us-east-1:999999999999:attacker";

    private static ConnectSimulator simulator;
    /** Stands in for the attacker's certificate and confirmation URLs: counts every request it gets. */
    private static HttpServer attacker;
    private static final AtomicInteger attackerRequests = new AtomicInteger();

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void start() throws IOException {
        simulator = ConnectSimulator.start(0, Scenario.NORMAL_DAY);
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            attackerRequests.incrementAndGet();
            byte[] pem = SnsMessages.certificatePem().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, pem.length);
            exchange.getResponseBody().write(pem);
            exchange.close();
        });
        attacker.start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
        attacker.stop(0);
    }

    private static Response deliver(String snsMessage) {
        return given().contentType("text/plain; charset=UTF-8").body(snsMessage).post(PATH);
    }

    private static String attackerUrl(String path) {
        return "http://127.0.0.1:" + attacker.getAddress().getPort() + path;
    }

    @Test
    void aValidlySignedAlarmOfAnotherAccountsTopicIsRefusedAndPublishesNothing() {
        String instanceId = "forged-" + UUID.randomUUID();
        String alarm = SnsMessages.alarmMessage("forged", "AWS/Connect", "MissedCalls", "ALARM", "OK", 50.0, 1.0,
                Map.of("InstanceId", instanceId));
        String forged = resign(simulator.sns().notification("ALARM", alarm, 2), ATTACKER_TOPIC,
                Map.of("SigningCertURL", attackerUrl("/sns/attacker.pem")));
        int requestsBefore = attackerRequests.get();

        deliver(forged).then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("detail", equalTo("SNS message rejected: topic " + ATTACKER_TOPIC + " is not accepted"));

        assertThat(attackerRequests.get()).as("certificate downloads").isEqualTo(requestsBefore);
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isZero();
    }

    @Test
    void aSubscriptionOfAnotherAccountsTopicIsNotConfirmed() throws Exception {
        String token = "attacker-" + UUID.randomUUID();
        String confirmation = resign(simulator.sns().subscriptionConfirmation(token, 2), ATTACKER_TOPIC,
                Map.of("SigningCertURL", attackerUrl("/sns/attacker.pem"),
                        "SubscribeURL", attackerUrl("/sns/confirm?Token=" + token)));
        int requestsBefore = attackerRequests.get();

        deliver(confirmation).then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("SNS message rejected: topic " + ATTACKER_TOPIC + " is not accepted"));

        assertThat(attackerRequests.get()).as("outbound calls").isEqualTo(requestsBefore);
        assertThat(simulator.confirmedSubscriptions()).doesNotContain(token);
    }

    @Test
    void aTopicArnThatIsNoArnIsRefused() {
        String instanceId = "forged-" + UUID.randomUUID();
        String alarm = SnsMessages.alarmMessage("forged", "AWS/Connect", "MissedCalls", "ALARM", "OK", 50.0, 1.0,
                Map.of("InstanceId", instanceId));
        String forged = resign(simulator.sns().notification("ALARM", alarm, 2), "not-an-arn", Map.of());

        deliver(forged).then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("SNS message rejected: TopicArn is not an SNS topic ARN"));
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isZero();
    }

    @Test
    void theAllowedTopicIsStillAccepted() {
        String token = "ours-" + UUID.randomUUID();
        deliver(simulator.sns().subscriptionConfirmation(token, 2)).then().statusCode(200);
        assertThat(simulator.confirmedSubscriptions()).contains(token);
    }

    /** {@code message} with its TopicArn and {@code replaced} fields changed, signed again with the test key. */
    private static String resign(String message, String topicArn, Map<String, String> replaced) {
        Map<String, String> fields = new HashMap<>(replaced);
        fields.put("TopicArn", topicArn);
        return SnsResigner.resign(message, fields, SnsResigner.key("/sns/test-signing-key.pk8.pem"), 2);
    }
}
