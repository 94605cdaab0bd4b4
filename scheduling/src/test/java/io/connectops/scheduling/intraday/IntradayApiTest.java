package io.connectops.scheduling.intraday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.scheduling.forecast.Forecast;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.roster.ScheduleApiTest;
import io.connectops.scheduling.roster.ScheduledShift;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IntradayApiTest {

    /** 100 contacts of 300 s every half hour all day; 80/20 needs 21 agents for that (A = 16.67) and 30 for 150. */
    private static String forecast(String queue, LocalDate day) {
        Forecast forecast = new Forecast();
        forecast.id = UUID.randomUUID();
        forecast.queueId = queue;
        forecast.intervalSeconds = 1800;
        forecast.startsAt = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        forecast.method = "TEST";
        forecast.contacts = new double[48];
        forecast.ahtSeconds = new double[48];
        Arrays.fill(forecast.contacts, 100.0);
        Arrays.fill(forecast.ahtSeconds, 300.0);
        forecast.createdBy = "test";
        forecast.createdAt = Instant.now();
        QuarkusTransaction.requiringNew().run(forecast::persist);
        return forecast.id.toString();
    }

    /** 25 agents on the phones 09:00–17:00, published. */
    private static void published(String groupId, LocalDate day) {
        Instant nine = day.atTime(9, 0).toInstant(ZoneOffset.UTC);
        List<ScheduledShift> shifts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            shifts.add(new ScheduledShift(UUID.randomUUID().toString(), day, nine, nine.plusSeconds(8 * 3600),
                    List.of()));
        }
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.groupId = UUID.fromString(groupId);
        schedule.fromDate = day;
        schedule.days = 1;
        schedule.status = Schedule.Status.PUBLISHED;
        schedule.timeLimitSeconds = 1;
        schedule.feasible = true;
        schedule.requirement = List.of();
        schedule.shifts = shifts;
        schedule.createdBy = "test";
        schedule.createdAt = Instant.now();
        schedule.publishedBy = "test";
        schedule.publishedAt = Instant.now();
        QuarkusTransaction.requiringNew().run(schedule::persist);
    }

    @Test
    void reforecastsTheRestOfTheDayAndShowsTheGapAgainstThePublishedSchedule() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        LocalDate day = LocalDate.of(2027, 3, 1).plusDays(Math.floorMod(suffix.hashCode(), 300));
        String forecastId = forecast("intraday-" + suffix, day);
        String groupId = ScheduleApiTest.group(suffix, "");
        published(groupId, day);
        Instant eight = day.atTime(8, 0).toInstant(ZoneOffset.UTC);

        // 150 contacts where 100 were forecast, in the two half hours before 09:00: the rest of the day × 1.5.
        JsonPath view = ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"date\":\"" + day + "\",\"asOf\":\"" + eight.plusSeconds(3600) + "\",\"serviceLevelSeconds\":20,"
                        + "\"targetServiceLevel\":0.8,\"groupId\":\"" + groupId + "\",\"actuals\":["
                        + "{\"start\":\"" + eight + "\",\"contacts\":150,\"ahtSeconds\":300},"
                        + "{\"start\":\"" + eight.plusSeconds(1800) + "\",\"contacts\":150,\"ahtSeconds\":300}]}")
                .post("/api/v1/forecasts/" + forecastId + "/reforecast").then().statusCode(200).extract().jsonPath();

        assertThat(view.getInt("elapsedIntervals")).isEqualTo(2);
        assertThat(view.getDouble("volumeRatio")).isEqualTo(1.5);
        assertThat(view.getDouble("ahtRatio")).isEqualTo(1.0);
        assertThat(view.getDouble("remainingForecastContacts")).isEqualTo(3000.0);
        assertThat(view.getDouble("remainingContacts")).isEqualTo(4500.0);
        assertThat(view.getList("intervals")).hasSize(30);
        assertThat(view.getString("intervals[0].start")).isEqualTo(eight.plusSeconds(3600).toString());
        assertThat(view.getDouble("intervals[0].contacts")).isEqualTo(150.0);
        assertThat(view.getInt("intervals[0].requiredBefore")).isEqualTo(21);
        assertThat(view.getInt("intervals[0].required")).isEqualTo(30);
        assertThat(view.getInt("intervals[0].scheduled")).isEqualTo(25);
        assertThat(view.getInt("intervals[0].gap")).isEqualTo(-5);
        assertThat(view.getInt("intervals[16].scheduled")).isZero();
        assertThat(view.getInt("intervals[16].gap")).isEqualTo(-30);
        // 16 half hours 5 short, then 14 half hours with nobody scheduled.
        assertThat(view.getInt("shortAgentIntervals")).isEqualTo(16 * 5 + 14 * 30);

        // Without inline actuals the contact history recorded so far is the source.
        ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"queueId\":\"intraday-" + suffix + "\",\"intervalSeconds\":1800,\"intervals\":["
                        + "{\"start\":\"" + eight + "\",\"contacts\":50,\"ahtSeconds\":360}]}")
                .post("/api/v1/forecasts/history").then().statusCode(200);
        ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"date\":\"" + day + "\",\"asOf\":\"" + eight.plusSeconds(1800) + "\",\"serviceLevelSeconds\":20,"
                        + "\"targetServiceLevel\":0.8}")
                .post("/api/v1/forecasts/" + forecastId + "/reforecast").then().statusCode(200)
                .body("elapsedIntervals", equalTo(1)).body("volumeRatio", equalTo(0.5f))
                .body("ahtRatio", equalTo(1.2f)).body("intervals[0].contacts", equalTo(50.0f))
                .body("intervals[0].ahtSeconds", equalTo(360.0f)).body("shortAgentIntervals", equalTo(null));
    }

    @Test
    void refusesADayTheForecastDoesNotCoverAndMisalignedActuals() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        LocalDate day = LocalDate.of(2027, 3, 1);
        String forecastId = forecast("intraday-bad-" + suffix, day);
        ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"date\":\"" + day.plusDays(3) + "\",\"serviceLevelSeconds\":20,\"targetServiceLevel\":0.8}")
                .post("/api/v1/forecasts/" + forecastId + "/reforecast").then().statusCode(400)
                .body("errors[0].field", equalTo("date"));
        ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"date\":\"" + day + "\",\"serviceLevelSeconds\":20,\"targetServiceLevel\":0.8,\"actuals\":"
                        + "[{\"start\":\"" + day.atTime(8, 10).toInstant(ZoneOffset.UTC) + "\",\"contacts\":5}]}")
                .post("/api/v1/forecasts/" + forecastId + "/reforecast").then().statusCode(400)
                .body("errors[0].field", equalTo("actuals[0].start"));
        ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"date\":\"" + day + "\",\"serviceLevelSeconds\":20,\"targetServiceLevel\":1.5}")
                .post("/api/v1/forecasts/" + forecastId + "/reforecast").then().statusCode(400);
        ApiSecurity.as(Roles.VIEWER).contentType("application/json")
                .body("{\"date\":\"" + day + "\",\"serviceLevelSeconds\":20,\"targetServiceLevel\":0.8}")
                .post("/api/v1/forecasts/" + UUID.randomUUID() + "/reforecast").then().statusCode(404);
    }
}
