package io.connectops.scheduling.staffing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
public class StaffingAndForecastApiTest {

    @Test
    void findsTheFewestAgentsWithOccupancyCapAndShrinkage() {
        JsonPath answer = ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"contacts\":100,\"intervalSeconds\":1800,\"ahtSeconds\":180,\"serviceLevelSeconds\":19.8,"
                        + "\"targetServiceLevel\":0.8,\"maxOccupancy\":0.7,\"shrinkage\":0.3}")
                .post("/api/v1/staffing/erlang-c").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getInt("agents")).isEqualTo(15);
        assertThat(answer.getInt("scheduledAgents")).isEqualTo(22);
        assertThat(answer.getDouble("trafficErlangs")).isCloseTo(10.0, within(1e-9));
        assertThat(answer.getDouble("serviceLevel")).isCloseTo(0.941, within(0.0005));
        assertThat(answer.getDouble("occupancy")).isCloseTo(0.667, within(0.0005));
        assertThat(answer.getDouble("waitProbability")).isCloseTo(0.102, within(0.0005));
        assertThat(answer.getString("model")).isEqualTo("ERLANG_C");
    }

    @Test
    void anOverloadedQueueAnswersWithoutAnAsa() {
        ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"contacts\":100,\"intervalSeconds\":1800,\"ahtSeconds\":180,\"serviceLevelSeconds\":20,"
                        + "\"agents\":9}")
                .post("/api/v1/staffing/erlang-c").then().statusCode(200)
                .body("serviceLevel", equalTo(0.0f))
                .body("asaSeconds", nullValue())
                .body("waitProbability", equalTo(1.0f));
    }

    @Test
    void erlangAGivesAbandonment() {
        JsonPath answer = ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"contacts\":100,\"intervalSeconds\":1800,\"ahtSeconds\":180,\"serviceLevelSeconds\":20,"
                        + "\"agents\":14,\"patienceSeconds\":300}")
                .post("/api/v1/staffing/erlang-c").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("model")).isEqualTo("ERLANG_A");
        assertThat(answer.getDouble("abandonProbability")).isCloseTo(0.013984, within(0.000001));
        assertThat(answer.getDouble("serviceLevel")).isCloseTo(0.916792, within(0.00001));
    }

    @Test
    void refusesAmbiguousOrOutOfRangeInput() {
        ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"contacts\":100,\"intervalSeconds\":1800,\"ahtSeconds\":180,\"serviceLevelSeconds\":20,"
                        + "\"agents\":14,\"targetServiceLevel\":0.8}")
                .post("/api/v1/staffing/erlang-c").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("field"));
        ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"contacts\":100,\"intervalSeconds\":1800,\"ahtSeconds\":-1,\"serviceLevelSeconds\":20,"
                        + "\"targetServiceLevel\":1.5}")
                .post("/api/v1/staffing/erlang-c").then().statusCode(400);
        ApiSecurity.as(Roles.INGEST).contentType("application/json")
                .body("{\"contacts\":100,\"intervalSeconds\":1800,\"ahtSeconds\":180,\"serviceLevelSeconds\":20,"
                        + "\"agents\":14}")
                .post("/api/v1/staffing/erlang-c").then().statusCode(403);
    }

    /** Three weeks of half-hourly history: a daytime hump, quiet weekends. */
    public static String historyCsv(String queue, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("queue_id,interval_start,contacts,aht_seconds\n");
        Instant start = Instant.parse("2026-10-05T00:00:00Z");
        for (int t = 0; t < 21 * 48; t++) {
            double hour = (t % 48) / 2.0;
            int weekday = (t / 48) % 7;
            double mean = hour < 8 || hour >= 20 ? 1 : 30 * Math.sin(Math.PI * (hour - 8) / 12) + 5;
            if (weekday >= 5) {
                mean *= 0.4;
            }
            long contacts = Math.round(mean + random.nextGaussian() * Math.sqrt(mean));
            csv.append(queue).append(',').append(start.plusSeconds(t * 1800L)).append(',')
                    .append(Math.max(0, contacts)).append(',').append(240 + random.nextInt(60)).append('\n');
        }
        return csv.toString();
    }

    @Test
    void importsCsvHistoryForecastsWithHoldOutAccuracyAndStaffsTheForecast() {
        String queue = "queue-" + UUID.randomUUID();
        ApiSecurity.as(Roles.SUPERVISOR).contentType("text/csv").queryParam("intervalSeconds", 1800)
                .body(historyCsv(queue, 3)).post("/api/v1/forecasts/history").then().statusCode(200)
                .body("[0].imported", equalTo(21 * 48));

        JsonPath forecast = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"queueId\":\"" + queue + "\",\"intervalSeconds\":1800,\"horizonDays\":7,\"holdoutDays\":7}")
                .post("/api/v1/forecasts").then().statusCode(201).extract().jsonPath();
        String id = forecast.getString("forecast.id");
        assertThat(forecast.getString("forecast.startsAt")).isEqualTo("2026-10-26T00:00:00Z");
        // Two weeks of training with Poisson-like noise at these volumes: noise alone gives a WAPE near 0.2.
        assertThat(forecast.getDouble("forecast.wape")).isBetween(0.0, 0.4);
        assertThat(Math.abs(forecast.getDouble("forecast.bias"))).isLessThan(0.1);
        assertThat(forecast.getList("intervals")).hasSize(7 * 48);

        JsonPath read = ApiSecurity.as(Roles.VIEWER).get("/api/v1/forecasts/" + id).then().statusCode(200)
                .extract().jsonPath();
        // Monday noon busier than Saturday noon, and the night quiet.
        double mondayNoon = read.getDouble("intervals[24].contacts");
        double saturdayNoon = read.getDouble("intervals[" + (5 * 48 + 24) + "].contacts");
        double night = read.getDouble("intervals[4].contacts");
        assertThat(mondayNoon).isGreaterThan(2 * saturdayNoon).isGreaterThan(10 * Math.max(night, 0.1));

        JsonPath needs = ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"intervalSeconds\":1800,\"serviceLevelSeconds\":20,\"targetServiceLevel\":0.8,"
                        + "\"shrinkage\":0.3,\"forecastId\":\"" + id + "\"}")
                .post("/api/v1/staffing/requirements").then().statusCode(200).extract().jsonPath();
        assertThat(needs.getList("intervals")).hasSize(7 * 48);
        assertThat(needs.getInt("intervals[24].scheduledAgents")).isGreaterThan(needs.getInt("intervals[24].agents"));
        assertThat(needs.getInt("peakScheduledAgents")).isGreaterThanOrEqualTo(needs.getInt("intervals[24].scheduledAgents"));
    }

    @Test
    void badHistoryChangesNothing() {
        String queue = "queue-" + UUID.randomUUID();
        ApiSecurity.as(Roles.SUPERVISOR).contentType("text/csv").queryParam("intervalSeconds", 1800)
                .body("queue_id,interval_start,contacts,aht_seconds\n" + queue + ",2026-10-05T00:00:00Z,4,200\n"
                        + queue + ",not-a-time,4,200\n")
                .post("/api/v1/forecasts/history").then().statusCode(400)
                .body("errors[0].field", equalTo("line 3"));
        ApiSecurity.as(Roles.VIEWER).queryParam("queueId", queue).queryParam("intervalSeconds", 1800)
                .queryParam("from", "2026-10-01T00:00:00Z").queryParam("to", "2026-10-10T00:00:00Z")
                .get("/api/v1/forecasts/history").then().statusCode(200).body("size()", equalTo(0));
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"queueId\":\"" + queue + "\",\"intervalSeconds\":1800,\"horizonDays\":7}")
                .post("/api/v1/forecasts").then().statusCode(409);
    }
}
