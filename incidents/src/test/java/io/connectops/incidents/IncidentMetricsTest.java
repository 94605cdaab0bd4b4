package io.connectops.incidents;

import static io.connectops.incidents.IncidentApi.BASE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.incidents.service.AlertIntake;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dashboard meters, as Prometheus scrapes them from {@code /q/metrics}. P3 incidents are only opened by hand in
 * these tests (alerts open P1/P2, and P3's SLAs are hours long), so the P3 figures move only with this test's
 * requests; escalations come from the 2 s P4 assess SLA of the test profile, where other tests' incidents may also
 * escalate, so those are asserted as at least.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IncidentMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AlertIntake alertIntake;

    /** The value of one series, 0 when the meter has not been created yet. */
    private static double scraped(String name, String... labels) {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : body.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            String labelText = line.substring(name.length(), line.lastIndexOf('}') + 1);
            boolean matches = true;
            for (int i = 0; i < labels.length; i += 2) {
                matches &= labelText.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (matches) {
                Matcher value = Pattern.compile("}\\s+(\\S+)").matcher(line);
                assertThat(value.find()).as(line).isTrue();
                return Double.parseDouble(value.group(1));
            }
        }
        return 0;
    }

    /** P3 incidents not resolved, closed or cancelled, as the API counts them. */
    private static long unfinishedP3() {
        return ((Number) IncidentApi.viewer().queryParam("severity", "P3")
                .queryParam("status", "TRIAGE", "MITIGATING", "MONITORING", "POST_INCIDENT").queryParam("size", 1)
                .get(BASE).then().statusCode(200).extract().path("total")).longValue();
    }

    @Test
    void theOpenGaugeCountsUnfinishedIncidentsBySeverityFromTheDatabase() {
        await().atMost(WAIT).until(() -> scraped("incidents_open", "severity", "P3") == unfinishedP3());
        long before = unfinishedP3();

        String queue = "q-" + UUID.randomUUID();
        IncidentApi.open("P3", queue);
        String cancelled = IncidentApi.open("P3", queue);
        IncidentApi.act(cancelled, LifecycleAction.CANCEL).then().statusCode(200);

        await().atMost(WAIT).until(() -> scraped("incidents_open", "severity", "P3") == before + 1);
        assertThat(unfinishedP3()).isEqualTo(before + 1);
    }

    @Test
    void openedIncidentsAndTheTimeToEachStepAreRecordedBySeverity() {
        double opened = scraped("incidents_opened_total", "severity", "P3", "origin", "manual");
        double acknowledged = scraped("incidents_time_to_acknowledge_seconds_count", "severity", "P3");
        double acknowledgeSeconds = scraped("incidents_time_to_acknowledge_seconds_sum", "severity", "P3");
        double mitigated = scraped("incidents_time_to_mitigate_seconds_count", "severity", "P3");
        double resolved = scraped("incidents_time_to_resolve_seconds_count", "severity", "P3");

        String queue = "q-" + UUID.randomUUID();
        String id = IncidentApi.open("P3", queue);
        IncidentApi.open("P3", queue);
        // A refused step records nothing.
        IncidentApi.act(id, LifecycleAction.RESOLVE).then().statusCode(409);
        IncidentApi.act(id, LifecycleAction.ASSESS).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.MITIGATE).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.RESOLVE).then().statusCode(200);
        // Reopened and resolved again: the incident is still measured once.
        IncidentApi.act(id, LifecycleAction.REOPEN).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.MITIGATE).then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.RESOLVE).then().statusCode(200);

        assertThat(scraped("incidents_opened_total", "severity", "P3", "origin", "manual")).isEqualTo(opened + 2);
        assertThat(scraped("incidents_time_to_acknowledge_seconds_count", "severity", "P3"))
                .isEqualTo(acknowledged + 1);
        assertThat(scraped("incidents_time_to_acknowledge_seconds_sum", "severity", "P3"))
                .isGreaterThan(acknowledgeSeconds);
        assertThat(scraped("incidents_time_to_mitigate_seconds_count", "severity", "P3")).isEqualTo(mitigated + 1);
        assertThat(scraped("incidents_time_to_resolve_seconds_count", "severity", "P3")).isEqualTo(resolved + 1);
    }

    @Test
    void theTimeToAcknowledgeIsMeasuredOnceAtTheAcknowledgementNotAtTheAssessment() {
        double acknowledged = scraped("incidents_time_to_acknowledge_seconds_count", "severity", "P2");
        String id = IncidentApi.open("P2", "q-" + UUID.randomUUID());

        IncidentApi.manager().post(BASE + "/" + id + "/acknowledge").then().statusCode(200);
        assertThat(scraped("incidents_time_to_acknowledge_seconds_count", "severity", "P2"))
                .isEqualTo(acknowledged + 1);
        IncidentApi.manager().post(BASE + "/" + id + "/acknowledge").then().statusCode(200);
        IncidentApi.act(id, LifecycleAction.ASSESS, """
                {"severity":"P2","impact":"Billing queue","summary":"Flow error","commander":"ana.ops"}""")
                .then().statusCode(200);
        assertThat(scraped("incidents_time_to_acknowledge_seconds_count", "severity", "P2"))
                .isEqualTo(acknowledged + 1);
    }

    /** Alerts from other modules' tests on the shared broker may open P1 incidents too: at least one more. */
    @Test
    void anIncidentOpenedByAnAlertIsCountedWithItsOrigin() {
        double fromAlerts = scraped("incidents_opened_total", "severity", "P1", "origin", "alert");
        String queue = "q-" + UUID.randomUUID();
        AlertEvent alert = new AlertEvent("fp-" + UUID.randomUUID(), null, "rule-queue-wait", "Queue wait above 120 s",
                AlertEvent.State.FIRING, Severity.P1, Map.of("queueId", queue), 185.0, 120.0,
                "Longest wait in " + queue + " is 185 s", null, null, "threshold", Instant.now(), null);
        QuarkusTransaction.requiringNew().run(() -> alertIntake.apply(alert));

        IncidentApi.viewer().queryParam("queue", queue).get(BASE).then().statusCode(200)
                .body("items[0].source", equalTo("ALERT"));
        assertThat(scraped("incidents_opened_total", "severity", "P1", "origin", "alert"))
                .isGreaterThanOrEqualTo(fromAlerts + 1);
    }

    @Test
    void anSlaBreachCountsAnEscalationAtItsLevel() {
        double levelOne = scraped("incidents_escalations_total", "level", "1");
        String id = IncidentApi.open("P4", "q-" + UUID.randomUUID());
        await().atMost(WAIT).until(() -> IncidentApi.viewer().get(BASE + "/" + id).then().extract()
                .<Integer>path("escalationLevel") >= 1);
        // The timer job counts the escalation once its transaction has committed, just after the API shows it.
        await().atMost(WAIT).untilAsserted(() -> assertThat(scraped("incidents_escalations_total", "level", "1"))
                .isGreaterThanOrEqualTo(levelOne + 1));
    }
}
