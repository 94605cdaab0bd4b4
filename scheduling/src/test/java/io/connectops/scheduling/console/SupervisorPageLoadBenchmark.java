package io.connectops.scheduling.console;

import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import io.connectops.contracts.AgentStateChanged;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.connectops.platform.testing.console.ConsoleBrowser;
import io.connectops.scheduling.adherence.AgentState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * How long the supervisor page takes to load in Chromium for a group of 150 agents with a day of status changes
 * (25 each), beside a bare request (the page's stylesheet, through the same server and session) and the API's
 * adherence of the same group. Run it on its own: {@code cd scheduling && ../mvnw -B -o verify
 * -Dtest=SupervisorPageLoadBenchmark} ({@code -Dbenchmark.rounds=20}, {@code -Dbenchmark.agents=150}). It prints the
 * median and the slowest of the rounds in ms: page loads from the request to the load event, fetches to the last byte.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SupervisorPageLoadBenchmark {

    private static final String[] STATUSES = {"Available", "After contact work", "Available", "Lunch", "Available",
        "Training"};

    @TestHTTPResource("/")
    URL base;

    @Test
    void supervisorPageLoadsForALargeGroup() {
        int agents = Integer.getInteger("benchmark.agents", 150);
        int rounds = Integer.getInteger("benchmark.rounds", 10);
        SupervisorScenario scenario = SupervisorScenario.seed(agents, agents / 8.0);
        // The day so far: a status change every 15 minutes from 06:00 until the last one, 20 minutes ago.
        int history = 0;
        for (int i = 0; i < agents; i++) {
            for (int step = 0; step < 25; step++) {
                var at = scenario.dayStart.plusSeconds(6 * 3600 + step * 900L);
                if (!at.isBefore(scenario.now.minusSeconds(1500))) {
                    break;
                }
                String connectId = scenario.connectId(i);
                TestKafka.send(Topics.AGENT_EVENTS, connectId, CloudEvent.of("/benchmark", AgentStateChanged.TYPE,
                        connectId, new AgentStateChanged("inst-" + scenario.suffix, connectId, connectId, null,
                                STATUSES[step % STATUSES.length], "ROUTABLE", at)));
                history++;
            }
        }
        long expected = agents + history;
        await().atMost(Duration.ofMinutes(5)).until(() -> QuarkusTransaction.requiringNew().call(
                () -> AgentState.count("connectId like ?1", "sup-" + scenario.suffix + "-%")) >= expected);

        String page = "/supervisor?group=" + scenario.groupId;
        try (ConsoleBrowser browser = new ConsoleBrowser(base)) {
            ChromeDriver driver = browser.driver;
            browser.open(page);
            browser.signIn(ConsolePeople.SUPERVISOR);
            JavascriptExecutor js = (JavascriptExecutor) driver;
            List<Double> loads = new ArrayList<>();
            List<Double> pageFetches = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            List<Double> api = new ArrayList<>();
            for (int round = -2; round < rounds; round++) {
                driver.get(base.toString().replaceAll("/$", "") + page);
                double load = ((Number) js.executeScript("var n = performance.getEntriesByType('navigation')[0];"
                        + "return n.loadEventEnd - n.startTime;")).doubleValue();
                double fetched = fetch(js, page);
                double css = fetch(js, "/console/supervisor.css?round=" + round);
                long started = System.nanoTime();
                ApiSecurity.as(Roles.VIEWER).queryParam("groupId", scenario.groupId).get("/api/v1/adherence").then()
                        .statusCode(200);
                double json = (System.nanoTime() - started) / 1e6;
                if (round >= 0) {
                    loads.add(load);
                    pageFetches.add(fetched);
                    bare.add(css);
                    api.add(json);
                }
            }
            System.out.println("Supervisor page, " + agents + " agents, " + expected + " status changes, " + rounds
                    + " rounds (median / slowest, ms):\n"
                    + line("page load in Chromium (to load event)", loads)
                    + line("page fetch (HTML only)", pageFetches)
                    + line("bare request (stylesheet fetch)", bare)
                    + line("API GET /api/v1/adherence (RestAssured)", api));
        }
    }

    private static double fetch(JavascriptExecutor js, String path) {
        return ((Number) js.executeAsyncScript("var done = arguments[0]; var t = performance.now();"
                + "fetch('" + path + "', {cache: 'no-store'}).then(r => r.text())"
                + ".then(() => done(performance.now() - t));")).doubleValue();
    }

    private static String line(String what, List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return String.format("  %-42s %6.0f / %6.0f%n", what, sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1));
    }
}
