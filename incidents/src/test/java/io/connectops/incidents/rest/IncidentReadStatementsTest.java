package io.connectops.incidents.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.StatementCounter;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentAlert;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.incidents.domain.TimelineEntry;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The read paths of the API take a fixed number of statements, however many incidents a page holds and whatever is
 * attached to them (alerts, mitigation actions, a long timeline), and show every field as it is stored. A list page
 * reads its incidents' rows only for those it has not rendered at their current version (one statement for all). Statements are
 * counted at the JDBC driver ({@link StatementCounter}), so Hibernate's and plain SQL count alike, including any a view
 * would load while it is serialised.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestProfile(IncidentReadStatementsTest.CountingStatements.class)
class IncidentReadStatementsTest {

    private static final String BASE = IncidentApi.BASE;

    public static class CountingStatements implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.driver", StatementCounter.class.getName());
        }
    }

    @Inject
    ObjectMapper mapper;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aPageOfFiftyIncidentsWithAlertsAndActionsTakesTheStatementsAPageOfFiveTakes() {
        String queue = "statements-" + UUID.randomUUID();
        for (int i = 0; i < 55; i++) {
            String id = i % 5 == 0 ? IncidentApi.inStatus(IncidentStatus.MITIGATING, queue) : IncidentApi.open("P3", queue);
            attachAlerts(UUID.fromString(id), 2);
            IncidentApi.manager().body("{\"description\":\"Re-add the queue to the routing profile\",\"owner\":\"ana.ops\"}")
                    .post(BASE + "/" + id + "/actions").then().statusCode(201);
        }

        // First read: the page's ids and versions, its total, and the 50 incidents not yet rendered, in one statement.
        Probed fifty = probed(request -> request.queryParam("queue", queue).queryParam("size", 50).get(BASE));
        assertEquals(50, fifty.body().get("items").size());
        assertEquals(55, fifty.body().get("total").asLong());
        assertEquals(3, fifty.statements().size(), fifty.statements().toString());
        assertTrue(fifty.statements().get(1).toLowerCase().contains("count("), fifty.statements().toString());
        // Read again, nothing changed: the page and its total, nothing per incident.
        Probed again = probed(request -> request.queryParam("queue", queue).queryParam("size", 50).get(BASE));
        assertEquals(fifty.body(), again.body());
        assertEquals(2, again.statements().size(), again.statements().toString());
        Probed five = probed(request -> request.queryParam("queue", queue).queryParam("size", 5).get(BASE));
        assertEquals(5, five.body().get("items").size());
        assertEquals(2, five.statements().size(), five.statements().toString());
        Probed lastPage = probed(request -> request.queryParam("queue", queue).queryParam("page", 1)
                .queryParam("size", 50).get(BASE));
        assertEquals(5, lastPage.body().get("items").size());
        assertEquals(55, lastPage.body().get("total").asLong());
        assertEquals(3, lastPage.statements().size(), lastPage.statements().toString());
    }

    @Test
    void aChangeMadeBehindThisServiceShowsInTheNextListPage() throws Exception {
        String queue = "statements-" + UUID.randomUUID();
        String first = IncidentApi.open("P3", queue);
        String second = IncidentApi.open("P3", queue);
        JsonNode before = probed(request -> request.queryParam("queue", queue).get(BASE)).body();
        assertEquals(2, before.get("items").size());

        // As another replica (or an operator's SQL) would: the row changes without this process taking part.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE incident SET title = 'Renamed elsewhere', severity = 'P1' WHERE id = ?")) {
            update.setObject(1, UUID.fromString(first));
            assertEquals(1, update.executeUpdate());
        }

        Probed after = probed(request -> request.queryParam("queue", queue).get(BASE));
        JsonNode changed = itemOf(after.body(), first);
        assertEquals("Renamed elsewhere", changed.get("title").asText());
        assertEquals("P1", changed.get("severity").asText());
        assertEquals(itemOf(before, second), itemOf(after.body(), second));
        // The page, then the one changed incident.
        assertEquals(2, after.statements().size(), after.statements().toString());
        assertEquals(mapper.readTree(IncidentApi.viewer().get(BASE + "/" + first).then().statusCode(200).extract()
                .asString()), changed);
    }

    private static JsonNode itemOf(JsonNode page, String id) {
        for (JsonNode item : page.get("items")) {
            if (item.get("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " is not on the page " + page);
    }

    @Test
    void aFirstPageThatIsNotFullTakesNoCountWithEveryFilterSet() {
        String queue = "statements-" + UUID.randomUUID();
        String id = IncidentApi.open("P2", queue);
        Probed filtered = probed(request -> request.queryParam("queue", queue).queryParam("status", "TRIAGE", "MITIGATING")
                .queryParam("severity", "P2", "P3").queryParam("createdFrom", "2020-01-01T00:00:00Z")
                .queryParam("createdTo", Instant.now().plusSeconds(3600).toString()).queryParam("q", "long waits")
                .get(BASE));
        assertEquals(1, filtered.body().get("items").size());
        assertEquals(id, filtered.body().get("items").get(0).get("id").asText());
        assertEquals(1, filtered.body().get("total").asLong());
        // The page's ids and versions, then the incident not yet rendered; no count.
        assertEquals(2, filtered.statements().size(), filtered.statements().toString());
    }

    @Test
    void anIncidentTakesOneStatementAndItsTimelineOneAPage() {
        String id = IncidentApi.inStatus(IncidentStatus.MITIGATING, "statements-" + UUID.randomUUID());
        attachAlerts(UUID.fromString(id), 3);
        for (int i = 0; i < 30; i++) {
            IncidentApi.manager().body("{\"text\":\"Still elevated (" + i + ")\"}").post(BASE + "/" + id + "/notes")
                    .then().statusCode(201);
        }

        Probed incident = probed(request -> request.get(BASE + "/" + id));
        assertEquals(id, incident.body().get("id").asText());
        assertEquals(1, incident.statements().size(), incident.statements().toString());

        // OPENED, ACKNOWLEDGED, STATUS_CHANGED and 30 notes: 33 entries on one page of 50, which is their total.
        Probed timeline = probed(request -> request.queryParam("size", 50).get(BASE + "/" + id + "/timeline"));
        assertEquals(33, timeline.body().get("items").size());
        assertEquals(33, timeline.body().get("total").asLong());
        assertEquals(1, timeline.statements().size(), timeline.statements().toString());

        Probed notes = probed(request -> request.queryParam("kind", "NOTE").queryParam("size", 10)
                .get(BASE + "/" + id + "/timeline"));
        assertEquals(10, notes.body().get("items").size());
        assertEquals(30, notes.body().get("total").asLong());
        assertEquals(2, notes.statements().size(), notes.statements().toString());
    }

    @Test
    void theIncidentTheListAndTheTimelineShowEveryFieldAsStored() throws Exception {
        String queue = "statements-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        ids.add(IncidentApi.open("P3", queue));
        ids.add(IncidentApi.inStatus(IncidentStatus.MITIGATING, queue));
        ids.add(IncidentApi.inStatus(IncidentStatus.CANCELLED, queue));
        String reopened = IncidentApi.inStatus(IncidentStatus.RESOLVED, queue);
        IncidentApi.act(reopened, LifecycleAction.REOPEN).then().statusCode(200);
        ids.add(reopened);
        String target = IncidentApi.open("P2", queue);
        String duplicate = IncidentApi.open("P3", queue);
        IncidentApi.manager().body("{\"duplicateId\":\"" + duplicate + "\",\"reason\":\"Same outage\"}")
                .post(BASE + "/" + target + "/merge").then().statusCode(200);
        ids.add(target);
        ids.add(duplicate);
        IncidentApi.manager().post(BASE + "/" + ids.get(0) + "/acknowledge").then().statusCode(200);

        JsonNode list = mapper.readTree(IncidentApi.viewer().queryParam("queue", queue).get(BASE).then()
                .statusCode(200).extract().asString());
        assertEquals(ids.size(), list.get("items").size());
        for (String id : ids) {
            JsonNode stored = asJson(QuarkusTransaction.requiringNew()
                    .call(() -> IncidentView.of(Incident.<Incident>findById(UUID.fromString(id)))));
            JsonNode shown = mapper.readTree(IncidentApi.viewer().get(BASE + "/" + id).then().statusCode(200)
                    .extract().asString());
            assertEquals(stored, shown, "GET " + id);
            JsonNode listed = null;
            for (JsonNode item : list.get("items")) {
                if (item.get("id").asText().equals(id)) {
                    listed = item;
                }
            }
            assertEquals(stored, listed, "list item " + id);

            JsonNode timeline = mapper.readTree(IncidentApi.viewer().get(BASE + "/" + id + "/timeline").then()
                    .statusCode(200).extract().asString());
            JsonNode storedTimeline = asJson(QuarkusTransaction.requiringNew()
                    .call(() -> TimelineEntry.<TimelineEntry>list("incidentId = ?1 order by occurredAt, id",
                            UUID.fromString(id)).stream().map(TimelineView::of).toList()));
            assertEquals(storedTimeline, timeline.get("items"), "timeline of " + id);
        }
    }

    /** As the API writes it, read back as the API's answer is (so that an int and a long compare alike). */
    private JsonNode asJson(Object view) throws Exception {
        return mapper.readTree(mapper.writeValueAsString(view));
    }

    private static void attachAlerts(UUID incidentId, int count) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < count; i++) {
                IncidentAlert alert = new IncidentAlert();
                alert.incidentId = incidentId;
                alert.fingerprint = "fp-" + UUID.randomUUID();
                alert.groupKey = "group-" + incidentId;
                alert.ruleId = "queue-wait";
                alert.ruleName = "Queue wait above 120 s";
                alert.attachedAt = Instant.now();
                alert.persist();
            }
        });
    }

    private record Probed(JsonNode body, List<String> statements) {
    }

    private Probed probed(Function<RequestSpecification, Response> call) {
        String probe = UUID.randomUUID().toString();
        Response response = call.apply(IncidentApi.viewer().header(StatementCounter.PROBE, probe));
        response.then().statusCode(200);
        try {
            return new Probed(mapper.readTree(response.asString()), StatementCounter.executedBy(probe));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
