package io.connectops.incidents.rest;

import static io.connectops.incidents.IncidentApi.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Topics;
import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.service.ReportPublisher;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ReportResourceTest {

    private static final String REPORT = "/api/v1/reports/incidents";

    @Inject
    ReportPublisher publisher;

    private static JsonPath report(String queue, Instant from, Instant to) {
        return IncidentApi.viewer().queryParam("from", from.toString()).queryParam("to", to.toString())
                .queryParam("queue", queue).get(REPORT).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theReportCountsIncidentsMeasuresResponseTimesAndListsBreachesAndOverdueActions() {
        String queue = "q-" + UUID.randomUUID();
        Instant from = Instant.now().minusSeconds(3600);
        Instant to = Instant.now().plusSeconds(3600);

        String resolved = IncidentApi.inStatus(IncidentStatus.RESOLVED, queue);
        IncidentApi.inStatus(IncidentStatus.TRIAGE, queue);
        IncidentApi.inStatus(IncidentStatus.CANCELLED, queue);
        String breached = IncidentApi.open("P4", queue);
        IncidentApi.manager().body("""
                {"rootCause":"Routing profile edited by hand","preventiveActions":[
                  {"description":"Review routing changes","owner":"wfm","dueDate":"%s"},
                  {"description":"Lock routing profiles","owner":"admin","dueDate":"%s"}]}"""
                .formatted(LocalDate.now(ZoneOffset.UTC).minusDays(2), LocalDate.now(ZoneOffset.UTC).plusDays(30)))
                .put(BASE + "/" + resolved + "/review").then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> report(queue, from, to).getInt("slaBreaches.assess") == 1);
        JsonPath report = report(queue, from, to);
        assertThat(report.getInt("total")).isEqualTo(4);
        assertThat(report.getInt("bySeverity.P3")).isEqualTo(3);
        assertThat(report.getInt("bySeverity.P4")).isEqualTo(1);
        assertThat(report.getInt("bySeverity.P1")).isZero();
        assertThat(report.getInt("byStatus.RESOLVED")).isEqualTo(1);
        assertThat(report.getInt("byStatus.TRIAGE")).isEqualTo(2);
        assertThat(report.getInt("byStatus.CANCELLED")).isEqualTo(1);
        assertThat(Duration.parse(report.getString("meanTimeToAssess"))).isPositive()
                .isLessThan(Duration.ofMinutes(1));
        assertThat(Duration.parse(report.getString("meanTimeToResolve")))
                .isGreaterThanOrEqualTo(Duration.parse(report.getString("meanTimeToMitigate")));
        assertThat(report.getInt("overduePreventiveActionCount")).isEqualTo(1);
        assertThat(report.getString("overduePreventiveActions[0].description")).isEqualTo("Review routing changes");
        assertThat(report.getString("overduePreventiveActions[0].incidentId")).isEqualTo(resolved);
        assertThat(breached).isNotBlank();

        JsonPath earlier = report(queue, from.minusSeconds(7200), from);
        assertThat(earlier.getInt("total")).isZero();
        assertThat(earlier.getString("meanTimeToAssess")).isNull();
    }

    @Test
    void aReportNeedsAValidPeriodAndAReadingRole() {
        IncidentApi.viewer().queryParam("to", Instant.now().toString()).get(REPORT).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("from"));
        IncidentApi.viewer().queryParam("from", "2026-11-22T10:00:00Z").queryParam("to", "2026-11-21T10:00:00Z")
                .get(REPORT).then().statusCode(400).body("errors[0].message", containsString("after from"));
        IncidentApi.viewer().queryParam("from", "2020-01-01T00:00:00Z").queryParam("to", "2026-01-01T00:00:00Z")
                .get(REPORT).then().statusCode(400);
        IncidentApi.viewer().queryParam("from", "yesterday").queryParam("to", "2026-01-01T00:00:00Z")
                .get(REPORT).then().statusCode(400);
        ApiSecurity.assertRefusesBadTokens("GET", REPORT + "?from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z",
                null, Roles.VIEWER, Roles.SUPERVISOR);
    }

    @Test
    void theWeeklyReportIsPublishedOncePerPeriod() {
        // A Monday far from the data of any test run, so that the period is new on every run.
        LocalDate monday = LocalDate.of(3000 + ThreadLocalRandom.current().nextInt(5000), 1, 1)
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        assertThat(publisher.publish(ReportPublisher.Period.WEEKLY, monday.plusDays(2))).isTrue();
        assertThat(publisher.publish(ReportPublisher.Period.WEEKLY, monday.plusDays(3))).isFalse();

        String key = "report:weekly:" + monday.minusWeeks(1);
        CloudEvent<IncidentEvent> event = EventCodec.decode(TestKafka.awaitRecords(Topics.INCIDENTS,
                record -> key.equals(record.key()), 1, Duration.ofSeconds(30)).get(0).value(), IncidentEvent.class);
        assertThat(event.data().change()).isEqualTo(IncidentEvent.Change.REPORT_PUBLISHED);
        assertThat(event.data().title()).isEqualTo("Weekly incident report " + monday.minusWeeks(1) + " – "
                + monday.minusDays(1));
        assertThat(event.data().message()).startsWith("0 incidents");
    }
}
