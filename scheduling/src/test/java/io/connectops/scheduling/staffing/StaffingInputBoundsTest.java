package io.connectops.scheduling.staffing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.scheduling.common.LoadBounds;
import io.connectops.scheduling.forecast.Forecast;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The staffing maths are open to viewers, so no input may hold a worker (hardening W4): out-of-range or non-finite
 * input is a 400 naming the field, and the largest accepted inputs answer within a second. Times are measured
 * after a warm-up and printed; the one-second bound is the issue's, generous against the 0.6 s worst case.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StaffingInputBoundsTest {

    private static final String ERLANG = "/api/v1/staffing/erlang-c";
    private static final String REQUIREMENTS = "/api/v1/staffing/requirements";
    private static final long ONE_SECOND_MS = 1000;

    private String bigForecastId;
    private final LocalDate day = LocalDate.of(2031, 3, 3);

    /** 96 quarter-hours of 100,000 contacts at 300 s: 33,333 Erlangs each, the busiest day a forecast may hold. */
    @BeforeAll
    void aForecastOfTheLargestTraffic() {
        Forecast forecast = new Forecast();
        forecast.id = UUID.randomUUID();
        forecast.queueId = "bounds-" + forecast.id;
        forecast.intervalSeconds = 900;
        forecast.startsAt = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        forecast.method = "TEST";
        forecast.contacts = new double[96];
        forecast.ahtSeconds = new double[96];
        for (int i = 0; i < 96; i++) {
            forecast.contacts[i] = 100_000 + i;
        }
        Arrays.fill(forecast.ahtSeconds, 300.0);
        forecast.createdBy = "test";
        forecast.createdAt = Instant.now();
        QuarkusTransaction.requiringNew().run(forecast::persist);
        bigForecastId = forecast.id.toString();
    }

    private static Response post(String path, String body) {
        return ApiSecurity.as(Roles.VIEWER).contentType("application/json").body(body).post(path);
    }

    private static void refused(String path, String body, String field) {
        post(path, body).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field));
    }

    /** Answers 200 after one warm-up call; returns the fastest of three measured calls, printed with all three. */
    private static long printed(String what, String path, String body) {
        post(path, body).then().statusCode(200);
        long fastest = Long.MAX_VALUE;
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            Response response = post(path, body);
            long millis = (System.nanoTime() - started) / 1_000_000;
            response.then().statusCode(200);
            fastest = Math.min(fastest, millis);
            all.append(i == 0 ? "" : ", ").append(millis);
        }
        System.out.printf("StaffingInputBoundsTest: %-66s fastest %5d ms (%s)%n", what, fastest, all);
        return fastest;
    }

    /**
     * The fastest of three measured calls, after a warm-up, is within a second. The fastest, because this machine
     * is shared: a slow call can be another build's, never the fastest.
     */
    private static void answersWithinASecond(String what, String path, String body) {
        assertThat(printed(what, path, body)).as(what).isLessThan(ONE_SECOND_MS);
    }

    @Test
    void theFourProbesOfTheHardeningStudyAreRefusedNamingTheirField() {
        // 1e400 parses to Infinity.
        refused(ERLANG, "{\"contacts\":1e400,\"intervalSeconds\":900,\"ahtSeconds\":300,\"serviceLevelSeconds\":20,"
                + "\"targetServiceLevel\":0.8}", "contacts");
        // Traffic above 2³¹ Erlangs overflowed the int the search started from.
        refused(ERLANG, "{\"contacts\":1e12,\"intervalSeconds\":1,\"ahtSeconds\":1e6,\"serviceLevelSeconds\":20,"
                + "\"targetServiceLevel\":0.8}", "ahtSeconds");
        refused(ERLANG, "{\"contacts\":1e12,\"intervalSeconds\":1,\"ahtSeconds\":1e6,\"serviceLevelSeconds\":20,"
                + "\"targetServiceLevel\":0.8}", "contacts");
        // 10⁸ Erlangs to a target of 1: hours of Erlang B.
        refused(ERLANG, "{\"contacts\":100000000,\"intervalSeconds\":900,\"ahtSeconds\":900,\"serviceLevelSeconds\":0,"
                + "\"targetServiceLevel\":1}", "contacts");
        // A patience of 30 years on an overloaded queue grew the Erlang A chain until the heap ran out.
        refused(ERLANG, "{\"contacts\":1000,\"intervalSeconds\":900,\"ahtSeconds\":300,\"serviceLevelSeconds\":20,"
                + "\"agents\":1,\"patienceSeconds\":1e9}", "patienceSeconds");
    }

    @Test
    void eachFieldOfAnErlangRequestIsBoundedOnBothSides() {
        String base = "\"intervalSeconds\":900,\"targetServiceLevel\":0.8";
        refused(ERLANG, "{\"contacts\":-1,\"ahtSeconds\":300,\"serviceLevelSeconds\":20," + base + "}", "contacts");
        refused(ERLANG, "{\"contacts\":1e10,\"ahtSeconds\":300,\"serviceLevelSeconds\":20," + base + "}", "contacts");
        refused(ERLANG, "{\"contacts\":100,\"ahtSeconds\":0.001,\"serviceLevelSeconds\":20," + base + "}", "ahtSeconds");
        refused(ERLANG, "{\"contacts\":100,\"ahtSeconds\":1e400,\"serviceLevelSeconds\":20," + base + "}", "ahtSeconds");
        refused(ERLANG, "{\"contacts\":100,\"ahtSeconds\":300,\"serviceLevelSeconds\":1e400," + base + "}",
                "serviceLevelSeconds");
        // A threshold longer than the interval says nothing about the interval.
        refused(ERLANG, "{\"contacts\":100,\"ahtSeconds\":300,\"serviceLevelSeconds\":901," + base + "}",
                "serviceLevelSeconds");
        refused(ERLANG, "{\"contacts\":100,\"ahtSeconds\":300,\"serviceLevelSeconds\":20,\"patienceSeconds\":0.01,"
                + base + "}", "patienceSeconds");
        refused(ERLANG, "{\"contacts\":100,\"ahtSeconds\":300,\"serviceLevelSeconds\":20,\"patienceSeconds\":86401,"
                + base + "}", "patienceSeconds");
        refused(ERLANG, "{\"contacts\":100,\"ahtSeconds\":300,\"serviceLevelSeconds\":20,\"shrinkage\":0.999,"
                + base + "}", "shrinkage");
        refused(ERLANG, "{\"contacts\":100,\"intervalSeconds\":900,\"ahtSeconds\":300,\"serviceLevelSeconds\":20,"
                + "\"agents\":100001}", "agents");
        refused(ERLANG, "{\"contacts\":100,\"intervalSeconds\":86401,\"ahtSeconds\":300,\"serviceLevelSeconds\":20,"
                + "\"agents\":10}", "intervalSeconds");
        // Just above 10⁵ Erlangs: 300,003 contacts of 300 s in 900 s.
        refused(ERLANG, "{\"contacts\":300003,\"ahtSeconds\":300,\"serviceLevelSeconds\":20," + base + "}", "contacts");
    }

    @Test
    void anErlangALoadBeyondTheComputationOfOneRequestIsRefusedNamingThePatience() {
        // Every field in range, but 100,000 Erlangs of one-second calls under Erlang A is a chain of 10⁵ states
        // solved over 900 s of uniformization steps.
        refused(ERLANG, "{\"contacts\":9e7,\"intervalSeconds\":900,\"ahtSeconds\":1,\"serviceLevelSeconds\":900,"
                + "\"targetServiceLevel\":0.8,\"patienceSeconds\":86400}", "patienceSeconds");
        refused(ERLANG, "{\"contacts\":9e7,\"intervalSeconds\":900,\"ahtSeconds\":1,\"serviceLevelSeconds\":20,"
                + "\"agents\":1,\"patienceSeconds\":10000}", "patienceSeconds");
    }

    @Test
    void theLargestAcceptedErlangRequestsAnswerWithinASecond() {
        // 10⁵ Erlangs to a target of 1 with a zero threshold: the longest Erlang C search.
        answersWithinASecond("Erlang C search, 100,000 Erlangs, target 1",
                ERLANG, "{\"contacts\":300000,\"intervalSeconds\":900,\"ahtSeconds\":300,\"serviceLevelSeconds\":0,"
                        + "\"targetServiceLevel\":1,\"shrinkage\":0.99}");
        answersWithinASecond("Erlang C evaluation, 100,000 agents on 99,999 Erlangs",
                ERLANG, "{\"contacts\":299997,\"intervalSeconds\":900,\"ahtSeconds\":300,\"serviceLevelSeconds\":900,"
                        + "\"agents\":100000}");
        answersWithinASecond("Erlang C evaluation, 100,000 agents on 1 contact",
                ERLANG, "{\"contacts\":1,\"intervalSeconds\":86400,\"ahtSeconds\":86400,\"serviceLevelSeconds\":86400,"
                        + "\"agents\":100000}");
        // Probe 4 at the longest patience accepted: the overloaded chain is 96,000 states long.
        answersWithinASecond("Erlang A, 1 agent, 1,000 contacts, a day's patience",
                ERLANG, "{\"contacts\":1000,\"intervalSeconds\":900,\"ahtSeconds\":300,\"serviceLevelSeconds\":20,"
                        + "\"agents\":1,\"patienceSeconds\":86400}");
        answersWithinASecond("Erlang A search, 1,000 Erlangs, a day's patience, 900 s threshold",
                ERLANG, "{\"contacts\":3000,\"intervalSeconds\":900,\"ahtSeconds\":300,\"serviceLevelSeconds\":900,"
                        + "\"targetServiceLevel\":0.8,\"patienceSeconds\":86400}");
        // Under Erlang A a target of 1 may never be reached in double precision; the search still ends.
        post(ERLANG, "{\"contacts\":3000,\"intervalSeconds\":900,\"ahtSeconds\":300,\"serviceLevelSeconds\":20,"
                + "\"targetServiceLevel\":1,\"patienceSeconds\":300}").then().statusCode(200);
    }

    private static String intervals(int count, double contacts, double ahtSeconds) {
        StringBuilder body = new StringBuilder("[");
        Instant start = Instant.parse("2031-01-06T00:00:00Z");
        for (int i = 0; i < count; i++) {
            // Each interval its own load, so that none is answered from another's solution.
            body.append(i == 0 ? "" : ",").append("{\"start\":\"").append(start.plusSeconds(900L * i))
                    .append("\",\"contacts\":").append(contacts + i * 0.001).append(",\"ahtSeconds\":")
                    .append(ahtSeconds).append('}');
        }
        return body.append(']').toString();
    }

    @Test
    void requirementsAreBoundedPerIntervalAndPerRequest() {
        String head = "{\"intervalSeconds\":900,\"serviceLevelSeconds\":20,\"targetServiceLevel\":0.8,";
        refused(REQUIREMENTS, head + "\"intervals\":[{\"start\":\"2031-01-06T00:00:00Z\",\"contacts\":1e400,"
                + "\"ahtSeconds\":300}]}", "intervals[0].contacts");
        refused(REQUIREMENTS, head + "\"intervals\":[{\"start\":\"2031-01-06T00:00:00Z\",\"contacts\":100,"
                + "\"ahtSeconds\":300},{\"start\":\"2031-01-06T00:15:00Z\",\"contacts\":400000,\"ahtSeconds\":300}]}",
                "intervals[1].contacts");
        refused(REQUIREMENTS, "{\"intervalSeconds\":900,\"serviceLevelSeconds\":901,\"targetServiceLevel\":0.8,"
                + "\"intervals\":" + intervals(1, 100, 300) + "}", "serviceLevelSeconds");
        // More intervals than one request takes (three weeks of 15-minute intervals).
        refused(REQUIREMENTS, head + "\"intervals\":" + intervals(LoadBounds.MAX_INTERVALS + 1, 100, 300) + "}",
                "intervals");
        // Under Erlang A the budget allows fewer intervals than the cap; the refusal names the patience.
        refused(REQUIREMENTS, head + "\"patienceSeconds\":300,\"intervals\":" + intervals(2000, 3000, 300) + "}",
                "patienceSeconds");
        // The largest accepted: 2,000 intervals at 1,000 Erlangs, and the same with next to no traffic, whose time
        // is all JSON.
        answersWithinASecond("requirements, 2,000 intervals of next to no traffic (Erlang C)",
                REQUIREMENTS, head + "\"intervals\":" + intervals(2000, 0, 300) + "}");
        answersWithinASecond("requirements, 2,000 intervals of 1,000 Erlangs (Erlang C)",
                REQUIREMENTS, head + "\"shrinkage\":0.3,\"intervals\":" + intervals(2000, 3000, 300) + "}");
        answersWithinASecond("requirements, 200 intervals of 100 Erlangs (Erlang A, 300 s patience)",
                REQUIREMENTS, head + "\"patienceSeconds\":300,\"intervals\":" + intervals(200, 300, 300) + "}");
    }

    @Test
    void aReforecastIsBoundedAndItsLargestAcceptedLoadAnswersWithinASecond() {
        String reforecast = "/api/v1/forecasts/" + bigForecastId + "/reforecast";
        String asOf = day.atTime(12, 0).toInstant(ZoneOffset.UTC).toString();
        String date = "{\"date\":\"" + day + "\",";
        String head = date + "\"asOf\":\"" + asOf + "\",\"targetServiceLevel\":0.8,";
        refused(reforecast, "{\"date\":\"+999999999-12-31\",\"serviceLevelSeconds\":20,\"targetServiceLevel\":0.8}",
                "date");
        refused(reforecast, head + "\"serviceLevelSeconds\":901}", "serviceLevelSeconds");
        refused(reforecast, date + "\"targetServiceLevel\":0.8,\"serviceLevelSeconds\":20,"
                + "\"asOf\":\"+294277-01-01T00:00:00Z\"}", "asOf");
        refused(reforecast, head + "\"serviceLevelSeconds\":20,\"actuals\":[{\"start\":\"" + day.atStartOfDay()
                .toInstant(ZoneOffset.UTC) + "\",\"contacts\":1e400,\"ahtSeconds\":300}]}", "actuals[0].contacts");
        // Actuals four times the forecast make the rest of the day 133,000 Erlangs an interval.
        refused(reforecast, head + "\"serviceLevelSeconds\":20,\"actuals\":" + actuals(4.0) + "}", "actuals");
        // Actuals 2.9 times the forecast: 96,700 Erlangs, every remaining interval staffed twice.
        answersWithinASecond("reforecast, 48 intervals of ~97,000 Erlangs",
                reforecast, date + "\"asOf\":\"" + asOf + "\",\"serviceLevelSeconds\":900,\"targetServiceLevel\":1,"
                        + "\"actuals\":"
                        + actuals(2.9) + "}");
    }

    /** The morning's 48 quarter-hours at {@code ratio} times the forecast. */
    private String actuals(double ratio) {
        StringBuilder body = new StringBuilder("[");
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (int i = 0; i < 48; i++) {
            body.append(i == 0 ? "" : ",").append("{\"start\":\"").append(start.plusSeconds(900L * i))
                    .append("\",\"contacts\":").append((100_000 + i) * ratio).append(",\"ahtSeconds\":300}");
        }
        return body.append(']').toString();
    }
}
