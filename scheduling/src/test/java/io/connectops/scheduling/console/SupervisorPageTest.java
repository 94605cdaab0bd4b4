package io.connectops.scheduling.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestTokens;
import io.connectops.platform.testing.console.ConsoleLoginProvider;
import io.connectops.scheduling.staffing.ErlangC;
import io.connectops.scheduling.staffing.QueueLoad;
import io.connectops.scheduling.staffing.QueuePerformance;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The supervisor page shows the seeded day of a group ({@link SupervisorScenario}) section by section, behind the
 * provider's sign-in, while the API stays bearer-only.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SupervisorPageTest {

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    private static String asa(QueuePerformance performance) {
        return performance.asaSeconds() == null ? "overloaded"
                : String.format(Locale.ROOT, "%.1f s", performance.asaSeconds());
    }

    private static List<String> cells(Element row) {
        return row.select("th, td").eachText();
    }

    private static Instant at(SupervisorScenario scenario, String clock) {
        return scenario.dayStart.plusSeconds(LocalTime.parse(clock).toSecondOfDay());
    }

    @Test
    void eachSectionShowsTheSeededDayOfTheGroup() {
        SupervisorScenario scenario = SupervisorScenario.seed(8);
        String path = "/supervisor?group=" + scenario.groupId;
        Instant before = Instant.now();
        Document page = PageSession.signIn(ConsolePeople.SUPERVISOR, path).page(path);
        Instant after = Instant.now();

        assertThat(page.getElementById("group").text()).isEqualTo("group-" + scenario.suffix);
        assertThat(page.getElementById("queues").text()).isEqualTo("q-" + scenario.suffix);
        assertThat(page.select("#group-choice option[selected]").attr("value")).isEqualTo(scenario.groupId);

        // Now: the current interval's requirement, the agents scheduled on it, and the agents Available.
        String nowInterval = page.getElementById("now-interval").text();
        Instant current = at(scenario, nowInterval.substring(0, 5));
        assertThat(current).isBetween(StaffingBoard.intervalOf(before, 30), StaffingBoard.intervalOf(after, 30));
        int available = (int) scenario.availableCount();
        assertThat(available).isEqualTo(6);
        assertThat(page.getElementById("now-required").text()).isEqualTo(String.valueOf(scenario.required(current)));
        assertThat(page.getElementById("now-scheduled").text())
                .isEqualTo(String.valueOf(scenario.scheduled(current)));
        assertThat(page.getElementById("now-available").text()).isEqualTo("6");
        assertThat(page.getElementById("now-gap").text())
                .isEqualTo(String.valueOf(available - scenario.required(current)));
        QueueLoad nowLoad = scenario.load(current);
        if (nowLoad == null) {
            assertThat(page.getElementById("now").text()).contains("No forecast load for this interval");
        } else {
            List<List<String>> power = page.select("#power-of-one tbody tr").stream()
                    .map(SupervisorPageTest::cells).toList();
            assertThat(power).hasSize(3);
            int[] heads = {available - 1, available, available + 1};
            for (int i = 0; i < 3; i++) {
                QueuePerformance expected = ErlangC.evaluate(nowLoad, heads[i]);
                assertThat(power.get(i)).containsExactly(List.of("One less", "Available now", "One more").get(i),
                        String.valueOf(heads[i]), percent(expected.serviceLevel()), asa(expected),
                        percent(expected.occupancy()));
            }
        }

        // Staffing: every interval with agents required or scheduled, with the power of one on the scheduled.
        Map<String, Element> rows = page.select("#staffing tbody tr").stream()
                .collect(Collectors.toMap(row -> row.attr("data-start"), Function.identity()));
        long expectedRows = IntStream.range(0, 48)
                .mapToObj(slot -> scenario.dayStart.plusSeconds(slot * 1800L))
                .filter(start -> scenario.required(start) > 0 || scenario.scheduled(start) > 0).count();
        assertThat(rows).hasSize((int) expectedRows);
        for (String clock : List.of("06:00", "09:00", "12:30", "16:00", "21:30")) {
            Instant start = at(scenario, clock);
            int required = scenario.required(start);
            int scheduled = scenario.scheduled(start);
            QueueLoad load = scenario.load(start);
            List<String> expected = load == null
                    ? List.of(clock, "" + required, "" + scheduled, "" + (scheduled - required), "—", "—", "—", "—",
                            "—", "—")
                    : List.of(clock, "" + required, "" + scheduled, "" + (scheduled - required),
                            scheduled == 0 ? "—" : percent(ErlangC.evaluate(load, scheduled - 1).serviceLevel()),
                            percent(ErlangC.evaluate(load, scheduled).serviceLevel()),
                            percent(ErlangC.evaluate(load, scheduled + 1).serviceLevel()),
                            scheduled == 0 ? "—" : asa(ErlangC.evaluate(load, scheduled - 1)),
                            asa(ErlangC.evaluate(load, scheduled)), asa(ErlangC.evaluate(load, scheduled + 1)));
            assertThat(cells(rows.get(clock))).as(clock).containsExactlyElementsOf(expected);
        }
        // 09:00: Amira and Farid (06:00) and Ben and Grace (08:00) are on; 20.2 contacts (3.4 Erlangs) need 6 at 80/20.
        assertThat(cells(rows.get("09:00")).subList(1, 4)).containsExactly("6", "4", "-2");
        // The current interval is marked when it has a row; out of hours (no agent required or scheduled) none is.
        Element currentRow = rows.get(nowInterval.substring(0, 5));
        if (scenario.required(current) > 0 || scenario.scheduled(current) > 0) {
            assertThat(currentRow.hasClass("current")).isTrue();
        } else {
            assertThat(currentRow).isNull();
            assertThat(page.select("#staffing tbody tr.current")).isEmpty();
        }

        // Shifts: each agent's shift and break today, earliest first.
        List<List<String>> shifts = page.select("#schedules tbody tr").stream().map(SupervisorPageTest::cells)
                .toList();
        assertThat(shifts).hasSize(8);
        assertThat(shifts.get(0).subList(0, 3)).containsExactly("Amira Haddad", "06:00–14:00", "lunch 10:00–10:30");
        assertThat(shifts.get(1).subList(0, 3)).containsExactly("Farid Benali", "06:00–14:00", "lunch 10:00–10:30");
        assertThat(shifts.get(7).subList(0, 3)).containsExactly("Elena Rossi", "14:00–22:00", "lunch 18:00–18:30");

        // Adherence now: the same as the API says, each agent in the status their last change put them in.
        JsonPath api = ApiSecurity.as(Roles.VIEWER).queryParam("groupId", scenario.groupId).get("/api/v1/adherence")
                .then().statusCode(200).extract().jsonPath();
        Map<String, List<String>> agents = page.select("#adherence tbody tr").stream().map(SupervisorPageTest::cells)
                .collect(Collectors.toMap(cells -> cells.get(0), Function.identity()));
        assertThat(agents).hasSize(8);
        for (int i = 0; i < 8; i++) {
            List<String> row = agents.get(scenario.names.get(i));
            assertThat(row.get(1)).as(scenario.names.get(i))
                    .isEqualTo(SupervisorScenario.available(i) ? "Available" : "Offline");
            assertThat(row.get(2)).isEqualTo(api.getString("agents.find { it.name == '" + scenario.names.get(i)
                    + "' }.scheduledActivityNow"));
        }
        assertThat(page.getElementById("out-of-adherence").text())
                .isEqualTo(String.valueOf(api.getList("outOfAdherence").size()));
        assertThat(page.select("#adherence tr.out")).hasSize(api.getList("outOfAdherence").size());

        // Ops tasks: today's checklist with its ticked item, and yesterday's leftover marked overdue.
        Element due = page.selectFirst("#tasks article[data-task=" + scenario.dueTaskId + "]");
        assertThat(due.selectFirst("h3").text()).startsWith("Start-of-day checklist " + scenario.suffix)
                .doesNotContain("OVERDUE");
        assertThat(due.text()).contains("1 of 3 done");
        assertThat(due.select("li.done").eachText()).containsExactly("Queues green (sam.supervisor)");
        assertThat(due.select("li.open").eachText()).containsExactly("Staffing checked", "Wallboard on");
        assertThat(due.select("li.done input[type=checkbox]").eachAttr("checked")).containsExactly("");
        assertThat(due.select("li.open input[type=checkbox][checked]")).isEmpty();
        Element leftover = page.selectFirst("#tasks article[data-task=" + scenario.leftoverTaskId + "]");
        assertThat(leftover.hasClass("overdue")).isTrue();
        assertThat(leftover.selectFirst("h3").text()).contains("OVERDUE");

        // Maintenance: the running window, then the one to come.
        List<String> windows = page.select("#maintenance tbody tr").eachText();
        int running = indexOf(windows, "Carrier failover test " + scenario.suffix);
        int planned = indexOf(windows, "IVR release " + scenario.suffix);
        assertThat(running).isNotNegative().isLessThan(planned);
        assertThat(page.select("#maintenance tbody tr").get(running).hasClass("active")).isTrue();
        assertThat(windows.get(running)).contains("IN_PROGRESS").contains("q-" + scenario.suffix)
                .contains("telephony team");
        assertThat(windows.get(planned)).contains("ANNOUNCED");
    }

    private static int indexOf(List<String> rows, String text) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void thePageNeedsASignInWhileTheApiStaysBearerOnly() {
        // No session: the page sends the browser to the provider; a bearer token does not sign in to it.
        RestAssured.given().redirects().follow(false).get("/supervisor").then().statusCode(302)
                .header("Location", containsString(ConsoleLoginProvider.get().issuer()
                        + "/protocol/openid-connect/auth"));
        RestAssured.given().redirects().follow(false)
                .header("Authorization", TestTokens.bearer(TestTokens.forUser("sam.supervisor", Roles.SUPERVISOR)))
                .get("/supervisor").then().statusCode(302);
        // The API never redirects to a login page, and takes the bearer token.
        RestAssured.given().redirects().follow(false).get("/api/v1/staffing-groups").then().statusCode(401);
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/staffing-groups").then().statusCode(200);

        // Signed in: a viewer reads the page; a person without a scheduling role is refused.
        assertThat(PageSession.signIn(ConsolePeople.VIEWER, "/supervisor").page("/supervisor")
                .getElementById("tasks")).isNotNull();
        PageSession ingest = PageSession.signIn(ConsolePeople.INGEST, "/supervisor");
        assertThat(ingest.get("/supervisor").statusCode()).isEqualTo(403);
    }

    @Test
    void anUnknownGroupIsANotFoundPageNamingIt() {
        PageSession session = PageSession.signIn(ConsolePeople.VIEWER, "/supervisor");
        String missing = UUID.randomUUID().toString();
        var response = session.get("/supervisor?group=" + missing);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.asString()).contains(missing).contains("role=\"alert\"");
    }
}
