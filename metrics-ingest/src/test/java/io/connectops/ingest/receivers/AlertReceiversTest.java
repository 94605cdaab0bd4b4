package io.connectops.ingest.receivers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.ExternalAlert;
import io.connectops.contracts.Severity;
import io.connectops.contracts.Topics;
import io.connectops.ingest.ConnectFixtures;
import io.connectops.ingest.RawHttpExchange;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.platform.testing.TestOidcServer;
import io.connectops.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The payloads Alertmanager, Grafana and Prometheus send, from their documentation, posted as those tools post them
 * (a bearer token obtained by client credentials): each alert becomes external alerts on the real broker, once per
 * change. Each test renames its alerts so that its records and receipts are its own on the shared broker and
 * database.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertReceiversTest {

    /** Generous: the machine running the build may be shared and slow. */
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    static ObjectNode fixture(String name) {
        try (InputStream in = AlertReceiversTest.class.getResourceAsStream("/receivers/" + name)) {
            return (ObjectNode) EventCodec.mapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ArrayNode postableFixture() {
        try (InputStream in = AlertReceiversTest.class.getResourceAsStream("/receivers/prometheus-postable-alerts.json")) {
            return (ArrayNode) EventCodec.mapper().readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Alertmanager fixture with its one alert renamed and given a fingerprint of this run. */
    private static ObjectNode alertmanagerPayload(String alertname, String fingerprint) {
        ObjectNode payload = fixture("alertmanager-webhook-v4.json");
        ObjectNode alert = (ObjectNode) payload.path("alerts").get(0);
        ((ObjectNode) alert.path("labels")).put("alertname", alertname);
        alert.put("fingerprint", fingerprint);
        return payload;
    }

    /** A token as Alertmanager's http_config.oauth2 gets one: client credentials at the realm's token endpoint. */
    private static String clientCredentialsToken() {
        return given().baseUri(TestOidcServer.get().issuer()).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", Roles.INGEST)
                .formParam("client_secret", "alertmanager-secret")
                .post("/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
    }

    private static List<ExternalAlert> alerts(String key, int count) {
        return TestKafka.awaitRecords(Topics.EXTERNAL_ALERTS, r -> key.equals(r.key()), count, WAIT).stream()
                .map(r -> EventCodec.decode(r.value(), ExternalAlert.class).data()).toList();
    }

    private static void post(String path, Object body, int alerts, int published) {
        given().auth().oauth2(clientCredentialsToken()).contentType(ContentType.JSON).body(body.toString()).post(path)
                .then().statusCode(200).body("alerts", equalTo(alerts)).body("published", equalTo(published));
    }

    @Test
    void alertmanagersWebhookIsAFiringExternalAlertWithItsFingerprintLabelsAndMappedSeverity() {
        String name = "ProbeFailure-" + UUID.randomUUID();
        String fingerprint = UUID.randomUUID().toString().substring(0, 16);

        post(AlertReceiverResource.ALERTMANAGER_PATH, alertmanagerPayload(name, fingerprint), 1, 1);

        List<ConsumerRecord<String, String>> records = TestKafka.awaitRecords(Topics.EXTERNAL_ALERTS,
                r -> ("alertmanager/" + fingerprint).equals(r.key()), 1, WAIT);
        CloudEvent<ExternalAlert> event = EventCodec.decode(records.get(0).value(), ExternalAlert.class);
        assertThat(event.type()).isEqualTo("connectops.external-alert.firing.v1");
        ExternalAlert alert = event.data();
        assertThat(alert.origin()).isEqualTo("alertmanager");
        assertThat(alert.fingerprint()).isEqualTo(fingerprint);
        assertThat(alert.name()).isEqualTo(name);
        assertThat(alert.status()).isEqualTo(ExternalAlert.Status.FIRING);
        assertThat(alert.severity()).isEqualTo(Severity.P1);
        assertThat(alert.labels()).containsEntry("alertname", name).containsEntry("severity", "critical")
                .containsEntry("instance", "https://server.example.org").containsEntry("job", "http_checks")
                .containsEntry("monitor", "master").hasSize(5);
        assertThat(alert.annotations()).containsEntry("summary", "BlackBox Probe Failure: https://server.example.org")
                .containsEntry("description",
                        "Instance https://server.example.org has been down for over 5m. Job: http_checks");
        assertThat(alert.startsAt()).isEqualTo(Instant.parse("2023-02-06T13:08:45.828Z"));
        // Go's zero time is no end.
        assertThat(alert.endsAt()).isNull();
        assertThat(alert.generatorUrl())
                .isEqualTo("http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1");
    }

    @Test
    void aRepeatedNotificationPublishesNothingAndTheResolvedOneResolves() {
        String name = "ProbeFailure-" + UUID.randomUUID();
        String fingerprint = UUID.randomUUID().toString().substring(0, 16);
        ObjectNode firing = alertmanagerPayload(name, fingerprint);

        post(AlertReceiverResource.ALERTMANAGER_PATH, firing, 1, 1);
        // Alertmanager's repeat_interval, and its HA twin, send the same firing alert again.
        post(AlertReceiverResource.ALERTMANAGER_PATH, firing, 1, 0);
        post(AlertReceiverResource.ALERTMANAGER_PATH, firing, 1, 0);
        ObjectNode resolved = firing.deepCopy().put("status", "resolved");
        ((ObjectNode) resolved.path("alerts").get(0)).put("status", "resolved").put("endsAt", "2023-02-06T13:38:45.828Z");
        post(AlertReceiverResource.ALERTMANAGER_PATH, resolved, 1, 1);
        post(AlertReceiverResource.ALERTMANAGER_PATH, resolved, 1, 0);

        List<ExternalAlert> seen = alerts("alertmanager/" + fingerprint, 2);
        assertThat(seen).extracting(ExternalAlert::status)
                .containsExactly(ExternalAlert.Status.FIRING, ExternalAlert.Status.RESOLVED);
        assertThat(seen.get(1).endsAt()).isEqualTo(Instant.parse("2023-02-06T13:38:45.828Z"));
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, name)).isEqualTo(2);
    }

    @Test
    void grafanasWebhookIsOneExternalAlertPerAlertWithItsLinksAndValues() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        ObjectNode payload = fixture("grafana-webhook.json");
        for (JsonNode alert : payload.path("alerts")) {
            ((ObjectNode) alert).put("fingerprint", alert.path("fingerprint").asText() + "-" + run);
        }

        post(AlertReceiverResource.GRAFANA_PATH, payload, 2, 2);

        ExternalAlert memory = alerts("grafana/c6eadffa33fcdf37-" + run, 1).get(0);
        assertThat(memory.origin()).isEqualTo("grafana");
        assertThat(memory.name()).isEqualTo("High memory usage");
        assertThat(memory.status()).isEqualTo(ExternalAlert.Status.FIRING);
        // Grafana's alerts have no severity label: none is made up, alerting applies its default.
        assertThat(memory.severity()).isNull();
        assertThat(memory.labels()).containsEntry("team", "blue").containsEntry("zone", "us-1");
        assertThat(memory.annotations()).containsEntry("runbook_url", "https://myrunbook.com/runbook/1234")
                .containsEntry("summary", "This alert was triggered for zone us-1")
                .containsEntry("silence_url", "https://play.grafana.org/alerting/silence/new?alertmanager=grafana"
                        + "&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1")
                .containsEntry("values", "B=44.23943737541908, C=1")
                .containsEntry("value_string", "[ metric='' labels={} value=14151.331895396988 ]")
                .doesNotContainKeys("dashboard_url", "panel_url");
        // Two expressions: which is "the" value is not said, so there is none.
        assertThat(memory.value()).isNull();
        assertThat(memory.startsAt()).isEqualTo(Instant.parse("2021-10-12T07:51:03.157076Z"));
        assertThat(memory.generatorUrl()).isEqualTo("https://play.grafana.org/alerting/1afz29v7z/edit");
        ExternalAlert cpu = alerts("grafana/bc97ff14869b13e3-" + run, 1).get(0);
        assertThat(cpu.name()).isEqualTo("High CPU usage");
        assertThat(cpu.labels()).containsEntry("zone", "eu-1");
    }

    @Test
    void prometheusReSendingAFiringAlertPublishesItOnceAndAnEndInThePastResolvesIt() {
        String name = "InstanceDown-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ArrayNode alerts = postableFixture();
        ObjectNode alert = (ObjectNode) alerts.get(0);
        ((ObjectNode) alert.path("labels")).put("alertname", name);
        alert.put("startsAt", now.minusSeconds(300).toString()).put("endsAt", now.plusSeconds(240).toString());

        for (int evaluation = 0; evaluation < 3; evaluation++) {
            post(AlertReceiverResource.ALERTS_PATH, alerts, 1, evaluation == 0 ? 1 : 0);
        }
        alert.put("endsAt", now.minusSeconds(5).toString());
        post(AlertReceiverResource.ALERTS_PATH, alerts, 1, 1);

        JsonNode labels = alert.path("labels");
        String fingerprint = ReceivedAlerts.fingerprint(EventCodec.mapper().convertValue(labels,
                new TypeReference<Map<String, String>>() {
                }));
        List<ExternalAlert> seen = alerts("prometheus/" + fingerprint, 2);
        assertThat(seen).extracting(ExternalAlert::status)
                .containsExactly(ExternalAlert.Status.FIRING, ExternalAlert.Status.RESOLVED);
        assertThat(seen.get(0).origin()).isEqualTo("prometheus");
        assertThat(seen.get(0).severity()).isEqualTo(Severity.P3);
        assertThat(seen.get(0).startsAt()).isEqualTo(now.minusSeconds(300));
        assertThat(seen.get(0).annotations()).containsEntry("summary", "Instance node-exporter:9100 down");
        assertThat(seen.get(1).endsAt()).isEqualTo(now.minusSeconds(5));
        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, name)).isEqualTo(2);
    }

    @Test
    void anAlertWhoseEndPassesWithoutBeingPostedAgainIsResolvedAtItsEnd() {
        String name = "InstanceDown-" + UUID.randomUUID();
        ArrayNode alerts = postableFixture();
        ObjectNode alert = (ObjectNode) alerts.get(0);
        ((ObjectNode) alert.path("labels")).put("alertname", name);
        // Without startsAt and endsAt: it fires from its arrival for the resolve timeout (PT3S in tests), measured on
        // the service's clock, however long the request took.
        alert.remove("startsAt");
        alert.remove("endsAt");

        post(AlertReceiverResource.ALERTS_PATH, alerts, 1, 1);

        String key = "prometheus/" + ReceivedAlerts.fingerprint(EventCodec.mapper().convertValue(alert.path("labels"),
                new TypeReference<Map<String, String>>() {
                }));
        List<ExternalAlert> seen = alerts(key, 2);
        assertThat(seen).extracting(ExternalAlert::status)
                .containsExactly(ExternalAlert.Status.FIRING, ExternalAlert.Status.RESOLVED);
        assertThat(seen.get(0).endsAt()).isNull();
        assertThat(seen.get(1).endsAt()).isEqualTo(seen.get(0).startsAt().plusSeconds(3));
        assertThat(seen.get(1).startsAt()).isEqualTo(seen.get(0).startsAt());
        assertThat(seen.get(1).name()).isEqualTo(name);
        assertThat(seen.get(1).labels()).containsEntry("instance", "node-exporter:9100");

        // Prometheus comes back and the alert still fires, with the start it had: a new firing for consumers.
        alert.put("startsAt", seen.get(0).startsAt().toString());
        alert.put("endsAt", Instant.now().plusSeconds(3600).toString());
        post(AlertReceiverResource.ALERTS_PATH, alerts, 1, 1);
        List<ConsumerRecord<String, String>> records = TestKafka.awaitRecords(Topics.EXTERNAL_ALERTS,
                r -> key.equals(r.key()), 3, WAIT);
        assertThat(EventCodec.decode(records.get(2).value(), ExternalAlert.class).data().status())
                .isEqualTo(ExternalAlert.Status.FIRING);
        assertThat(TestKafka.header(records.get(2), "ce_id")).isNotEqualTo(TestKafka.header(records.get(0), "ce_id"));
    }

    @Test
    void aBadAlertIsA400NamingItsFieldAndNothingOfThePayloadIsPublished() {
        String name = "bad-" + UUID.randomUUID();
        ObjectNode payload = alertmanagerPayload(name, UUID.randomUUID().toString().substring(0, 16));
        ObjectNode second = ((ObjectNode) payload.path("alerts").get(0)).deepCopy();
        second.put("startsAt", "yesterday").put("fingerprint", "other");
        ((ArrayNode) payload.path("alerts")).add(second);

        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(payload.toString())
                .post(AlertReceiverResource.ALERTMANAGER_PATH).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("alerts[1].startsAt"));
        ArrayNode noName = postableFixture();
        ((ObjectNode) noName.get(0).path("labels")).remove("alertname");
        ((ObjectNode) noName.get(0).path("labels")).put("job", name);
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(noName.toString())
                .post(AlertReceiverResource.ALERTS_PATH).then().statusCode(400)
                .body("errors.field", hasItem("[0].labels.alertname"));
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(payload.put("version", "3").toString())
                .post(AlertReceiverResource.ALERTMANAGER_PATH).then().statusCode(400)
                .body("errors.field", hasItem("version"));

        assertThat(ConnectFixtures.outboxRows(dataSource, Topics.EXTERNAL_ALERTS, name)).isZero();
    }

    @Test
    void onlyTheIngestRoleMayPostAndALargerBodyIsRefusedBeforeItIsRead() throws Exception {
        String body = alertmanagerPayload("auth-" + UUID.randomUUID(), "auth").toString();
        given().contentType(ContentType.JSON).body(body).post(AlertReceiverResource.ALERTMANAGER_PATH)
                .then().statusCode(401);
        ApiSecurity.as(Roles.VIEWER).contentType(ContentType.JSON).body(body).post(AlertReceiverResource.GRAFANA_PATH)
                .then().statusCode(403);
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body("[]").post(AlertReceiverResource.ALERTS_PATH)
                .then().statusCode(403);

        byte[] large = ("[" + " ".repeat(4 * 1024 * 1024) + "]").getBytes(StandardCharsets.UTF_8);
        String answer = RawHttpExchange.postWithContentLength(port, AlertReceiverResource.ALERTS_PATH,
                "application/json", large,
                "Authorization: " + TestTokens.bearer(TestTokens.forClient("connectops-ingest", Roles.INGEST)));
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json");
        assertThat(answer).contains("\"detail\":\"An alert payload is at most 4194304 bytes\"");
    }
}
