package io.connectops.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.connectops.cli.ConnectOpsCli;
import io.connectops.cli.ExitCodes;
import io.connectops.cli.config.ConfigDirectory;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.platform.testing.TestKafka;
import io.connectops.platform.testing.TestOidcServer;

/**
 * The connectops tool against the running platform, as an operator uses it: machines sign in with client
 * credentials (the test OIDC server names the role after the client), rules and routes are applied from YAML twice
 * (the second apply changes nothing), a silence is added and expired, an incident is worked from acknowledge to
 * resolve, and a dead letter is redriven and applied once.
 */
class CliStoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;

    private static Platform platform;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void profiles() {
        platform = Platform.get();
        for (String role : List.of("admin", "incident-manager", "supervisor", "viewer")) {
            List<String> args = new ArrayList<>(List.of("--issuer", TestOidcServer.get().issuer(),
                    "--client-id", role, "profile", "set", role));
            for (String service : List.of("metrics-ingest", "alerting", "incidents", "scheduling", "notifications")) {
                args.add("--service-url");
                args.add(service + "=" + platform.url(service));
            }
            assertThat(ConnectOpsCli.run(new ConfigDirectory(home), new PrintWriter(new StringWriter()),
                    new PrintWriter(System.err, true), args.toArray(String[]::new))).isZero();
        }
    }

    /** Runs one command as {@code role} (a machine client of that name); returns its exit code. */
    private int run(String role, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        String[] all = new String[args.length + 4];
        all[0] = "--profile";
        all[1] = role;
        all[2] = "--client-secret";
        all[3] = "e2e";
        System.arraycopy(args, 0, all, 4, args.length);
        return ConnectOpsCli.run(new ConfigDirectory(home), new PrintWriter(out, true), new PrintWriter(err, true),
                all);
    }

    private JsonNode json() throws Exception {
        return JSON.readTree(out.toString());
    }

    @Test
    void rulesAppliedTwiceChangeNothingTheSecondTimeAndADiffShowsAnEdit() throws Exception {
        String name = "CLI queue full " + UUID.randomUUID();
        Path rules = home.resolve("rules-" + UUID.randomUUID() + ".yaml");
        Files.writeString(rules, """
                rules:
                  - name: %s
                    metric: contacts_in_queue
                    instanceId: cli-instance
                    comparator: GT
                    threshold: 40
                    forDuration: PT5M
                    severity: P3
                    summary: Queue over 40
                    description: Contacts wait in the queue
                    enabled: false
                """.formatted(name));

        assertThat(run("admin", "rules", "apply", "-f", rules.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("+ create " + name, "1 to create, 0 to update, 0 to delete",
                "done: create " + name);
        assertThat(run("admin", "rules", "apply", "-f", rules.toString())).isZero();
        assertThat(out.toString()).contains("0 to create, 0 to update, 0 to delete").doesNotContain("done:");

        Files.writeString(rules, Files.readString(rules).replace("threshold: 40", "threshold: 45"));
        assertThat(run("admin", "rules", "diff", "-f", rules.toString())).isEqualTo(ExitCodes.DIFFERS);
        assertThat(out.toString()).contains("~ update " + name + " (threshold)");
        assertThat(run("admin", "rules", "apply", "--dry-run", "-f", rules.toString())).isZero();
        assertThat(run("admin", "rules", "diff", "-f", rules.toString())).isEqualTo(ExitCodes.DIFFERS);
        assertThat(run("admin", "rules", "apply", "-f", rules.toString())).isZero();
        assertThat(run("admin", "rules", "diff", "-f", rules.toString())).isZero();

        assertThat(run("admin", "rules", "export")).isZero();
        assertThat(out.toString()).contains("name: " + name, "threshold: 45");
        assertThat(run("incident-manager", "rules", "apply", "-f", rules.toString()))
                .isEqualTo(ExitCodes.NOT_AUTHORIZED);
    }

    @Test
    void aRuleTestFilePassesAgainstTheRulesItNamesAndAWrongExpectationFailsWithExitOne() throws Exception {
        String name = "CLI tested queue full " + UUID.randomUUID();
        Path rules = home.resolve("tested-rules-" + UUID.randomUUID() + ".yaml");
        Files.writeString(rules, """
                rules:
                  - name: %s
                    metric: contacts_in_queue
                    instanceId: cli-instance
                    comparator: GT
                    threshold: 40
                    forDuration: PT5M
                    severity: P3
                    summary: Queue over 40
                    description: Contacts wait in the queue
                """.formatted(name));
        Path tests = home.resolve("rule-tests-" + UUID.randomUUID() + ".yaml");
        Files.writeString(tests, """
                evaluationInterval: PT1M
                tests:
                  - name: a queue over 40 for 5 minutes fires
                    inputSeries:
                      - labels: {metric: contacts_in_queue, instance_id: cli-instance, queue_id: q-billing}
                        values: "50x10"
                    alertTests:
                      - {evalTime: PT4M, rule: %1$s, expectedAlerts: [{labels: {queue_id: q-billing}, state: PENDING}]}
                      - {evalTime: PT5M, rule: %1$s, expectedAlerts: [{labels: {queue_id: q-billing}, severity: P3}]}
                  - name: a queue at 40 does not fire
                    inputSeries:
                      - labels: {metric: contacts_in_queue, instance_id: cli-instance, queue_id: q-billing}
                        values: "40x10"
                    alertTests:
                      - {evalTime: PT9M, rule: %1$s, expectedAlerts: []}
                """.formatted(name));

        assertThat(run("viewer", "rules", "test", tests.toString(), "-f", rules.toString())).as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("PASS  a queue over 40 for 5 minutes fires",
                "PASS  a queue at 40 does not fire", "2 of 2 tests passed");

        Files.writeString(tests, Files.readString(tests).replace("{evalTime: PT9M, rule: %s, expectedAlerts: []}"
                .formatted(name), "{evalTime: PT9M, rule: %s, expectedAlerts: [{labels: {queue_id: q-billing}}]}"
                .formatted(name)));
        assertThat(run("viewer", "rules", "test", tests.toString(), "-f", rules.toString()))
                .isEqualTo(ExitCodes.DIFFERS);
        assertThat(out.toString()).contains("FAIL  a queue at 40 does not fire", "got:      none",
                "1 of 2 tests passed");
        assertThat(run("admin", "rules", "export")).isZero();
        assertThat(out.toString()).as("a rule test stores nothing").doesNotContain(name);
    }

    @Test
    void routesAppliedTwiceChangeNothingTheSecondTimeAndTheRouteTestNamesTheChannelAnEventReaches() throws Exception {
        String name = "cli-route-" + UUID.randomUUID();
        String queue = "cli-queue-" + UUID.randomUUID();
        String slack = platform.asAdmin("notifications").contentType("application/json").body(Map.of(
                "name", "Slack " + name, "type", "SLACK",
                "settings", Map.of("channel", "C" + queue.hashCode(), "apiUrl", platform.slack.baseUrl() + "/api"),
                "secrets", Map.of("botToken", Platform.SLACK_TOKEN)))
                .post("/api/v1/channels").then().statusCode(201).extract().path("id");
        Path routes = home.resolve("routes-" + UUID.randomUUID() + ".yaml");
        Files.writeString(routes, """
                routes:
                  - name: %s
                    eventTypes: [connectops.incident.*]
                    severities: [P1]
                    queues: [%s]
                    channelIds: [%s]
                """.formatted(name, queue, slack));

        assertThat(run("admin", "routes", "apply", "-f", routes.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("done: create " + name);
        assertThat(run("admin", "routes", "apply", "-f", routes.toString())).isZero();
        assertThat(out.toString()).contains("0 to create, 0 to update, 0 to delete");

        assertThat(run("viewer", "-o", "json", "routes", "test", "--severity", "P1", "-q", queue)).as(err.toString())
                .isZero();
        assertThat(json()).singleElement().satisfies(target -> {
            assertThat(target.path("channelId").asText()).isEqualTo(slack);
            assertThat(target.path("routeName").asText()).isEqualTo(name);
        });
        assertThat(run("viewer", "-o", "json", "routes", "test", "--severity", "P3", "-q", queue)).isZero();
        assertThat(json()).isEmpty();
    }

    @Test
    void aSilenceIsAddedListedAndExpired() throws Exception {
        String queue = "cli-queue-" + UUID.randomUUID();
        assertThat(run("admin", "-o", "json", "silences", "add", "-m", "queueId=" + queue, "--for", "2h", "-c",
                "maintenance")).as(err.toString()).isZero();
        String id = json().path("id").asText();
        assertThat(json().path("endsAt").asText()).isNotBlank();

        assertThat(run("admin", "silences", "ls")).isZero();
        assertThat(out.toString()).contains(id, "maintenance");
        assertThat(run("admin", "-o", "json", "silences", "ls")).isZero();
        assertThat(out.toString()).contains(id, queue);
        assertThat(run("admin", "silences", "expire", id)).isZero();
        assertThat(run("admin", "-o", "json", "silences", "ls")).isZero();
        assertThat(out.toString()).doesNotContain(id);
    }

    @Test
    void anIncidentIsWorkedFromAcknowledgeToResolveAndItsTimelineShowsEveryStep() throws Exception {
        String reference = platform.as("incidents", "ian", "incident-manager")
                .contentType("application/json")
                .body(Map.of("title", "CLI story " + UUID.randomUUID(), "severity", "P3"))
                .post("/api/v1/incidents").then().statusCode(201).extract().path("reference");

        assertThat(run("incident-manager", "incidents", "ls", "-q", reference)).isZero();
        assertThat(out.toString()).contains(reference, "TRIAGE");
        assertThat(run("incident-manager", "incidents", "ack", reference)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("acknowledged");
        assertThat(run("incident-manager", "incidents", "assess", reference, "--severity", "P2", "--impact",
                "Billing queue", "--summary", "Lambda timeouts", "--commander", "ian")).as(err.toString()).isZero();
        assertThat(run("incident-manager", "incidents", "mitigate", reference, "-m", "Concurrency raised")).isZero();
        assertThat(run("incident-manager", "incidents", "resolve", reference, "-r", "Normal for 30 minutes"))
                .isZero();
        assertThat(run("incident-manager", "-o", "json", "incidents", "show", reference)).isZero();
        assertThat(json().path("status").asText()).isEqualTo("RESOLVED");
        assertThat(json().path("severity").asText()).isEqualTo("P2");

        assertThat(run("incident-manager", "incidents", "timeline", reference)).isZero();
        assertThat(out.toString()).contains("Concurrency raised", "Normal for 30 minutes");
        assertThat(run("incident-manager", "incidents", "watch", reference)).isZero();
        assertThat(out.toString()).contains("Normal for 30 minutes");

        // A step the state does not allow: the server's 409 and its detail, exit code 6.
        assertThat(run("incident-manager", "incidents", "mitigate", reference, "-m", "again"))
                .isEqualTo(ExitCodes.CONFLICT);
        assertThat(err.toString()).contains("409");
    }

    @Test
    void aDeadLetterIsListedShownAndRedrivenOnceAndItsAlertOpensOneIncident() throws Exception {
        String group = "cli-dlq-" + UUID.randomUUID();
        AlertEvent alert = new AlertEvent(group + "-fp", group, "cli-rule", "CLI redrive", AlertEvent.State.FIRING,
                Severity.P2, Map.of("instanceId", "cli-instance"), 9.0, 5.0, "Redriven " + group, "From the DLQ", null,
                "threshold", Instant.now().minusSeconds(60), null, null, null, null, AlertEvent.Announcement.NEW);
        // As if a consumer had dead-lettered it during an earlier fault: valid, so a redrive applies it.
        TestKafka.sendTo(Platform.kafkaBootstrapServers(), Topics.ALERTS_DLQ, alert.fingerprint(),
                EventCodec.encode(CloudEvent.of("/alerting", alert.type(), alert.fingerprint(), alert)));

        JsonNode record = await().atMost(Duration.ofSeconds(30)).until(() -> {
            run("admin", "-o", "json", "dlq", "ls", "--service", "incidents", Topics.ALERTS_DLQ);
            for (JsonNode each : json()) {
                if ((alert.fingerprint()).equals(each.path("key").asText())) {
                    return each;
                }
            }
            return null;
        }, found -> found != null);
        String partition = record.path("partition").asText();
        String offset = record.path("offset").asText();

        assertThat(run("admin", "dlq", "show", "--service", "incidents", Topics.ALERTS_DLQ, partition, offset))
                .isZero();
        assertThat(out.toString()).contains(group);
        assertThat(run("admin", "-o", "json", "dlq", "redrive", "--service", "incidents", Topics.ALERTS_DLQ,
                partition, offset)).as(err.toString()).isZero();
        assertThat(json().path("redriven").asInt()).isEqualTo(1);
        // Asked again for the same record, the service sends it again: consumers apply each event once.
        assertThat(run("admin", "-o", "json", "dlq", "redrive", "--service", "incidents", Topics.ALERTS_DLQ,
                partition, offset)).isZero();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(run("incident-manager", "-o", "json", "incidents", "ls", "-q", "Redriven " + group)).isZero();
            assertThat(json()).hasSize(1);
        });
    }

    @Test
    void aSupervisorAsksErlangCForAgents() throws Exception {
        assertThat(run("supervisor", "-o", "json", "staffing", "erlang-c", "--contacts", "120", "--aht", "300",
                "--answer-within", "20", "--target", "0.8")).as(err.toString()).isZero();
        assertThat(json().path("agents").asInt()).isBetween(41, 50);
        assertThat(json().path("serviceLevel").asDouble()).isGreaterThanOrEqualTo(0.8);
        assertThat(run("supervisor", "staffing", "erlang-c", "--contacts", "-1", "--aht", "300", "--target", "0.8"))
                .isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString()).contains("contacts");
    }
    /**
     * The jar that {@code bin/connectops} runs, in its own process with only its own classpath: the in-process tests
     * above share the test classpath, which once hid that the packaged jar could not write its token cache.
     */
    @Test
    void thePackagedJarSignsInCachesItsTokenPrivatelyAndUsesIt() throws Exception {
        File jar = Path.of("..", "cli", "target", "connectops.jar").toFile();
        assertThat(jar).as("built by the cli module's package phase").exists();
        Path config = Files.createTempDirectory(home, "packaged-");

        String login = runJar(jar, config, "login");
        String export = runJar(jar, config, "rules", "export");

        assertThat(login).contains("Signed in to admin (client_credentials)");
        Path tokens = config.resolve("tokens").resolve("admin.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens))).isEqualTo("rw-------");
        assertThat(Files.readString(tokens)).contains("expiresAt");
        assertThat(export).startsWith("rules:").contains("- name: ", "metric: ");
    }

    /** Runs the packaged jar as the admin machine client with the profiles of this test; returns its output. */
    private static String runJar(File jar, Path config, String... args) throws Exception {
        Files.copy(home.resolve("profiles.yaml"), config.resolve("profiles.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-jar", jar.getAbsolutePath(), "--profile", "admin"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CONNECTOPS_CONFIG_DIR", config.toString());
        builder.environment().put("CONNECTOPS_CLIENT_SECRET", "e2e");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
