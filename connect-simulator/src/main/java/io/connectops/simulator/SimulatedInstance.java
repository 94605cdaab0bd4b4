package io.connectops.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Amazon Connect instance of the simulator: its queues and agents, the scenario it plays, and the faults a
 * test switches on. Queue and agent ids are derived from the instance id, so they are stable between runs.
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
    private final Map<String, String> statusOverrides = new ConcurrentHashMap<>();
    private final Map<String, Double> intervalOverrides = new ConcurrentHashMap<>();

    SimulatedInstance(String instanceId, Scenario scenario) {
        this.instanceId = instanceId;
        this.scenario = scenario;
        List<String> queues = new ArrayList<>();
        for (String name : QUEUE_NAMES) {
            queues.add(stableId("queue/" + name));
        }
        this.queueIds = List.copyOf(queues);
        List<String> agents = new ArrayList<>();
        for (int i = 1; i <= QUEUE_NAMES.size() * Scenario.AGENTS_PER_QUEUE; i++) {
            agents.add("agent-%04d".formatted(i));
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

    /** Forces an agent's CCP status, as if the agent had clicked it. {@code null} gives the agent back to the scenario. */
    public SimulatedInstance agentStatus(String agentId, String statusName) {
        if (statusName == null) {
            statusOverrides.remove(agentId);
        } else {
            statusOverrides.put(agentId, statusName);
        }
        return this;
    }

    Map<String, String> statusOverrides() {
        return Collections.unmodifiableMap(statusOverrides);
    }

    /**
     * Connect's late data: from now on, GetMetricDataV2 answers {@code value} for {@code metricName} (every queue or
     * routing profile) in the 15-minute interval that ends at {@code intervalEnd}, even after it closed.
     */
    public SimulatedInstance intervalValue(String metricName, java.time.Instant intervalEnd, double value) {
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
