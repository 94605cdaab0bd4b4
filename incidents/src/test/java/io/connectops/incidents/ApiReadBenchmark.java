package io.connectops.incidents;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The read paths of the incident API under {@code wrk} (Debian's package: {@code apt-get install -y wrk}), each beside
 * the bare request of the same JVM in the same run ({@code /q/health/live}, no token, no database): a single incident,
 * the list as {@code bench/run.sh} and the console ask for it (no filter, the default page of 50 full incidents, so its
 * total is counted), the list with a status filter (20 a page) and a timeline (50 entries), with signed viewer tokens
 * verified as in production. Prints requests/s, p50/p99 and the ratio to the bare rate, with the machine's load average; asserts
 * nothing (figures depend on the machine).
 *
 * <p>Run: {@code cd incidents && ../mvnw -B -o verify -Dtest=ApiReadBenchmark} (options:
 * {@code -Dbenchmark.seconds=15 -Dbenchmark.connections=16 -Dbenchmark.threads=2}).
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ApiReadBenchmark {

    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 15);
    private static final int CONNECTIONS = Integer.getInteger("benchmark.connections", 16);
    private static final int THREADS = Integer.getInteger("benchmark.threads", 2);
    private static final int INCIDENTS = 200;
    private static final int TIMELINE_NOTES = 48;

    @TestHTTPResource("/")
    URL root;

    record Figure(String path, double perSecond, double p50, double p99, long errors, double kilobytesPerResponse) {
    }

    @Test
    void readPathsBesideTheBareRequest() throws Exception {
        String queue = "bench-read-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < INCIDENTS; i++) {
            ids.add(i % 4 == 0 ? IncidentApi.inStatus(IncidentStatus.MITIGATING, queue) : IncidentApi.open("P3", queue));
        }
        String withTimeline = ids.get(1);
        for (int i = 0; i < TIMELINE_NOTES; i++) {
            IncidentApi.manager().body("{\"text\":\"Checked the queue dashboard, still elevated (" + i + ")\"}")
                    .post(IncidentApi.BASE + "/" + withTimeline + "/notes").then().statusCode(201);
        }
        String token = TestTokens.bearer(TestTokens.forUser("bench.viewer", Roles.VIEWER));
        String base = root.toString().replaceAll("/$", "");
        Path script = Files.createTempFile("incident-ids", ".lua");
        Files.writeString(script, rotating(ids));

        // Warm-up: every path once for a while, so that the JIT and the pools are where a running service has them.
        for (String path : List.of("/q/health/live", "/api/v1/incidents/" + ids.get(0), "/api/v1/incidents",
                "/api/v1/incidents?status=TRIAGE&size=20", "/api/v1/incidents/" + withTimeline + "/timeline?size=50")) {
            wrk(base + path, token, 5, null);
        }
        String load = loadAverage();
        List<Figure> figures = new ArrayList<>();
        figures.add(wrk(base + "/q/health/live", null, SECONDS, null));
        figures.add(wrk(base + "/api/v1/incidents/{id}", token, SECONDS, script));
        figures.add(wrk(base + "/api/v1/incidents", token, SECONDS, null));
        figures.add(wrk(base + "/api/v1/incidents?status=TRIAGE&size=20", token, SECONDS, null));
        figures.add(wrk(base + "/api/v1/incidents/" + withTimeline + "/timeline?size=50", token, SECONDS, null));
        figures.add(wrk(base + "/q/health/live", null, SECONDS, null));
        String loadAfter = loadAverage();

        double bare = (figures.get(0).perSecond() + figures.get(figures.size() - 1).perSecond()) / 2;
        System.out.printf(Locale.ROOT, "%nApiReadBenchmark: wrk -t%d -c%d -d%ds, %d incidents, load average before %s,"
                + " after %s, %d cores%n", THREADS, CONNECTIONS, SECONDS, INCIDENTS, load, loadAfter,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  %-58s %10s %8s %8s %7s %8s %6s%n", "path", "req/s", "p50 ms", "p99 ms",
                "x bare", "KB/resp", "errors");
        for (Figure figure : figures) {
            System.out.printf(Locale.ROOT, "  %-58s %10.0f %8.2f %8.2f %7.2f %8.1f %6d%n", figure.path(),
                    figure.perSecond(), figure.p50(), figure.p99(), figure.perSecond() / bare,
                    figure.kilobytesPerResponse(), figure.errors());
        }
        Files.deleteIfExists(script);
    }

    /** A wrk script that asks for each incident in turn, so that every request reads another row. */
    private static String rotating(List<String> ids) {
        StringBuilder lua = new StringBuilder("ids = {");
        for (String id : ids) {
            lua.append('"').append(id).append("\",");
        }
        lua.append("}\ncounter = 0\nrequest = function()\n  counter = counter + 1\n"
                + "  return wrk.format(nil, \"/api/v1/incidents/\" .. ids[(counter % #ids) + 1])\nend\n");
        return lua.toString();
    }

    private static Figure wrk(String url, String token, int seconds, Path script) throws Exception {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + seconds + "s",
                "--latency", "--timeout", "5s"));
        if (token != null) {
            command.addAll(List.of("-H", "Authorization: " + token));
        }
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(script != null ? url.replace("{id}", "") : url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + output);
        }
        String path = url.replaceFirst("^https?://[^/]+", "");
        double perSecond = number(output, "Requests/sec:\\s+([\\d.]+)");
        return new Figure(path, perSecond, millis(output, "50%"), millis(output, "99%"), errors(output),
                kilobytes(output) / perSecond);
    }

    private static double number(String output, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in wrk's output: " + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static double millis(String output, String percentile) {
        Matcher matcher = Pattern.compile("\\s" + percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + percentile + " in wrk's output: " + output);
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    /** wrk's Transfer/sec (headers and body), in kilobytes. */
    private static double kilobytes(String output) {
        Matcher matcher = Pattern.compile("Transfer/sec:\\s+([\\d.]+)(B|KB|MB|GB)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("no Transfer/sec in wrk's output: " + output);
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "B" -> value / 1024;
            case "MB" -> value * 1024;
            case "GB" -> value * 1024 * 1024;
            default -> value;
        };
    }

    /** Non-2xx answers and socket errors together. */
    private static long errors(String output) {
        long errors = 0;
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                .matcher(output);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        return errors;
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
