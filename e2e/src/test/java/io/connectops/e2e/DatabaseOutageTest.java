package io.connectops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.fakes.SlackFake;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.RealServers;
import io.connectops.platform.testing.TestKafka;
import io.restassured.http.ContentType;

/**
 * PostgreSQL stops for a minute while an alert is on its way: incidents and notifications cannot apply it, and
 * must neither lose it nor dead-letter it. Once the database is back, the alert opens one incident and the incident
 * reaches Slack once, and no dead-letter topic has grown.
 */
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final List<String> DEAD_LETTER_TOPICS = List.of(Topics.deadLetterOf(Topics.ALERTS),
            Topics.deadLetterOf(Topics.INCIDENTS), Topics.deadLetterOf(Topics.DELIVERIES));

    private static Platform platform;

    @BeforeAll
    static void startServices() {
        platform = Platform.get();
    }

    @Test
    void anAlertConsumedWhileTheDatabaseIsDownIsAppliedOnceWhenItReturns() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String queue = "q-outage-" + id;
        String slackChannel = "#outage-" + id;
        String summary = "Queue " + queue + " backs up during a database outage";
        String slack = platform.asAdmin("notifications").contentType(ContentType.JSON).body(Map.of(
                "name", "Slack outage " + id, "type", "SLACK",
                "settings", Map.of("channel", slackChannel, "apiUrl", platform.slack.baseUrl() + "/api"),
                "secrets", Map.of("botToken", Platform.SLACK_TOKEN)))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        platform.asAdmin("notifications").contentType(ContentType.JSON).body(Map.of(
                "name", "Outage incidents " + id, "eventTypes", List.of("connectops.incident.opened.v1"),
                "queues", List.of(queue), "channelIds", List.of(slack), "continue", true))
                .post("/api/v1/routes").then().statusCode(201);
        Map<String, Long> deadLettersBefore = deadLetterEnds();

        stopPostgres();
        Instant stoppedAt = Instant.now();
        try {
            AlertEvent alert = new AlertEvent("fp-outage-" + id, "group-outage-" + id, "rule-outage-" + id,
                    "Queue backs up", AlertEvent.State.FIRING, Severity.P2,
                    Map.of("instanceId", "e2e-outage", "queueId", queue), 240.0, 120.0, summary,
                    "Callers wait while the database is away", null, "threshold", stoppedAt, null);
            TestKafka.sendTo(Platform.kafkaBootstrapServers(), Topics.ALERTS, alert.fingerprint(),
                    EventCodec.encode(
                            CloudEvent.of("/connectops/alerting", alert.type(), alert.fingerprint(), alert)));
            // The outage is the scenario: the consumers meet it for a minute, retrying, before it ends.
            await("the outage lasts " + OUTAGE).pollDelay(Duration.ofSeconds(5)).atMost(OUTAGE.plusSeconds(30))
                    .until(() -> Duration.between(stoppedAt, Instant.now()).compareTo(OUTAGE) >= 0);
        } finally {
            RealServers.ensurePostgres(ServiceProcess.DATABASE);
        }

        await("one incident once the database is back").atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            List<Map<String, Object>> incidents = platform.as("incidents", "vera", Roles.VIEWER)
                    .queryParam("queue", queue).get("/api/v1/incidents").then().statusCode(200)
                    .extract().jsonPath().getList("items");
            assertThat(incidents).hasSize(1);
            assertThat(incidents.get(0).get("title")).isEqualTo(summary);
        });
        await("the incident reaches Slack").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(platform.slack.messagesIn(slackChannel)).isNotEmpty());
        List<SlackFake.Message> posted = platform.slack.messagesIn(slackChannel);
        assertThat(posted).as("Slack messages for the incident").hasSize(1);
        assertThat(deadLetterEnds()).as("dead-letter topics after the outage").isEqualTo(deadLettersBefore);
    }

    private static void stopPostgres() throws Exception {
        // Only a cluster infra/bin/postgres.sh started (as on CI and a fresh machine) is ours to stop.
        Path cluster = Path.of(System.getenv().getOrDefault("CONNECTOPS_PG_DIR",
                "/tmp/connectops-pg-" + RealServers.POSTGRES_PORT), "data", "postmaster.pid");
        Assumptions.assumeTrue(Files.exists(cluster),
                "PostgreSQL on " + RealServers.POSTGRES_PORT + " was not started by infra/bin/postgres.sh");
        ProcessBuilder builder = new ProcessBuilder("bash",
                RealServers.projectRoot().resolve("infra/bin/postgres.sh").toString(), "stop").redirectErrorStream(true);
        // The cluster of the port the tests use (connectops.test.postgres-port), not the script's default 5432.
        builder.environment().put("PGPORT", String.valueOf(RealServers.POSTGRES_PORT));
        Process stop = builder.start();
        String output = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stop.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(stop.exitValue()).as(output).isZero();
        await("PostgreSQL is down").atMost(Duration.ofSeconds(30)).until(() -> !RealServers.answers(RealServers.POSTGRES_PORT));
    }

    private static Map<String, Long> deadLetterEnds() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Platform.kafkaBootstrapServers());
        Map<String, Long> ends = new HashMap<>();
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : DEAD_LETTER_TOPICS) {
                admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.merge(partition.topic(), info.offset(), Long::sum));
        }
        return ends;
    }
}
