package io.connectops.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
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
import io.connectops.ingest.RawHttpExchange;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.receivers.AlertReceiverResource;
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
    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static ConnectSimulator simulator;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Inject
    IngestConfig config;

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
    void aDeclaredBodyOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String instanceId = "big-" + UUID.randomUUID();
        byte[] body = paddedAlarm(instanceId, LIMIT + 1).getBytes(StandardCharsets.UTF_8);

        // On a raw socket: the server answers from the Content-Length and closes while the body is still being
        // written, which an HTTP client reports as a broken pipe instead of the answer (RawHttpExchange).
        String answer = RawHttpExchange.postWithContentLength(port, PATH, "text/plain; charset=UTF-8", body);

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json");
        assertThat(answer).contains("\"status\":413").contains("\"title\":\"Content Too Large\"")
                .contains("\"detail\":\"An SNS message is at most " + LIMIT + " bytes\"");
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isZero();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedToo() throws Exception {
        String instanceId = "chunked-" + UUID.randomUUID();
        byte[] body = paddedAlarm(instanceId, LIMIT + 1024).getBytes(StandardCharsets.UTF_8);

        // Chunked, without a Content-Length, on a raw socket: the server may answer and close before the last chunk.
        RawChunkedPost post = RawChunkedPost.send(port, PATH, body, body.length);

        assertThat(post.statusLine()).startsWith("HTTP/1.1 413");
        assertThat(post.header("content-type")).startsWith("application/problem+json");
        assertThat(new ObjectMapper().readTree(post.body()).path("status").asInt()).isEqualTo(413);
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isZero();
    }

    @Test
    void aBodyAtTheLimitIsRead() {
        String instanceId = "limit-" + UUID.randomUUID();
        given().contentType("text/plain; charset=UTF-8").body(paddedAlarm(instanceId, LIMIT)).post(PATH)
                .then().statusCode(200).body("published", equalTo(1));
    }

    @Test
    void aChunkedBodyWithinTheLimitIsCountedAndHandedOnWhole() throws Exception {
        String instanceId = "chunked-within-" + UUID.randomUUID();
        byte[] body = paddedAlarm(instanceId, LIMIT).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = HTTP_1_1.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + PATH)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(response.body()).path("published").asInt()).isEqualTo(1);
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isEqualTo(1);
    }

    /**
     * Over HTTP/2 (here h2c, the JDK client's default) a body must declare its length: one that does not is a 411
     * problem before any of it is read, where RESTEasy would have read it up to the service-wide limit.
     */
    @Test
    void anHttp2BodyOfUndeclaredLengthIsALengthRequiredProblem() throws Exception {
        String instanceId = "h2-" + UUID.randomUUID();
        byte[] body = paddedAlarm(instanceId, 4096).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "text/plain; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(411);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(new ObjectMapper().readTree(response.body()).path("detail").asText())
                .isEqualTo("An SNS message over HTTP/2 must declare its Content-Length");
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isZero();
    }

    /**
     * A signed alarm followed by 64 MiB of white space (still one valid JSON document), sent chunked on a raw
     * socket to SNS and to a receiver (no token needed: the cap comes first). The server counts it as it reads,
     * answers a 413 problem and closes the connection: the sender's writes fail long before the 8 MiB service-wide
     * limit, let alone 64 MiB, and nothing is published.
     */
    @Test
    void anEndlessChunkedBodyIsCutOffSoonAfterTheCapNotReadToTheServiceWideLimit() throws Exception {
        for (String path : new String[] { PATH, AlertReceiverResource.ALERTMANAGER_PATH }) {
            long limit = path.equals(PATH) ? LIMIT : config.receivers().maxBodySize().asLongValue();
            String instanceId = "endless-" + UUID.randomUUID();
            RawChunkedPost post = RawChunkedPost.send(port, path,
                    paddedAlarm(instanceId, 4096).getBytes(StandardCharsets.UTF_8), 64L * 1024 * 1024);

            assertThat(post.statusLine()).as(path).startsWith("HTTP/1.1 413");
            assertThat(post.header("content-type")).as(path).startsWith("application/problem+json");
            assertThat(new ObjectMapper().readTree(post.body()).path("detail").asText()).as(path)
                    .endsWith("is at most " + limit + " bytes");
            System.out.printf("%s: cap %d, the client wrote %d body bytes before the connection closed%n", path, limit,
                    post.bytesWritten());
            assertThat(post.bytesWritten()).as(path + ": body bytes the server let the client write")
                    .isLessThan(8L * 1024 * 1024);
            assertThat(post.finished()).as(path + ": the client could not finish its body").isFalse();
            assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, instanceId)).isZero();
        }
    }

    /**
     * An HTTP/1.1 POST written by hand with {@code Transfer-Encoding: chunked}: the prefix, then 64 KiB chunks of
     * spaces up to {@code total} bytes, while another thread reads the answer as it comes. Writing stops when the
     * server closes the connection.
     */
    private record RawChunkedPost(String response, long bytesWritten, boolean finished) {

        static RawChunkedPost send(int port, String path, byte[] prefix, long total) throws Exception {
            long[] written = {0};
            boolean[] finished = {false};
            String response = RawHttpExchange.exchange(port, out -> {
                out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] spaces = new byte[64 * 1024];
                Arrays.fill(spaces, (byte) ' ');
                writeChunk(out, prefix);
                written[0] += prefix.length;
                while (written[0] < total) {
                    writeChunk(out, spaces);
                    written[0] += spaces.length;
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                finished[0] = true;
            });
            return new RawChunkedPost(response, written[0], finished[0]);
        }

        private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        String statusLine() {
            return response.lines().findFirst().orElse("");
        }

        String header(String name) {
            return response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))).lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(line -> line.substring(name.length() + 1).trim()).findFirst().orElse("");
        }

        String body() {
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }
}
