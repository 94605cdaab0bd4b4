package io.connectops.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.connectops.incidents.domain.LifecycleAction;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A working day of incident management, compressed: viewers and incident managers with real signed tokens list,
 * open and read incidents, read timelines, add notes and move incidents through their lifecycle, against the real
 * PostgreSQL, Kafka (through the outbox) and OIDC validation. Prints requests/s and latency percentiles.
 *
 * <p>Run: {@code cd incidents && ../mvnw -B -o verify -Dtest=IncidentsLoadBenchmark} (options:
 * {@code -Dbenchmark.seconds=20 -Dbenchmark.threads=4}).
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class IncidentsLoadBenchmark {

    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 20);
    private static final int THREADS = Integer.getInteger("benchmark.threads", 4);
    private static final int WARM_UP_SECONDS = 5;

    enum Kind { LIST, GET, TIMELINE, OPEN, NOTE, TRANSITION }

    @TestHTTPResource("/api/v1/incidents")
    URL incidents;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String managerToken = TestTokens.bearer(TestTokens.forUser("bench.manager", Roles.INCIDENT_MANAGER));
    private final String viewerToken = TestTokens.bearer(TestTokens.forUser("bench.viewer", Roles.VIEWER));
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> progress = new ConcurrentHashMap<>();
    private final String queue = "bench-" + UUID.randomUUID();

    private static final List<LifecycleAction> WALK = List.of(LifecycleAction.ASSESS, LifecycleAction.MITIGATE,
            LifecycleAction.RESOLVE, LifecycleAction.START_REVIEW, LifecycleAction.CLOSE);

    @Test
    void realisticMixOfReadsAndWrites() throws Exception {
        for (int i = 0; i < 50; i++) {
            ids.add(open());
        }
        run(WARM_UP_SECONDS, new Recorder());
        Recorder recorder = new Recorder();
        long started = System.nanoTime();
        run(SECONDS, recorder);
        double elapsed = (System.nanoTime() - started) / 1e9;

        long total = recorder.count();
        System.out.printf(Locale.ROOT, "%nIncidentsLoadBenchmark: %d threads, %d s, %d requests, %d errors%n",
                THREADS, SECONDS, total, recorder.errors.get());
        System.out.printf(Locale.ROOT, "  throughput %.1f requests/s%n", total / elapsed);
        System.out.printf(Locale.ROOT, "  all        p50 %6.1f ms  p99 %6.1f ms%n", recorder.percentile(null, 50),
                recorder.percentile(null, 99));
        for (Kind kind : Kind.values()) {
            System.out.printf(Locale.ROOT, "  %-10s n=%6d  p50 %6.1f ms  p99 %6.1f ms%n", kind.name().toLowerCase(),
                    recorder.samples.get(kind).size(), recorder.percentile(kind, 50), recorder.percentile(kind, 99));
        }
        assertThat(recorder.errors.get()).as("failed requests").isZero();
    }

    private void run(int seconds, Recorder recorder) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    step(recorder);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
    }

    /** About 80 % reads and 20 % writes, like a shift of people watching and a few working incidents. */
    private void step(Recorder recorder) throws Exception {
        int roll = ThreadLocalRandom.current().nextInt(100);
        String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        if (roll < 40) {
            String status = List.of("TRIAGE", "MITIGATING", "RESOLVED").get(ThreadLocalRandom.current().nextInt(3));
            recorder.time(Kind.LIST, () -> get(incidents + "?status=" + status + "&size=20"));
        } else if (roll < 65) {
            recorder.time(Kind.GET, () -> get(incidents + "/" + id));
        } else if (roll < 80) {
            recorder.time(Kind.TIMELINE, () -> get(incidents + "/" + id + "/timeline?size=50"));
        } else if (roll < 87) {
            long start = System.nanoTime();
            String created = open();
            recorder.record(Kind.OPEN, System.nanoTime() - start, 201);
            ids.add(created);
        } else if (roll < 94) {
            recorder.time(Kind.NOTE, () -> post(incidents + "/" + id + "/notes",
                    "{\"text\":\"Checked the queue dashboard, still elevated\"}"));
        } else {
            int step = progress.merge(id, 1, Integer::sum) - 1;
            if (step >= WALK.size()) {
                recorder.time(Kind.GET, () -> get(incidents + "/" + id));
                return;
            }
            LifecycleAction action = WALK.get(step);
            recorder.time(Kind.TRANSITION, () -> post(incidents + "/" + id + "/" + action.path(),
                    IncidentApi.VALID_BODIES.get(action)));
        }
    }

    private String open() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(incidents.toString()))
                .header("Authorization", managerToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(IncidentApi.openBody("Load " + UUID.randomUUID(), "P3",
                        queue))).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("open failed: " + response.statusCode() + " " + response.body());
        }
        int at = response.body().indexOf("\"id\":\"") + 6;
        return response.body().substring(at, response.body().indexOf('"', at));
    }

    private int get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", viewerToken).GET().build())
                .statusCode();
    }

    private int post(String url, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", managerToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build())
                .statusCode();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    interface Call {
        int status() throws Exception;
    }

    static final class Recorder {
        final Map<Kind, List<Long>> samples = new EnumMap<>(Kind.class);
        final AtomicLong errors = new AtomicLong();

        Recorder() {
            for (Kind kind : Kind.values()) {
                samples.put(kind, Collections.synchronizedList(new ArrayList<>()));
            }
        }

        void time(Kind kind, Call call) throws Exception {
            long start = System.nanoTime();
            int status = call.status();
            record(kind, System.nanoTime() - start, status);
        }

        void record(Kind kind, long nanos, int status) {
            samples.get(kind).add(nanos);
            if (status >= 400) {
                errors.incrementAndGet();
            }
        }

        long count() {
            return samples.values().stream().mapToLong(List::size).sum();
        }

        double percentile(Kind kind, int percentile) {
            long[] values = (kind == null ? samples.values().stream().flatMap(List::stream)
                    : samples.get(kind).stream()).mapToLong(Long::longValue).sorted().toArray();
            if (values.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(percentile / 100.0 * values.length) - 1;
            return values[Math.max(0, Math.min(index, values.length - 1))] / 1e6;
        }
    }
}
