package io.connectops.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.util.Map;
import java.util.UUID;

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
 * Through the SNS endpoint: an alarm signed with a certificate of an untrusted CA, an expired certificate or one of
 * another name is refused (403) and publishes nothing; signed with SNS's certificate from the trusted (test) CA it is
 * published, under both signature versions. The certificates come from {@code sns-trust/generate.sh}.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SnsCertificateIntakeTest {

    private static final String PATH = "/api/v1/ingest/sns";
    private static final PrivateKey LEAF_KEY = SnsResigner.key("/sns-trust/leaf-key.pk8.pem");

    private static ConnectSimulator simulator;
    /** Serves the test certificates at /sns/<name>.pem, where the test profile accepts certificate URLs. */
    private static HttpServer certificates;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void start() throws IOException {
        simulator = ConnectSimulator.start(0, Scenario.NORMAL_DAY);
        certificates = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        certificates.createContext("/sns/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring("/sns/".length());
            try (InputStream in = SnsCertificateIntakeTest.class.getResourceAsStream("/sns-trust/" + name)) {
                byte[] file = in == null ? new byte[0] : in.readAllBytes();
                exchange.sendResponseHeaders(in == null ? 404 : 200, file.length == 0 ? -1 : file.length);
                exchange.getResponseBody().write(file);
            }
            exchange.close();
        });
        certificates.start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
        certificates.stop(0);
    }

    /** A signed alarm about a new instance, naming certificate {@code pem}; returns the instance id. */
    private static String[] alarmSignedWith(String pem, int version) {
        String instanceId = "cert-" + UUID.randomUUID();
        String alarm = SnsMessages.alarmMessage("connect-queue-wait", "AWS/Connect", "LongestQueueWaitTime", "ALARM",
                "OK", 150.0, 120.0, Map.of("InstanceId", instanceId, "MetricGroup", "Queue", "QueueName", "Support"));
        String url = "http://127.0.0.1:" + certificates.getAddress().getPort() + "/sns/" + pem;
        String message = SnsResigner.resign(simulator.sns().notification("ALARM", alarm, version),
                Map.of("SigningCertURL", url), LEAF_KEY, version);
        return new String[] { instanceId, message };
    }

    private static Response deliver(String message) {
        return given().contentType("text/plain; charset=UTF-8").body(message).post(PATH);
    }

    private void refused(String pem, String reason) {
        String[] alarm = alarmSignedWith(pem, 2);
        deliver(alarm[1]).then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("SNS message rejected: " + reason));
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, alarm[0])).isZero();
    }

    @Test
    void aCertificateOfAnUntrustedCaIsRefusedAndPublishesNothing() {
        refused("untrusted.pem", "the signing certificate is not issued by a trusted CA");
    }

    @Test
    void anExpiredCertificateIsRefusedAndPublishesNothing() {
        refused("expired.pem", "the signing certificate expired on 2020-02-01T00:00:00Z");
    }

    @Test
    void aCertificateOfAnotherNameIsRefusedAndPublishesNothing() {
        refused("wrong-cn.pem", "the signing certificate's subject CN \"sns.attacker.example\" is not Amazon SNS's");
    }

    @Test
    void snssCertificateFromTheTrustedCaIsAcceptedUnderBothSignatureVersions() {
        for (int version : new int[] { 1, 2 }) {
            String[] alarm = alarmSignedWith("good.pem", version);
            deliver(alarm[1]).then().statusCode(200).body("published", equalTo(1));
            assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, alarm[0])).as("v" + version)
                    .isEqualTo(1);
        }
    }
}
