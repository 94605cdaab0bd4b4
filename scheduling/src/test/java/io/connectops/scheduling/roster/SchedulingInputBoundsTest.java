package io.connectops.scheduling.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Scheduling's own input bounds (hardening W11): stored strings no longer than their columns, finite history,
 * dates PostgreSQL and date arithmetic can hold, in-memory paging that cannot go negative. Each refusal is a 400
 * naming the field, and nothing is stored.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SchedulingInputBoundsTest {

    private static void namesField(ValidatableResponse response, String field) {
        response.statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }

    private static int historyRows(String queue) {
        return ApiSecurity.as(Roles.VIEWER).queryParam("queueId", queue).queryParam("intervalSeconds", 900)
                .queryParam("from", "2031-01-01T00:00:00Z").queryParam("to", "2031-01-10T00:00:00Z")
                .get("/api/v1/forecasts/history").then().statusCode(200).extract().jsonPath().getList("$").size();
    }

    @Test
    void aStaffingGroupWhoseInstanceIdIsLongerThanItsColumnIsRefusedAndNotCreated() {
        String name = "bounds-group-" + UUID.randomUUID();
        namesField(ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"instanceId\":\"" + "i".repeat(201) + "\",\"requiredSkills\":[],"
                        + "\"queueIds\":[],\"shiftProfileId\":\"" + UUID.randomUUID() + "\",\"staffRulesId\":\""
                        + UUID.randomUUID() + "\",\"intervalMinutes\":15}")
                .post("/api/v1/staffing-groups").then(), "instanceId");
        assertThat(ApiSecurity.as(Roles.VIEWER).queryParam("size", 200).get("/api/v1/staffing-groups").then()
                .statusCode(200).extract().jsonPath().getList("items.name")).doesNotContain(name);
    }

    @Test
    void aCsvImportWithAQueueIdLongerThanItsColumnOrInfiniteContactsStoresNothing() {
        String queue = "bounds-csv-" + UUID.randomUUID();
        String header = "queue_id,interval_start,contacts,aht_seconds\n";
        String good = queue + ",2031-01-05T00:00:00Z,10,300\n";
        namesField(ApiSecurity.as(Roles.SUPERVISOR).contentType("text/csv").queryParam("intervalSeconds", 900)
                .body(header + good + "q".repeat(201) + ",2031-01-05T00:15:00Z,10,300\n")
                .post("/api/v1/forecasts/history").then(), "line 3");
        namesField(ApiSecurity.as(Roles.SUPERVISOR).contentType("text/csv").queryParam("intervalSeconds", 900)
                .body(header + good + queue + ",2031-01-05T00:15:00Z,1e400,300\n")
                .post("/api/v1/forecasts/history").then(), "line 3");
        namesField(ApiSecurity.as(Roles.SUPERVISOR).contentType("text/csv").queryParam("intervalSeconds", 900)
                .body(header + good + queue + ",+294277-01-01T00:00:00Z,1,300\n")
                .post("/api/v1/forecasts/history").then(), "line 3");
        assertThat(historyRows(queue)).isZero();
    }

    @Test
    void aCsvImportOfMoreRowsThanTheJsonImportAllowsIsRefusedAndStoresNothing() {
        // Short rows, so that 50,001 of them stay within the 2 MB body limit (1.6 MB).
        String queue = "b" + UUID.randomUUID().toString().substring(0, 7);
        StringBuilder csv = new StringBuilder("queue_id,interval_start,contacts,aht_seconds\n");
        Instant start = Instant.parse("2031-01-05T00:00:00Z");
        for (int i = 0; i <= 50_000; i++) {
            csv.append(queue).append(',').append(start.plusSeconds(900L * i)).append(",1\n");
        }
        namesField(ApiSecurity.as(Roles.SUPERVISOR).contentType("text/csv").queryParam("intervalSeconds", 900)
                .body(csv.toString()).post("/api/v1/forecasts/history").then(), "line 50002");
        assertThat(historyRows(queue)).isZero();
    }

    @Test
    void aJsonHistoryImportWithInfiniteContactsIsRefusedAndStoresNothing() {
        String queue = "bounds-json-" + UUID.randomUUID();
        namesField(ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"queueId\":\"" + queue + "\",\"intervalSeconds\":900,\"intervals\":["
                        + "{\"start\":\"2031-01-05T00:00:00Z\",\"contacts\":10,\"ahtSeconds\":300},"
                        + "{\"start\":\"2031-01-05T00:15:00Z\",\"contacts\":1e400,\"ahtSeconds\":300}]}")
                .post("/api/v1/forecasts/history").then(), "intervals[1].contacts");
        namesField(ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"queueId\":\"" + queue + "\",\"intervalSeconds\":900,\"intervals\":["
                        + "{\"start\":\"+294277-01-01T00:00:00Z\",\"contacts\":10,\"ahtSeconds\":300}]}")
                .post("/api/v1/forecasts/history").then(), "intervals[0].start");
        assertThat(historyRows(queue)).isZero();
    }

    @Test
    void aPageFarPastTheEndOfAnInMemoryFilterIsEmptyOrRefusedNeverAServerError() {
        for (String path : new String[] {"/api/v1/agents?skill=voice", "/api/v1/maintenance-windows?queueId=q"}) {
            int status = ApiSecurity.as(Roles.VIEWER).queryParam("page", 10737419).queryParam("size", 200)
                    .get(path).then().extract().statusCode();
            assertThat(status).as(path).isIn(200, 400);
        }
    }

    @Test
    void farDatesAreRefusedNamingTheirField() {
        namesField(ApiSecurity.as(Roles.VIEWER).queryParam("groupId", UUID.randomUUID().toString())
                .queryParam("date", "+999999999-12-31").get("/api/v1/adherence").then(), "date");
        namesField(ApiSecurity.as(Roles.VIEWER).queryParam("queueId", "q").queryParam("from", "+294277-01-01T00:00:00Z")
                .queryParam("to", "+294277-01-02T00:00:00Z").get("/api/v1/forecasts/history").then(), "from");
        String title = "bounds-window-" + UUID.randomUUID();
        namesField(ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"title\":\"" + title + "\",\"instanceIds\":[],\"queueIds\":[\"q\"],"
                        + "\"startsAt\":\"+294277-01-01T00:00:00Z\",\"endsAt\":\"+294277-01-02T00:00:00Z\","
                        + "\"owner\":\"ops\",\"leadTimeMinutes\":0}")
                .post("/api/v1/maintenance-windows").then(), "startsAt");
        assertThat(ApiSecurity.as(Roles.VIEWER).queryParam("size", 200).get("/api/v1/maintenance-windows").then()
                .statusCode(200).extract().jsonPath().getList("items.title")).doesNotContain(title);
    }
}
