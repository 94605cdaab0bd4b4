package io.connectops.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One Amazon Connect instance of the simulator: its queues and agents, the scenario it plays, and the faults a
 * test switches on. Queue ids are derived from the instance id, so they are stable between runs; agents are
 * {@code <prefix>-0001} onwards ({@code agent-} unless the instance was given a prefix of its own).
 */
public final class SimulatedInstance {

    public static final List<String> QUEUE_NAMES = List.of("Sales", "Support", "Billing");
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012";

    private final String instanceId;
    private final List<String> queueIds;
    private final List<String> agentIds;
    private volatile Scenario scenario;
    private final AtomicInteger throttleNext = new AtomicInteger();
    /** The operation a throttle is meant for, or null for whichever call comes first. */
    private volatile String throttledOperation;
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 500;
    private volatile boolean unavailable;
    private final Set<String> nullMetrics = ConcurrentHashMap.newKeySet();
    private final Map<String, StatusOverride> statusOverrides = new ConcurrentHashMap<>();
    /** When an agent's forced status was last given back to the scenario: the scenario's status starts then. */
    private final Map<String, Instant> releasedAt = new ConcurrentHashMap<>();
    private final Map<String, Double> intervalOverrides = new ConcurrentHashMap<>();
    private final String agentPrefix;
    private final Supplier<Instant> clock;

    /** A status an agent was put in, and when (on the simulator's clock). */
    record StatusOverride(String status, Instant since) {
    }

    SimulatedInstance(String instanceId, Scenario scenario, String agentPrefix, Supplier<Instant> clock) {
        this.instanceId = instanceId;
        this.scenario = scenario;
        this.agentPrefix = agentPrefix;
        this.clock = clock;
        List<String> queues = new ArrayList<>();
        for (String name : QUEUE_NAMES) {
            queues.add(stableId("queue/" + name));
        }
        this.queueIds = List.copyOf(queues);
        List<String> agents = new ArrayList<>();
        for (int i = 1; i <= QUEUE_NAMES.size() * Scenario.AGENTS_PER_QUEUE; i++) {
            agents.add("%s-%04d".formatted(agentPrefix, i));
        }
        this.agentIds = List.copyOf(agents);
    }

    private String stableId(String what) {
        return UUID.nameUUIDFromBytes((instanceId + "/" + what).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public String instanceId() {
        return instanceId;
    }

    public String arn() {
        return "arn:aws:connect:" + REGION + ":" + ACCOUNT + ":instance/" + instanceId;
    }

    public String queueArn(String queueId) {
        return arn() + "/queue/" + queueId;
    }

    public List<String> queueIds() {
        return queueIds;
    }

    public List<String> agentIds() {
        return agentIds;
    }

    String agentPrefix() {
        return agentPrefix;
    }

    /** The queue an agent answers (agents are assigned queue by queue). */
    public int queueOfAgent(int agentIndex) {
        return agentIndex / Scenario.AGENTS_PER_QUEUE;
    }

    public String routingProfileId(int queue) {
        return stableId("routing-profile/" + QUEUE_NAMES.get(queue));
    }

    public String routingProfileArn(String routingProfileId) {
        return arn() + "/routing-profile/" + routingProfileId;
    }

    /** The routing profiles, one per queue, in queue order. */
    public List<String> routingProfileIds() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < queueIds.size(); i++) {
            ids.add(routingProfileId(i));
        }
        return ids;
    }

    public Scenario scenario() {
        return scenario;
    }

    public SimulatedInstance scenario(Scenario scenario) {
        this.scenario = scenario;
        return this;
    }

    /** The next {@code calls} metric calls are refused with HTTP 429 ThrottlingException. */
    public SimulatedInstance throttleNext(int calls) {
        throttledOperation = null;
        throttleNext.set(calls);
        return this;
    }

    /**
     * The next {@code calls} calls of {@code operation} only ({@code GetCurrentMetricData}) are throttled: a poller's
     * other calls on its first tick must not use up the throttle a test aims at one operation.
     */
    public SimulatedInstance throttleNext(int calls, String operation) {
        throttledOperation = operation;
        throttleNext.set(calls);
        return this;
    }

    /** The next {@code calls} metric calls fail with {@code status} (a 5xx InternalServiceException). */
    public SimulatedInstance failNext(int calls, int status) {
        failStatus = status;
        failNext.set(calls);
        return this;
    }

    /** Every call fails with 500 until switched back. */
    public SimulatedInstance unavailable(boolean unavailable) {
        this.unavailable = unavailable;
        return this;
    }

    /** Connect answers {@code "Value": null} for this metric (divide by zero, insufficient data). */
    public SimulatedInstance nullValueFor(String metricName) {
        nullMetrics.add(metricName);
        return this;
    }

    public boolean isNull(String metricName) {
        return nullMetrics.contains(metricName);
    }

    /**
     * Forces an agent's CCP status, as if the agent had clicked it now (the simulator's clock): GetCurrentUserData
     * reports it from then on with that time as its {@code StatusStartTimestamp}. Choosing the status the agent is
     * already forced into changes nothing. {@code null} gives the agent back to the scenario, whose status then
     * starts now.
     *
     * @throws IllegalArgumentException for an agent the instance does not have
     */
    public SimulatedInstance agentStatus(String agentId, String statusName) {
        if (!agentIds.contains(agentId)) {
            throw new IllegalArgumentException("Instance " + instanceId + " has no agent " + agentId);
        }
        Instant now = clock.get();
        if (statusName == null) {
            if (statusOverrides.remove(agentId) != null) {
                releasedAt.put(agentId, now);
            }
        } else {
            statusOverrides.compute(agentId, (id, current) -> current != null && current.status().equals(statusName)
                    ? current : new StatusOverride(statusName, now));
        }
        return this;
    }

    Map<String, StatusOverride> statusOverrides() {
        return Collections.unmodifiableMap(statusOverrides);
    }

    /** When the agent was last given back to the scenario, or null. */
    Instant releasedAt(String agentId) {
        return releasedAt.get(agentId);
    }

    /**
     * Connect's late data: from now on, GetMetricDataV2 answers {@code value} for {@code metricName} (every queue or
     * routing profile) in the 15-minute interval that ends at {@code intervalEnd}, even after it closed.
     */
    public SimulatedInstance intervalValue(String metricName, Instant intervalEnd, double value) {
        intervalOverrides.put(metricName + "@" + intervalEnd.getEpochSecond(), value);
        return this;
    }

    Double intervalOverride(String metricName, long intervalEndEpochSecond) {
        return intervalOverrides.get(metricName + "@" + intervalEndEpochSecond);
    }

    /** The fault to answer the current call with, or null to answer normally. Consumes one-shot faults. */
    Fault nextFault(String operation) {
        if (unavailable) {
            return new Fault(500, "InternalServiceException", "Simulated outage");
        }
        String aimedAt = throttledOperation;
        if ((aimedAt == null || aimedAt.equals(operation)) && throttleNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return new Fault(429, "ThrottlingException", "Rate exceeded");
        }
        if (failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return new Fault(failStatus, "InternalServiceException", "Simulated failure");
        }
        return null;
    }

    record Fault(int status, String errorType, String message) {
    }
}
