package io.connectops.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server speaking the Amazon Connect REST-JSON protocol for GetCurrentMetricData, GetMetricDataV2
 * and GetCurrentUserData, plus SNS deliveries, so that the platform runs and is tested without AWS. Point the AWS
 * SDK at {@link #endpoint()} with {@code endpointOverride}; the signature is not checked.
 *
 * <p>Run standalone: {@code java -cp ... io.connectops.simulator.ConnectSimulator [port] [scenario] [snsTargetUrl]},
 * with {@code -Dconnectops.simulator.speed=N} to play the day N times faster than real time.
 * Embedded in tests: {@code ConnectSimulator.start(0, Scenario.NORMAL_DAY)}, then switch faults per instance.
 */
public final class ConnectSimulator implements AutoCloseable {

    private static final System.Logger STARTUP_LOG = System.getLogger(ConnectSimulator.class.getName());

    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Without TCP_NODELAY the JDK's server holds a keep-alive caller's next request for the delayed ACK of the
        // previous answer (40 ms on Linux); Amazon Connect's endpoints do not. Read when the JVM's first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    static final String DEFAULT_AGENT_PREFIX = "agent";
    private static final String CONTROL_INSTANCES = "/simulator/instances/";

    private final HttpServer server;
    private final Map<String, SimulatedInstance> instances = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> confirmedTokens = new CopyOnWriteArrayList<>();
    private final SnsMessages sns;
    private volatile Scenario defaultScenario;
    private volatile Clock clock = Clock.systemUTC();
    private volatile Instant scenarioStart;
    private volatile int maxPageSize = 100;
    private ScheduledExecutorService alarmSender;
    private final Map<String, Optional<Double>> cloudWatchOverrides = new ConcurrentHashMap<>();
    private final Map<String, String> alarmStates = new ConcurrentHashMap<>();
    private final List<String> cloudWatchRequests = new CopyOnWriteArrayList<>();

    private ConnectSimulator(HttpServer server, Scenario scenario) {
        this.server = server;
        this.defaultScenario = scenario;
        this.scenarioStart = clock.instant();
        // In a container the simulator binds 0.0.0.0 and is reached by another name: SNS URLs use that name.
        this.sns = new SnsMessages(System.getProperty("connectops.simulator.public-url",
                "http://127.0.0.1:" + server.getAddress().getPort()));
    }

    /** Starts a simulator on 127.0.0.1 ({@code port} 0 picks a free port). */
    public static ConnectSimulator start(int port, Scenario scenario) {
        try {
            String host = System.getProperty("connectops.simulator.host", "127.0.0.1");
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            ConnectSimulator simulator = new ConnectSimulator(server, scenario);
            server.createContext("/", simulator::handle);
            server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "connect-simulator");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return simulator;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the Connect simulator on port " + port, e);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8099;
        Scenario scenario = args.length > 1 ? Scenario.parse(args[1]) : Scenario.NORMAL_DAY;
        int speed = Integer.parseInt(System.getProperty("connectops.simulator.speed", "1"));
        ConnectSimulator simulator = start(port, scenario);
        if (speed > 1) {
            simulator.clock(new FastClock(speed));
        }
        STARTUP_LOG.log(System.Logger.Level.INFO, "Connect simulator on {0} playing {1} at {2}x real time",
                simulator.endpoint(), scenario, speed);
        if (args.length > 2) {
            // Evaluated every simulated minute, notified once per state change, as CloudWatch does.
            simulator.sendAlarmsOnStateChange(URI.create(args[2]), Duration.ofMillis(Math.max(1000, 60_000 / speed)));
            STARTUP_LOG.log(System.Logger.Level.INFO, "Sending CloudWatch alarm state changes through SNS to {0}", args[2]);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * The instance with this id, created on first use with the default scenario and agents agent-0001 on (or as
     * {@link #instance(String, String)} created it).
     */
    public SimulatedInstance instance(String instanceId) {
        return instances.computeIfAbsent(instanceId,
                id -> new SimulatedInstance(id, defaultScenario, DEFAULT_AGENT_PREFIX, () -> clock.instant()));
    }

    /**
     * As {@link #instance(String)}, with agents {@code <agentPrefix>-0001} on. Connect's agent ids are unique across
     * instances while the simulator's default ones repeat in every instance: give an instance a prefix of its own
     * when its agents' events meet another instance's in one consumer.
     *
     * @throws IllegalStateException when the instance exists already with other agents
     */
    public SimulatedInstance instance(String instanceId, String agentPrefix) {
        SimulatedInstance instance = instances.computeIfAbsent(instanceId,
                id -> new SimulatedInstance(id, defaultScenario, agentPrefix, () -> clock.instant()));
        if (!instance.agentPrefix().equals(agentPrefix)) {
            throw new IllegalStateException("Instance " + instanceId + " has agents " + instance.agentPrefix()
                    + "-0001 on, not " + agentPrefix + "-0001");
        }
        return instance;
    }

    public ConnectSimulator scenario(Scenario scenario) {
        this.defaultScenario = scenario;
        instances.values().forEach(instance -> instance.scenario(scenario));
        this.scenarioStart = clock.instant();
        return this;
    }

    /** Fixes the simulator's time (snapshot times, scenario minute); the scenario restarts at that instant. */
    public ConnectSimulator clock(Clock clock) {
        this.clock = clock;
        this.scenarioStart = clock.instant();
        return this;
    }

    /** Most results per page, whatever MaxResults asks, to force pagination. */
    public ConnectSimulator maxPageSize(int size) {
        this.maxPageSize = size;
        return this;
    }

    /** Calls received per operation ({@code GetCurrentMetricData:<instanceId>} and so on). */
    public int calls(String operation, String instanceId) {
        AtomicInteger count = calls.get(operation + ":" + instanceId);
        return count == null ? 0 : count.get();
    }

    public SnsMessages sns() {
        return sns;
    }

    /** Tokens of subscriptions confirmed through the SubscribeURL. */
    public List<String> confirmedSubscriptions() {
        return List.copyOf(confirmedTokens);
    }

    /**
     * Fixes what CloudWatch answers for {@code namespaceAndMetric} ({@code AWS/Lambda/Errors}) on every datapoint,
     * whatever the scenario says; a null {@code value} means no datapoint at all. {@link #cloudWatchScenario} undoes it.
     */
    public ConnectSimulator cloudWatchValue(String namespaceAndMetric, Double value) {
        cloudWatchOverrides.put(namespaceAndMetric, Optional.ofNullable(value));
        return this;
    }

    /** CloudWatch answers the scenario's values again. */
    public ConnectSimulator cloudWatchScenario() {
        cloudWatchOverrides.clear();
        return this;
    }

    /** The bodies of the CloudWatch requests received, as the SDK sent them on the wire. */
    public List<String> cloudWatchRequests() {
        return List.copyOf(cloudWatchRequests);
    }

    long scenarioMinute() {
        return Math.max(0, Duration.between(scenarioStart, clock.instant()).toMinutes());
    }

    @Override
    public void close() {
        if (alarmSender != null) {
            alarmSender.shutdownNow();
        }
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && SnsMessages.CERT_PATH.equals(path)) {
                send(exchange, 200, "application/x-pem-file", SnsMessages.certificatePem());
                return;
            }
            if ("GET".equals(method) && SnsMessages.CONFIRM_PATH.equals(path)) {
                String query = exchange.getRequestURI().getQuery();
                confirmedTokens.add(query == null ? "" : query.replaceFirst("^Token=", ""));
                send(exchange, 200, "text/xml", "<ConfirmSubscriptionResponse/>");
                return;
            }
            if ("POST".equals(method) && path.startsWith("/simulator/scenario/")) {
                scenario(Scenario.parse(path.substring("/simulator/scenario/".length())));
                send(exchange, 204, null, "");
                return;
            }
            if ("POST".equals(method) && path.startsWith(CONTROL_INSTANCES) && path.endsWith("/status")) {
                agentStatus(exchange, path);
                return;
            }
            if ("GET".equals(method) && path.startsWith("/queues-summary/")) {
                String instanceId = lastSegment(path);
                calls.computeIfAbsent("ListQueues:" + instanceId, k -> new AtomicInteger()).incrementAndGet();
                SimulatedInstance instance = instance(instanceId);
                SimulatedInstance.Fault fault = instance.nextFault("ListQueues");
                if (fault != null) {
                    error(exchange, fault.status(), fault.errorType(), fault.message());
                    return;
                }
                ObjectNode response = JSON.createObjectNode();
                ArrayNode list = response.putArray("QueueSummaryList");
                for (int i = 0; i < instance.queueIds().size(); i++) {
                    String id = instance.queueIds().get(i);
                    list.addObject().put("Id", id).put("Arn", instance.queueArn(id))
                            .put("Name", SimulatedInstance.QUEUE_NAMES.get(i)).put("QueueType", "STANDARD");
                }
                send(exchange, 200, "application/json", response.toString());
                return;
            }
            if ("GET".equals(method) && path.startsWith("/routing-profiles-summary/")) {
                String instanceId = lastSegment(path);
                calls.computeIfAbsent("ListRoutingProfiles:" + instanceId, k -> new AtomicInteger()).incrementAndGet();
                SimulatedInstance instance = instance(instanceId);
                SimulatedInstance.Fault fault = instance.nextFault("ListRoutingProfiles");
                if (fault != null) {
                    error(exchange, fault.status(), fault.errorType(), fault.message());
                    return;
                }
                ObjectNode response = JSON.createObjectNode();
                ArrayNode list = response.putArray("RoutingProfileSummaryList");
                for (int i = 0; i < instance.queueIds().size(); i++) {
                    String id = instance.routingProfileId(i);
                    list.addObject().put("Id", id).put("Arn", instance.routingProfileArn(id))
                            .put("Name", SimulatedInstance.QUEUE_NAMES.get(i) + " agents");
                }
                send(exchange, 200, "application/json", response.toString());
                return;
            }
            if (!"POST".equals(method)) {
                error(exchange, 404, "ResourceNotFoundException", "No route for " + method + " " + path);
                return;
            }
            if ("/".equals(path)) {
                cloudWatch(exchange);
                return;
            }
            JsonNode body = readBody(exchange.getRequestBody());
            if (path.startsWith("/metrics/current/")) {
                answer(exchange, "GetCurrentMetricData", lastSegment(path), body, this::currentMetrics);
            } else if (path.equals("/metrics/data")) {
                String arn = body.path("ResourceArn").asText("");
                answer(exchange, "GetMetricDataV2", arn.substring(arn.lastIndexOf('/') + 1), body, this::metricDataV2);
            } else if (path.startsWith("/metrics/userdata/")) {
                answer(exchange, "GetCurrentUserData", lastSegment(path), body, this::currentUserData);
            } else {
                error(exchange, 404, "ResourceNotFoundException", "No route for " + path);
            }
        } catch (RuntimeException e) {
            error(exchange, 500, "InternalServiceException", e.toString());
        }
    }

    /**
     * {@code POST /simulator/instances/{instanceId}/agents/{agentId}/status} with {@code {"status":"Lunch"}} puts an
     * agent in a status as if it had clicked it; {@code {"status":null}} gives it back to the scenario. 204, or 404
     * for an agent the instance does not have, 400 for a body without {@code status}.
     */
    private void agentStatus(HttpExchange exchange, String path) throws IOException {
        String[] parts = path.substring(CONTROL_INSTANCES.length()).split("/");
        if (parts.length != 4 || !"agents".equals(parts[1])) {
            error(exchange, 404, "ResourceNotFoundException", "No route for POST " + path);
            return;
        }
        JsonNode body;
        try {
            body = readBody(exchange.getRequestBody());
        } catch (JsonProcessingException e) {
            error(exchange, 400, "InvalidRequestException", "The body is not JSON");
            return;
        }
        if (!body.has("status") || !(body.get("status").isNull() || body.get("status").isTextual())
                || (body.get("status").isTextual() && body.get("status").asText().isBlank())) {
            error(exchange, 400, "InvalidRequestException", "status must be a status name, or null");
            return;
        }
        // Any instance id is accepted, as by the Connect operations: an instance not polled yet is created.
        SimulatedInstance instance = instance(parts[0]);
        if (!instance.agentIds().contains(parts[2])) {
            error(exchange, 404, "ResourceNotFoundException", "No agent " + parts[2] + " in instance " + parts[0]);
            return;
        }
        instance.agentStatus(parts[2], body.get("status").isNull() ? null : body.get("status").asText());
        send(exchange, 204, null, "");
    }

    private interface Operation {
        ObjectNode apply(SimulatedInstance instance, JsonNode request);
    }

    private void answer(HttpExchange exchange, String operation, String instanceId, JsonNode body, Operation handler)
            throws IOException {
        calls.computeIfAbsent(operation + ":" + instanceId, k -> new AtomicInteger()).incrementAndGet();
        SimulatedInstance instance = instance(instanceId);
        SimulatedInstance.Fault fault = instance.nextFault(operation);
        if (fault != null) {
            error(exchange, fault.status(), fault.errorType(), fault.message());
            return;
        }
        ObjectNode response;
        try {
            response = handler.apply(instance, body);
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "InvalidParameterException", e.getMessage());
            return;
        }
        send(exchange, 200, "application/json", response.toString());
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static JsonNode readBody(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        ObjectNode body = JSON.createObjectNode().put("__type", type).put("Message", message);
        send(exchange, status, "application/json", body.toString());
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    // ---------------------------------------------------------------- CloudWatch GetMetricData (AWS Query protocol)

    private void cloudWatch(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        cloudWatchRequests.add(body);
        Map<String, String> form = CloudWatchMetrics.form(body);
        if (!"GetMetricData".equals(form.get("Action")) || !"2010-08-01".equals(form.get("Version"))) {
            sendXml(exchange, 400, CloudWatchMetrics.error("InvalidAction", "Only GetMetricData (2010-08-01) is simulated"));
            return;
        }
        calls.computeIfAbsent("GetMetricData:cloudwatch", k -> new AtomicInteger()).incrementAndGet();
        String answer;
        try {
            Instant start = Instant.parse(form.getOrDefault("StartTime", ""));
            Instant end = Instant.parse(form.getOrDefault("EndTime", ""));
            answer = CloudWatchMetrics.answer(CloudWatchMetrics.queries(form), start, end, clock.instant(),
                    this::instance, at -> Math.max(0, Duration.between(scenarioStart, at).toMinutes()),
                    cloudWatchOverrides);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            sendXml(exchange, 400, CloudWatchMetrics.error("InvalidParameterValue", e.getMessage()));
            return;
        }
        sendXml(exchange, 200, answer);
    }

    private static void sendXml(HttpExchange exchange, int status, String xml) throws IOException {
        send(exchange, status, "text/xml", xml);
    }

    // ---------------------------------------------------------------- GetCurrentMetricData

    private ObjectNode currentMetrics(SimulatedInstance instance, JsonNode request) {
        JsonNode metrics = request.path("CurrentMetrics");
        if (!metrics.isArray() || metrics.isEmpty()) {
            throw new IllegalArgumentException("CurrentMetrics is required");
        }
        List<Integer> queues = selectedQueues(instance, request.path("Filters").path("Queues"));
        if (queues.size() > 100) {
            throw new IllegalArgumentException("At most 100 queues per request");
        }
        List<String> channels = textList(request.path("Filters").path("Channels"));
        if (channels.isEmpty()) {
            channels = List.of("VOICE");
        }
        Set<String> groupings = new HashSet<>(textList(request.path("Groupings")));
        long minute = scenarioMinute();
        Scenario scenario = instance.scenario();
        int totalQueues = instance.queueIds().size();
        List<ObjectNode> results = new ArrayList<>();
        if (groupings.contains("QUEUE")) {
            for (int queue : queues) {
                for (String channel : groupings.contains("CHANNEL") ? channels : List.of("")) {
                    ObjectNode result = JSON.createObjectNode();
                    ObjectNode dimensions = result.putObject("Dimensions");
                    String queueId = instance.queueIds().get(queue);
                    dimensions.putObject("Queue").put("Id", queueId).put("Arn", instance.queueArn(queueId));
                    if (!channel.isEmpty()) {
                        dimensions.put("Channel", channel);
                    }
                    // Only voice carries the scenario's traffic; other channels are quiet.
                    boolean voice = channel.isEmpty() || "VOICE".equals(channel);
                    fillCurrent(result.putArray("Collections"), metrics, instance, scenario, queues, queue, minute,
                            totalQueues, voice, false);
                    results.add(result);
                }
            }
        } else {
            ObjectNode result = JSON.createObjectNode();
            result.putObject("Dimensions");
            fillCurrent(result.putArray("Collections"), metrics, instance, scenario, queues, -1, minute, totalQueues,
                    true, true);
            results.add(result);
        }
        return page(request, results, "MetricResults")
                .put("DataSnapshotTime", epochSeconds(clock.instant()))
                .put("ApproximateTotalCount", results.size());
    }

    private void fillCurrent(ArrayNode collections, JsonNode metrics, SimulatedInstance instance, Scenario scenario,
            List<Integer> queues, int queue, long minute, int totalQueues, boolean traffic, boolean aggregated) {
        for (JsonNode metric : metrics) {
            String name = metric.path("Name").asText();
            ObjectNode collection = collections.addObject();
            collection.putObject("Metric").put("Name", name).put("Unit", metric.path("Unit").asText("COUNT"));
            if (instance.isNull(name)) {
                collection.putNull("Value");
                continue;
            }
            double value = 0;
            for (int q : queue >= 0 ? List.of(queue) : queues) {
                double one = currentValue(name, scenario, q, minute, totalQueues, traffic);
                value = "OLDEST_CONTACT_AGE".equals(name) ? Math.max(value, one) : value + one;
            }
            if (aggregated && "OLDEST_CONTACT_AGE".equals(name)) {
                // Connect's quirk: without groupings the unit still says SECONDS but the value is milliseconds.
                value = value * 1000;
            }
            collection.put("Value", value);
        }
    }

    private static double currentValue(String name, Scenario scenario, int queue, long minute, int totalQueues,
            boolean traffic) {
        int online = scenario.agentsOnline(queue, minute, totalQueues);
        int onContact = traffic ? scenario.agentsOnContact(queue, minute, totalQueues) : 0;
        int errors = scenario == Scenario.AGENT_OUTAGE && online < Scenario.AGENTS_PER_QUEUE && online > 0 ? 1 : 0;
        int inQueue = traffic ? scenario.contactsInQueue(queue, minute) : 0;
        switch (name) {
            case "AGENTS_ONLINE":
            case "AGENTS_STAFFED":
                return online;
            case "AGENTS_AVAILABLE":
                return Math.max(0, online - onContact - errors);
            case "AGENTS_ON_CALL":
            case "AGENTS_ON_CONTACT":
            case "SLOTS_ACTIVE":
                return onContact;
            case "AGENTS_AFTER_CONTACT_WORK":
            case "AGENTS_NON_PRODUCTIVE":
            case "CONTACTS_SCHEDULED":
                return 0;
            case "AGENTS_ERROR":
                return errors;
            case "CONTACTS_IN_QUEUE":
                return inQueue;
            case "OLDEST_CONTACT_AGE":
                return traffic ? scenario.oldestContactAgeSeconds(queue, minute) : 0;
            case "SLOTS_AVAILABLE":
                return Math.max(0, online - onContact);
            case "ESTIMATED_WAIT_TIME":
                return traffic ? scenario.oldestContactAgeSeconds(queue, minute) / 2 : 0;
            default:
                throw new IllegalArgumentException("Unknown current metric " + name);
        }
    }

    private static List<Integer> selectedQueues(SimulatedInstance instance, JsonNode filter) {
        List<Integer> selected = new ArrayList<>();
        List<String> wanted = textList(filter);
        for (int i = 0; i < instance.queueIds().size(); i++) {
            String id = instance.queueIds().get(i);
            if (wanted.isEmpty() || wanted.contains(id) || wanted.contains(instance.queueArn(id))) {
                selected.add(i);
            }
        }
        return selected;
    }

    private static List<String> textList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    /** Cuts {@code results} into pages: NextToken is the index of the first result of the next page. */
    private ObjectNode page(JsonNode request, List<ObjectNode> results, String field) {
        int size = Math.min(maxPageSize, request.path("MaxResults").asInt(100));
        int from = request.hasNonNull("NextToken") ? parseToken(request.path("NextToken").asText()) : 0;
        int to = Math.min(results.size(), from + size);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode page = response.putArray(field);
        results.subList(Math.min(from, results.size()), to).forEach(page::add);
        if (to < results.size()) {
            response.put("NextToken", "page-from-" + to);
        }
        return response;
    }

    private static int parseToken(String token) {
        if (!token.startsWith("page-from-")) {
            throw new IllegalArgumentException("Invalid NextToken");
        }
        return Integer.parseInt(token.substring("page-from-".length()));
    }

    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    // ---------------------------------------------------------------- GetMetricDataV2

    private ObjectNode metricDataV2(SimulatedInstance instance, JsonNode request) {
        if (!request.hasNonNull("StartTime") || !request.hasNonNull("EndTime")) {
            throw new IllegalArgumentException("StartTime and EndTime are required");
        }
        long start = request.path("StartTime").decimalValue().longValue();
        long end = request.path("EndTime").decimalValue().longValue();
        if (end <= start) {
            throw new IllegalArgumentException("EndTime must be after StartTime");
        }
        if (end > clock.instant().getEpochSecond()) {
            // As Connect: the simulator's clock, not the caller's, says what "now" is.
            throw new IllegalArgumentException("EndTime cannot be later than now");
        }
        String period = request.path("Interval").path("IntervalPeriod").asText("TOTAL");
        long step = "FIFTEEN_MIN".equals(period) ? 900 : end - start;
        JsonNode queueFilter = JSON.createArrayNode();
        JsonNode profileFilter = null;
        for (JsonNode filter : request.path("Filters")) {
            if ("QUEUE".equals(filter.path("FilterKey").asText())) {
                queueFilter = filter.path("FilterValues");
            } else if ("ROUTING_PROFILE".equals(filter.path("FilterKey").asText())) {
                profileFilter = filter.path("FilterValues");
            }
        }
        boolean byProfile = textList(request.path("Groupings")).contains("ROUTING_PROFILE");
        if (byProfile && profileFilter == null) {
            throw new IllegalArgumentException("Grouping by ROUTING_PROFILE needs a ROUTING_PROFILE filter here");
        }
        List<Integer> groups = byProfile ? selectedProfiles(instance, profileFilter) : selectedQueues(instance, queueFilter);
        Scenario scenario = instance.scenario();
        List<ObjectNode> results = new ArrayList<>();
        for (long from = start; from + step <= end; from += step) {
            // An interval's figures are those of the scenario at the interval's end.
            long minute = scenarioMinuteAt(Instant.ofEpochSecond(from + step));
            for (int group : groups) {
                ObjectNode result = JSON.createObjectNode();
                if (byProfile) {
                    result.putObject("Dimensions").put("ROUTING_PROFILE", instance.routingProfileId(group));
                } else {
                    result.putObject("Dimensions").put("QUEUE", instance.queueIds().get(group)).put("CHANNEL", "VOICE");
                }
                result.putObject("MetricInterval").put("Interval", period).put("StartTime", from)
                        .put("EndTime", from + step);
                ArrayNode collections = result.putArray("Collections");
                for (JsonNode metric : request.path("Metrics")) {
                    String name = metric.path("Name").asText();
                    if ("AGENT_OCCUPANCY".equals(name) != byProfile) {
                        throw new IllegalArgumentException(byProfile ? name + " is not valid with a ROUTING_PROFILE grouping here"
                                : "AGENT_OCCUPANCY is not valid with a QUEUE filter or grouping");
                    }
                    ObjectNode collection = collections.addObject();
                    collection.set("Metric", metric.deepCopy());
                    if (instance.isNull(name)) {
                        collection.putNull("Value");
                        continue;
                    }
                    Double late = instance.intervalOverride(name, from + step);
                    collection.put("Value", late != null ? late : intervalValue(name, metric, scenario, group, minute,
                            instance.queueIds().size()));
                }
                results.add(result);
            }
        }
        return page(request, results, "MetricResults");
    }

    /** The scenario minute at {@code at}, never before the scenario's start nor after now. */
    private long scenarioMinuteAt(Instant at) {
        Instant now = clock.instant();
        Instant capped = at.isAfter(now) ? now : at;
        return Math.max(0, Duration.between(scenarioStart, capped).toMinutes());
    }

    private static List<Integer> selectedProfiles(SimulatedInstance instance, JsonNode filter) {
        List<Integer> selected = new ArrayList<>();
        List<String> wanted = textList(filter);
        for (int i = 0; i < instance.queueIds().size(); i++) {
            String id = instance.routingProfileId(i);
            if (wanted.contains(id) || wanted.contains(instance.routingProfileArn(id))) {
                selected.add(i);
            }
        }
        return selected;
    }

    private static double intervalValue(String name, JsonNode metric, Scenario scenario, int queue, long minute,
            int totalQueues) {
        switch (name) {
            case "ABANDONMENT_RATE":
                return scenario.abandonmentRate(queue, minute);
            case "SERVICE_LEVEL":
                JsonNode threshold = metric.path("Threshold");
                if (!threshold.isArray() || threshold.isEmpty()) {
                    throw new IllegalArgumentException("SERVICE_LEVEL needs a Threshold");
                }
                return scenario.serviceLevel(queue, minute, threshold.get(0).path("ThresholdValue").asDouble());
            case "CONTACTS_HANDLED":
                return scenario.contactsHandled(queue, minute);
            case "CONTACTS_ABANDONED":
                return scenario.contactsAbandoned(queue, minute);
            case "CONTACTS_QUEUED":
                return scenario.contactsHandled(queue, minute) + scenario.contactsAbandoned(queue, minute);
            case "AVG_QUEUE_ANSWER_TIME":
                return scenario.oldestContactAgeSeconds(queue, minute) / 2;
            case "AVG_HANDLE_TIME":
                return 300.0 + 10 * queue;
            case "AVG_ABANDON_TIME":
                return 45.0;
            case "AGENT_OCCUPANCY":
                return scenario.agentOccupancy(queue, minute, totalQueues);
            default:
                throw new IllegalArgumentException("Unknown metric " + name);
        }
    }

    // ---------------------------------------------------------------- GetCurrentUserData

    private ObjectNode currentUserData(SimulatedInstance instance, JsonNode request) {
        JsonNode filters = request.path("Filters");
        int kinds = 0;
        for (String kind : List.of("Queues", "RoutingProfiles", "Agents", "UserHierarchyGroups")) {
            if (filters.path(kind).isArray() && !filters.path(kind).isEmpty()) {
                kinds++;
            }
        }
        if (kinds > 1) {
            throw new IllegalArgumentException("Pass at most one of Queues, RoutingProfiles, Agents, UserHierarchyGroups");
        }
        List<Integer> queues = selectedQueues(instance, filters.path("Queues"));
        List<String> agentFilter = textList(filters.path("Agents"));
        long minute = scenarioMinute();
        Instant now = clock.instant();
        List<ObjectNode> users = new ArrayList<>();
        for (int i = 0; i < instance.agentIds().size(); i++) {
            String agentId = instance.agentIds().get(i);
            int queue = instance.queueOfAgent(i);
            if (!queues.contains(queue) || (!agentFilter.isEmpty() && !agentFilter.contains(agentId))) {
                continue;
            }
            AgentNow agent = agentNow(instance, i, minute, now);
            String status = agent.status();
            boolean onContact = agent.contactSince() != null;
            ObjectNode user = JSON.createObjectNode();
            user.putObject("User").put("Id", agentId).put("Arn", instance.arn() + "/agent/" + agentId);
            String profile = instance.routingProfileId(queue);
            user.putObject("RoutingProfile").put("Id", profile).put("Arn", instance.arn() + "/routing-profile/" + profile);
            user.putObject("Status").put("StatusStartTimestamp", epochSeconds(agent.statusSince()))
                    .put("StatusArn", instance.arn() + "/agent-state/" + status.toLowerCase())
                    .put("StatusName", status);
            user.putObject("AvailableSlotsByChannel").put("VOICE", onContact ? 0 : 1);
            user.putObject("MaxSlotsByChannel").put("VOICE", 1);
            user.putObject("ActiveSlotsByChannel").put("VOICE", onContact ? 1 : 0);
            ArrayNode contacts = user.putArray("Contacts");
            if (onContact) {
                String queueId = instance.queueIds().get(queue);
                ObjectNode contact = contacts.addObject().put("ContactId", "c-" + agentId).put("Channel", "VOICE")
                        .put("InitiationMethod", "INBOUND").put("AgentContactState", "CONNECTED")
                        .put("StateStartTimestamp", epochSeconds(agent.contactSince()))
                        .put("ConnectedToAgentTimestamp", epochSeconds(agent.contactSince()));
                contact.putObject("Queue").put("Id", queueId).put("Arn", instance.queueArn(queueId));
            }
            users.add(user);
        }
        return page(request, users, "UserDataList").put("ApproximateTotalCount", users.size());
    }

    /** An agent's status and since when, and since when it is on its contact (null when it is on none). */
    record AgentNow(String status, Instant statusSince, Instant contactSince) {
    }

    /**
     * What an agent is doing at scenario minute {@code minute}, with the time it started: a forced status since it
     * was forced; the scenario's status since the first minute of the run of minutes it has held (not before the
     * scenario started, nor before the agent was last given back to it); a contact since the later of its status'
     * start and the first minute of its run of minutes on contact. So a poller that sees a change learns when it
     * happened, not when it looked.
     */
    AgentNow agentNow(SimulatedInstance instance, int agent, long minute, Instant now) {
        Instant start = scenarioStartOrNow(now);
        SimulatedInstance.StatusOverride forced = instance.statusOverrides().get(instance.agentIds().get(agent));
        String status;
        Instant statusSince;
        if (forced != null) {
            status = forced.status();
            statusSince = forced.since().isAfter(now) ? now : forced.since();
        } else {
            status = scenarioStatus(instance, agent, minute);
            long first = minute;
            while (first > 0 && status.equals(scenarioStatus(instance, agent, first - 1))) {
                first--;
            }
            statusSince = latest(start.plus(Duration.ofMinutes(first)), instance.releasedAt(instance.agentIds().get(agent)));
        }
        if (!"Available".equals(status) || !scenarioOnContact(instance, agent, minute)) {
            return new AgentNow(status, statusSince, null);
        }
        long first = minute;
        while (first > 0 && scenarioOnContact(instance, agent, first - 1)) {
            first--;
        }
        return new AgentNow(status, statusSince, latest(start.plus(Duration.ofMinutes(first)), statusSince));
    }

    private static String scenarioStatus(SimulatedInstance instance, int agent, long minute) {
        return agent < instance.scenario().agentsOffline(minute, instance.queueIds().size()) ? "Offline" : "Available";
    }

    private static boolean scenarioOnContact(SimulatedInstance instance, int agent, long minute) {
        return agent % Scenario.AGENTS_PER_QUEUE < instance.scenario().agentsOnContact(instance.queueOfAgent(agent),
                minute, instance.queueIds().size());
    }

    private static Instant latest(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    private Instant scenarioStartOrNow(Instant now) {
        return scenarioStart.isAfter(now) ? now : scenarioStart;
    }

    // ---------------------------------------------------------------- SNS deliveries

    /** Posts a signed SNS delivery to {@code target}, as SNS does, and returns the HTTP status it got. */
    public int deliver(URI target, String snsMessage) {
        HttpRequest request = HttpRequest.newBuilder(target)
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("x-amz-sns-message-type", typeOf(snsMessage))
                .POST(HttpRequest.BodyPublishers.ofString(snsMessage))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String typeOf(String snsMessage) {
        try {
            return JSON.readTree(snsMessage).path("Type").asText("Notification");
        } catch (IOException e) {
            return "Notification";
        }
    }

    /** An alarm the simulator's CloudWatch evaluates for each instance, and notifies through SNS when its state changes. */
    private record SimulatedAlarm(String name, String namespace, String metric, String statistic, double threshold) {
    }

    private static final List<SimulatedAlarm> ALARMS = List.of(
            new SimulatedAlarm("connect-queue-wait", "AWS/Connect", "LongestQueueWaitTime", "MAXIMUM", 120.0),
            new SimulatedAlarm("connect-flow-errors", "AWS/Connect", "ContactFlowErrors", "SUM", 10.0),
            new SimulatedAlarm("lambda-errors", "AWS/Lambda", "Errors", "SUM", 5.0));

    /**
     * Standalone runs: CloudWatch evaluates the simulated alarms of every instance each {@code period} and, as
     * CloudWatch does, notifies {@code target} through SNS once per state change, never again while the state holds.
     */
    void sendAlarmsOnStateChange(URI target, Duration period) {
        alarmSender = Executors.newSingleThreadScheduledExecutor();
        alarmSender.scheduleAtFixedRate(() -> evaluateAlarms(target), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One evaluation of every alarm of every instance: returns how many notifications were sent. */
    int evaluateAlarms(URI target) {
        int sent = 0;
        long minute = scenarioMinute();
        for (SimulatedInstance instance : instances.values()) {
            if (instance.instanceId().isEmpty()) {
                continue;
            }
            for (SimulatedAlarm alarm : ALARMS) {
                Map<String, String> dimensions = switch (alarm.namespace()) {
                    case "AWS/Lambda" -> Map.of("FunctionName", instance.instanceId() + "-lookup");
                    default -> alarm.metric().equals("LongestQueueWaitTime")
                            ? Map.of("InstanceId", instance.instanceId(), "MetricGroup", "Queue", "QueueName",
                                    SimulatedInstance.QUEUE_NAMES.get(Scenario.SURGE_QUEUE))
                            : Map.of("InstanceId", instance.instanceId(), "MetricGroup", "ContactFlow");
                };
                double datapoint = switch (alarm.metric()) {
                    case "LongestQueueWaitTime" -> instance.scenario().oldestContactAgeSeconds(Scenario.SURGE_QUEUE, minute);
                    case "ContactFlowErrors" -> 5.0 * instance.scenario().contactFlowErrors(minute);
                    default -> 5.0 * instance.scenario().lambdaErrors(minute);
                };
                String state = datapoint >= alarm.threshold() ? "ALARM" : "OK";
                String key = instance.instanceId() + "/" + alarm.name();
                String previous = alarmStates.put(key, state);
                if (state.equals(previous)) {
                    continue;
                }
                String name = alarm.name() + "-" + instance.instanceId();
                String message = SnsMessages.alarmMessage(name, alarm.namespace(), alarm.metric(), state,
                        previous == null ? "INSUFFICIENT_DATA" : previous, datapoint, alarm.threshold(), dimensions);
                deliver(target, sns.notification(state + ": " + name, message, 2));
                sent++;
            }
        }
        return sent;
    }
}
