package io.connectops.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that plays one external system. Subclasses answer the system's own paths; this class records
 * every request, applies the configured {@link Fault}s, and serves the control paths:
 * <ul>
 * <li>{@code GET /_fake/requests?after=<sequence>&prefix=/path&bodies=false}: what was received, oldest first; only
 * after a sequence number, only under a path, without headers and bodies (each optional: a poller asks for what is
 * new, not for everything the fake ever received)</li>
 * <li>{@code POST /_fake/faults?kind=RATE_LIMITED|SERVER_ERROR|HANG|ANSWER_LOST&times=1&retryAfter=2&status=503&hangMillis=30000}</li>
 * <li>{@code POST /_fake/reset}: forget requests, state and faults</li>
 * </ul>
 */
public abstract class FakeHttpServer implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static {
        // The JDK's server leaves Nagle's algorithm on: a keep-alive caller's next request then waits for the delayed
        // ACK of the previous answer (40 ms on Linux), which held every fake to about 350 requests/s over 16
        // connections, far below what Slack or a webhook receiver takes. Read once, when the JVM's first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final List<ReceivedRequest> received = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private HttpServer server;
    private ExecutorService executor;

    /** Starts on {@code port}, or on a free port when it is 0. */
    public synchronized FakeHttpServer start(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on port " + port, e);
        }
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, getClass().getSimpleName());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    public synchronized List<ReceivedRequest> received() {
        return List.copyOf(received);
    }

    /** Requests to the system's own paths whose path starts with {@code prefix}. */
    public synchronized List<ReceivedRequest> received(String prefix) {
        return received.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }

    /** Adds a fault; faults apply in the order they were added, each for its number of requests. */
    public synchronized void inject(Fault fault) {
        faults.add(fault);
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    public synchronized void reset() {
        received.clear();
        faults.clear();
        resetState();
    }

    /** Forgets the system's own state (messages, records). */
    protected abstract void resetState();

    /** Answers a request to the system's own paths. */
    protected abstract Answer answer(Request request);

    /** A request as the subclass sees it. */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {

        public String header(String name) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    return header.getValue();
                }
            }
            return null;
        }

        public Map<String, String> queryParameters() {
            Map<String, String> parameters = new LinkedHashMap<>();
            if (query == null || query.isEmpty()) {
                return parameters;
            }
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                parameters.put(decode(name), decode(value));
            }
            return parameters;
        }

        private static String decode(String text) {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
    }

    /** A response: status, content type, body and extra headers. */
    public record Answer(int status, String contentType, String body, Map<String, String> headers) {

        public static Answer json(int status, Object body) {
            try {
                return new Answer(status, "application/json", JSON.writeValueAsString(body), Map.of());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        public static Answer text(int status, String body) {
            return new Answer(status, "text/plain", body, Map.of());
        }

        public static Answer empty(int status) {
            return new Answer(status, null, "", Map.of());
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            Request request = new Request(exchange.getRequestMethod(), path, query, headers, body);
            Answer answer = path.startsWith("/_fake/") ? control(request) : answerWithFaults(request);
            if (answer == null) {
                return;
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private Answer answerWithFaults(Request request) {
        Fault fault = takeFault();
        Answer answer;
        if (fault == null) {
            synchronized (this) {
                answer = answer(request);
            }
        } else if (fault.kind() == Fault.Kind.HANG || fault.kind() == Fault.Kind.ANSWER_LOST) {
            int applied = 0;
            if (fault.kind() == Fault.Kind.ANSWER_LOST) {
                synchronized (this) {
                    applied = answer(request).status();
                }
            }
            record(request, applied);
            try {
                Thread.sleep(fault.hangMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.empty(504);
        } else if (fault.kind() == Fault.Kind.RATE_LIMITED) {
            answer = rateLimited(fault.retryAfterSeconds());
        } else {
            answer = Answer.text(fault.status(), "fake failure");
        }
        record(request, answer.status());
        return answer;
    }

    /** The system's own 429; Slack and ServiceNow put a JSON body beside the header. */
    protected Answer rateLimited(int retryAfterSeconds) {
        return new Answer(429, "text/plain", "rate limited",
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    private synchronized Fault takeFault() {
        if (faults.isEmpty()) {
            return null;
        }
        Fault fault = faults.get(0);
        if (fault.times() > 0) {
            if (fault.times() == 1) {
                faults.remove(0);
            } else {
                faults.set(0, new Fault(fault.kind(), fault.status(), fault.retryAfterSeconds(), fault.hangMillis(),
                        fault.times() - 1));
            }
        }
        return fault;
    }

    private synchronized void record(Request request, int status) {
        received.add(new ReceivedRequest(sequence.incrementAndGet(), request.method(), request.path(),
                request.query(), request.headers(), request.body(), status, Instant.now()));
    }

    private Answer control(Request request) {
        switch (request.path()) {
            case "/_fake/requests":
                return requests(request.queryParameters());
            case "/_fake/reset":
                reset();
                return Answer.empty(204);
            case "/_fake/faults":
                if ("DELETE".equals(request.method())) {
                    clearFaults();
                    return Answer.empty(204);
                }
                Map<String, String> parameters = request.queryParameters();
                try {
                    Fault.Kind kind = Fault.Kind.valueOf(parameters.getOrDefault("kind", "SERVER_ERROR"));
                    int times = Integer.parseInt(parameters.getOrDefault("times", "1"));
                    inject(new Fault(kind, Integer.parseInt(parameters.getOrDefault("status", "503")),
                            Integer.parseInt(parameters.getOrDefault("retryAfter", "1")),
                            Long.parseLong(parameters.getOrDefault("hangMillis", "30000")), times));
                    return Answer.empty(204);
                } catch (IllegalArgumentException e) {
                    return Answer.text(400, "bad fault: " + e.getMessage());
                }
            default:
                return Answer.text(404, "no such control path");
        }
    }

    private Answer requests(Map<String, String> parameters) {
        long after;
        try {
            after = Long.parseLong(parameters.getOrDefault("after", "0"));
        } catch (NumberFormatException e) {
            return Answer.text(400, "after must be a request's sequence number");
        }
        String prefix = parameters.getOrDefault("prefix", "/");
        boolean bodies = !"false".equals(parameters.get("bodies"));
        List<ReceivedRequest> found = new ArrayList<>();
        for (ReceivedRequest request : received()) {
            if (request.sequence() > after && request.path().startsWith(prefix)) {
                found.add(bodies ? request : new ReceivedRequest(request.sequence(), request.method(), request.path(),
                        request.query(), Map.of(), null, request.answeredStatus(), request.receivedAt()));
            }
        }
        return Answer.json(200, found);
    }

    protected static Map<String, Object> readObject(String body) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.readValue(body, Map.class);
            return map == null ? new LinkedHashMap<>() : map;
        } catch (IOException e) {
            return null;
        }
    }
}
