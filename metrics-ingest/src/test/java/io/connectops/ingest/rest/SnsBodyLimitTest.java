package io.connectops.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.Topics;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SnsMessages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The anonymous SNS endpoint takes at most 256 KiB (the largest SNS message): a larger body, declared or chunked,
 * is a 413 problem and publishes nothing, even when it is a validly signed message padded out.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SnsBodyLimitTest {

    private static final String PATH = "/api/v1/ingest/sns";
    private static final int LIMIT = 256 * 1024;
    private static ConnectSimulator simulator;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @BeforeAll
    static void startSimulator() {
        simulator = ConnectSimulator.start(0, Scenario.NORMAL_DAY);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    /** A signed alarm for {@code instanceId}, padded with trailing white space to {@code size} bytes. */
    private static String paddedAlarm(String instanceId, int size) {
        String alarm = SnsMessages.alarmMessage("big", "AWS/Connect", "MissedCalls", "ALARM", "OK", 3.0, 1.0,
                Map.of("InstanceId", instanceId));
        String message = simulator.sns().notification("ALARM", alarm, 2);
        return message + " ".repeat(size - message.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedBeforeItIsRead() {
        String instanceId = "big-" + UUID.randomUUID();

        given().contentType("text/plain; charset=UTF-8").body(paddedAlarm(instanceId, LIMIT + 1)).post(PATH)
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("title", equalTo("Content Too Large"))
                .body("detail", equalTo("An SNS message is at most " + LIMIT + " bytes"));

        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isZero();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedToo() throws Exception {
        String instanceId = "chunked-" + UUID.randomUUID();
        byte[] body = paddedAlarm(instanceId, LIMIT + 1024).getBytes(StandardCharsets.UTF_8);

        // From a stream of unknown length, the client sends it chunked, without a Content-Length.
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + PATH)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(new ObjectMapper().readTree(response.body()).path("status").asInt()).isEqualTo(413);
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isZero();
    }

    @Test
    void aBodyAtTheLimitIsRead() {
        String instanceId = "limit-" + UUID.randomUUID();
        given().contentType("text/plain; charset=UTF-8").body(paddedAlarm(instanceId, LIMIT)).post(PATH)
                .then().statusCode(200).body("published", equalTo(1));
    }
}
