package io.connectops.ingest.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.ingest.MetricsTopicWindow;
import io.connectops.ingest.domain.PollOperation;
import io.connectops.ingest.service.PollService;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.Scenario;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * CloudWatch metrics through the real AWS SDK client against the simulator, which answers GetMetricData in the AWS
 * Query protocol the SDK sends: one call a poll for every metric of a source, samples on the real broker.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class CloudWatchPollingTest {

    /** A minute boundary plus 30 s: the simulator's fixed "now". */
    private static final Instant NOW = Instant.parse("2026-03-02T10:00:30Z");
    private static final String RESOURCES = """
            "cloudWatch":{"lambdaFunctions":["flow-lookup"],"lexBots":["BOT12345"],"dynamoDbTables":["customers"],\
            "interval":"PT1H"}""";

    private ConnectSimulator simulator;
    private UUID source;
    private String instanceId;
    private MetricsTopicWindow topic;

    @Inject
    PollService polls;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void start() {
        simulator = ConnectSimulator.start(0, Scenario.CALL_SURGE).clock(Clock.fixed(NOW, ZoneOffset.UTC));
        instanceId = ConnectFixtures.newInstanceId();
        topic = MetricsTopicWindow.openAtEnd();
    }

    @AfterEach
    void stop() {
        if (source != null) {
            ConnectFixtures.remove(source);
        }
        simulator.close();
        topic.close();
    }

    private List<MetricSample> published(String metric, int count) {
        // A resource's metrics carry its name in the key (instance/-/function_name:lookup/lambda_errors).
        String prefix = instanceId + "/-/";
        String suffix = "/" + metric;
        return topic.await(r -> r.key() != null && r.key().startsWith(prefix)
                && r.key().endsWith(suffix), count, Duration.ofSeconds(30)).stream()
                .map(r -> EventCodec.decode(r.value(), MetricSample.class).data()).toList();
    }

    @Test
    void everyMetricOfASourceIsReadInOneGetMetricDataCallOfTheQueryProtocol() {
        simulator.cloudWatchValue("AWS/Lambda/Errors", 4.0).cloudWatchValue("AWS/Lambda/Duration", null)
                .cloudWatchValue("AWS/DynamoDB/ThrottledRequests", null);
        source = ConnectFixtures.register(simulator, instanceId, RESOURCES);

        assertThat(polls.poll(source, PollOperation.CLOUDWATCH_METRICS).failed()).isFalse();

        assertThat(simulator.calls("GetMetricData", "cloudwatch")).isEqualTo(1);
        String wire = simulator.cloudWatchRequests().get(simulator.cloudWatchRequests().size() - 1);
        // 11 AWS/Connect, 4 Lambda, 3 Lex and 5 DynamoDB metrics, as form fields of the Query protocol.
        assertThat(wire).startsWith("Action=GetMetricData&Version=2010-08-01")
                .contains("MetricDataQueries.member.23.Id=q22").doesNotContain("MetricDataQueries.member.24.")
                .contains("MetricDataQueries.member.1.MetricStat.Metric.Namespace=AWS%2FConnect")
                .contains("MetricDataQueries.member.1.MetricStat.Period=60");
        assertThat(URLDecoder.decode(wire, StandardCharsets.UTF_8)).contains(
                "SUM(SEARCH('Namespace=\"AWS/Connect\" InstanceId=\"" + instanceId + "\" MetricName=\"ContactFlowErrors\"', 'Sum', 60))");

        // The settled minutes: read at 10:00:30 with a settle delay of 2 minutes, the five up to 09:58.
        List<MetricSample> errors = published("lambda_errors", 5);
        assertThat(errors).extracting(MetricSample::timestamp).containsExactly(Instant.parse("2026-03-02T09:54:00Z"),
                Instant.parse("2026-03-02T09:55:00Z"), Instant.parse("2026-03-02T09:56:00Z"),
                Instant.parse("2026-03-02T09:57:00Z"), Instant.parse("2026-03-02T09:58:00Z"));
        assertThat(errors).allSatisfy(sample -> {
            assertThat(sample.value()).isEqualTo(4.0);
            assertThat(sample.source()).isEqualTo("cloudwatch");
            assertThat(sample.unit()).isEqualTo("COUNT");
            assertThat(sample.queueId()).isNull();
            assertThat(sample.labels()).containsEntry("function_name", "flow-lookup").containsEntry("region", "us-east-1");
        });
        // A count CloudWatch has no datapoint for is zero; a gauge without one is no sample at all.
        assertThat(published("dynamodb_throttled_requests", 5)).allSatisfy(sample -> {
            assertThat(sample.value()).isZero();
            assertThat(sample.labels()).containsEntry("table_name", "customers");
        });
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.METRICS, instanceId, "lambda_duration")).isZero();
        assertThat(published("lex_recognition_errors", 5)).allSatisfy(
                sample -> assertThat(sample.labels()).containsEntry("bot_id", "BOT12345"));
        assertThat(published("concurrent_calls_percentage", 5)).allSatisfy(
                sample -> assertThat(sample.value()).isBetween(0.0, 100.0));
        assertThat(rateLimitBuckets()).contains("123456789012/us-east-1/cloudwatch");
    }

    @Test
    void eachMinuteIsPublishedOnceAndTheNextPollReadsOnlyTheMinutesThatSettledSince() {
        simulator.cloudWatchValue("AWS/Lambda/Errors", 2.0);
        source = ConnectFixtures.register(simulator, instanceId, RESOURCES);
        // The scheduler polls a new source at once, then every hour (its interval here).
        awaitFirstCloudWatchPoll();
        assertThat(published("lambda_errors", 5)).extracting(MetricSample::value).containsOnly(2.0);

        // Nothing settled since: no call, nothing published.
        assertThat(polls.poll(source, PollOperation.CLOUDWATCH_METRICS).published()).isZero();
        assertThat(simulator.calls("GetMetricData", "cloudwatch")).isEqualTo(1);

        // Three minutes later on the source's clock, the three minutes that settled meanwhile.
        simulator.clock(Clock.fixed(NOW.plus(Duration.ofMinutes(3)), ZoneOffset.UTC));
        simulator.cloudWatchValue("AWS/Lambda/Errors", 7.0);
        assertThat(polls.poll(source, PollOperation.CURRENT_METRICS).failed()).isFalse();
        assertThat(polls.poll(source, PollOperation.CLOUDWATCH_METRICS).failed()).isFalse();

        List<MetricSample> errors = published("lambda_errors", 8);
        assertThat(errors).extracting(MetricSample::timestamp).doesNotHaveDuplicates()
                .endsWith(Instant.parse("2026-03-02T09:59:00Z"), Instant.parse("2026-03-02T10:00:00Z"),
                        Instant.parse("2026-03-02T10:01:00Z"));
        assertThat(errors.subList(5, 8)).extracting(MetricSample::value).containsOnly(7.0);
        assertThat(simulator.calls("GetMetricData", "cloudwatch")).isEqualTo(2);
    }

    @Test
    void aSourceWithoutCloudWatchIsNeverPolledForIt() {
        source = ConnectFixtures.register(simulator, instanceId, null);
        awaitFirstPoll("CURRENT_METRICS");

        ApiSecurity.as(Roles.ADMIN).get("/api/v1/sources/" + source).then().statusCode(200)
                .body("cloudWatch", Matchers.nullValue())
                .body("pollers.operation", Matchers.not(Matchers.hasItem("CLOUDWATCH_METRICS")));
        assertThat(simulator.calls("GetMetricData", "cloudwatch")).isZero();

        UUID other = ConnectFixtures.register(simulator, ConnectFixtures.newInstanceId(),
                "\"cloudWatch\":{\"lambdaFunctions\":[\"flow-lookup\"]}");
        try {
            ApiSecurity.as(Roles.ADMIN).get("/api/v1/sources/" + other).then().statusCode(200)
                    .body("cloudWatch.lambdaFunctions", Matchers.contains("flow-lookup"))
                    .body("cloudWatch.lexBots", Matchers.empty())
                    .body("cloudWatch.interval", Matchers.equalTo("PT1M"));
        } finally {
            ConnectFixtures.remove(other);
        }
    }

    private void awaitFirstCloudWatchPoll() {
        awaitFirstPoll("CLOUDWATCH_METRICS");
    }

    private void awaitFirstPoll(String operation) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> succeeded = ApiSecurity.as(Roles.ADMIN).get("/api/v1/sources/" + source).then().statusCode(200)
                    .extract().jsonPath().getList("pollers.findAll { it.lastSuccessAt != null }.operation");
            if (succeeded.contains(operation)) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new AssertionError("The scheduler did not poll " + operation + " within 30 s");
    }

    private List<String> rateLimitBuckets() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT bucket_key FROM connect_rate_limit");
                ResultSet rows = query.executeQuery()) {
            List<String> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(rows.getString(1));
            }
            return keys;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
