package io.connectops.incidents.console;

import static io.connectops.incidents.IncidentApi.BASE;

import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

import io.connectops.contracts.Actor;
import io.connectops.contracts.Severity;
import io.connectops.incidents.IncidentApi;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.service.IncidentService;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.console.ConsoleBrowser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * How long each console page takes to load in Chromium with at least 1,000 incidents in the database (it opens the
 * ones missing). Run it on its own: {@code cd incidents && ../mvnw -B -o verify -Dtest=ConsolePageLoadBenchmark}
 * ({@code -Dbenchmark.rounds=20}). It prints the median and the slowest of the rounds for each page, measured by the
 * browser from the request to the page's load event (the timeline poll: the fetch alone).
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ConsolePageLoadBenchmark {

    private static final int INCIDENTS = 1000;

    @TestHTTPResource("/")
    URL base;

    @Inject
    IncidentService incidents;

    private void ensureIncidents() {
        long present = ((Number) IncidentApi.viewer().queryParam("size", 1).get(BASE).then().statusCode(200)
                .extract().path("total")).longValue();
        Actor actor = new Actor("sub-benchmark", "benchmark");
        for (long missing = INCIDENTS - present; missing > 0; missing -= 100) {
            long batch = Math.min(100, missing);
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < batch; i++) {
                    incidents.openNew("Benchmark incident " + UUID.randomUUID(), "Opened for the page-load benchmark",
                            Severity.values()[i % Severity.values().length], "None", List.of("q-benchmark-" + (i % 20)),
                            List.of("voice"), null, Incident.Source.MANUAL, null, actor, incident -> { });
                }
            });
        }
    }

    @Test
    void consolePagesLoadWithAThousandIncidents() throws Exception {
        ensureIncidents();
        String id = IncidentApi.open("P2", "q-" + UUID.randomUUID());
        for (int i = 0; i < 20; i++) {
            IncidentApi.manager().body("{\"text\":\"Benchmark note " + i + "\"}").post(BASE + "/" + id + "/notes")
                    .then().statusCode(201);
        }
        long total = ((Number) IncidentApi.viewer().queryParam("size", 1).get(BASE).then().extract().path("total"))
                .longValue();
        int rounds = Integer.getInteger("benchmark.rounds", 10);
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("list, first page of 50", "/incidents");
        pages.put("list, 200 a page", "/incidents?size=200");
        pages.put("list, filtered (TRIAGE, P3, text)", "/incidents?status=TRIAGE&severity=P3&q=benchmark");
        pages.put("list, page 10", "/incidents?page=10");
        pages.put("incident page (20 timeline entries)", "/incidents/" + id);
        try (ConsoleBrowser browser = new ConsoleBrowser(base)) {
            browser.open("/incidents/" + id);
            browser.signIn(ConsolePeople.MANAGER);
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            StringBuilder report = new StringBuilder("Console page loads with " + total + " incidents, " + rounds
                    + " rounds (median / slowest, ms):\n");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                List<Double> times = new ArrayList<>();
                for (int round = -2; round < rounds; round++) {
                    browser.open(page.getValue());
                    double took = ((Number) js.executeScript("var n = performance.getEntriesByType('navigation')[0];"
                            + "return n.loadEventEnd - n.startTime;")).doubleValue();
                    if (round >= 0) {
                        times.add(took);
                    }
                }
                report.append(line(page.getKey(), times));
            }
            browser.open("/incidents/" + id);
            List<Double> polls = new ArrayList<>();
            for (int round = -2; round < rounds; round++) {
                double took = ((Number) js.executeAsyncScript("var done = arguments[0]; var t = performance.now();"
                        + "fetch('/incidents/" + id + "/timeline').then(r => r.text())"
                        + ".then(() => done(performance.now() - t));")).doubleValue();
                if (round >= 0) {
                    polls.add(took);
                }
            }
            report.append(line("timeline poll (fragment)", polls));
            System.out.println(report);
        }
    }

    private static String line(String page, List<Double> times) {
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return String.format("  %-40s %6.0f / %6.0f%n", page, sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1));
    }
}
