package io.connectops.simulator;

/**
 * How a simulated contact center behaves over time. Every figure is a pure function of the scenario, the queue
 * and the minutes elapsed since the scenario started, so tests that fix the simulator's clock see exact values.
 */
public enum Scenario {

    /** Steady traffic, everyone answering within the service level. */
    NORMAL_DAY,
    /** Calls pile up on the second queue ("Support"): the queue grows and abandonment rises minute after minute. */
    CALL_SURGE,
    /** Agents drop out one a minute (status Offline, then Error for the last ones) until nobody is left. */
    AGENT_OUTAGE;

    /** The queue the surge hits. */
    public static final int SURGE_QUEUE = 1;
    public static final int AGENTS_PER_QUEUE = 4;
    /** The instance's concurrent-call quota, which ConcurrentCallsPercentage is a share of. */
    public static final int CONCURRENT_CALLS_QUOTA = 100;
    /** The scenario minute from which the surge's integrations (Lambda, Lex, flows, DynamoDB) start failing. */
    public static final int SURGE_FAILURES_FROM_MINUTE = 2;

    public static Scenario parse(String name) {
        return valueOf(name.trim().toUpperCase().replace('-', '_'));
    }

    /** Contacts waiting in a queue. */
    public int contactsInQueue(int queue, long minute) {
        int base = 2 + queue;
        if (this == CALL_SURGE && queue == SURGE_QUEUE) {
            return (int) Math.min(80, base + 4 * minute);
        }
        if (this == AGENT_OUTAGE) {
            return (int) Math.min(60, base + 2 * minute);
        }
        return base;
    }

    /** Seconds the oldest waiting contact has waited. */
    public double oldestContactAgeSeconds(int queue, long minute) {
        return 15.0 * contactsInQueue(queue, minute);
    }

    /** Agents of one queue not Offline. */
    public int agentsOnline(int queue, long minute, int totalQueues) {
        if (this != AGENT_OUTAGE) {
            return AGENTS_PER_QUEUE;
        }
        int offline = agentsOffline(minute, totalQueues);
        // Agents are numbered queue by queue; the outage takes them in order.
        int firstOfQueue = queue * AGENTS_PER_QUEUE;
        int goneHere = Math.max(0, Math.min(AGENTS_PER_QUEUE, offline - firstOfQueue));
        return AGENTS_PER_QUEUE - goneHere;
    }

    /** How many agents (counted from the first) the outage has taken by this minute. */
    public int agentsOffline(long minute, int totalQueues) {
        return this == AGENT_OUTAGE ? (int) Math.min((long) totalQueues * AGENTS_PER_QUEUE, minute) : 0;
    }

    public int agentsOnContact(int queue, long minute, int totalQueues) {
        int online = agentsOnline(queue, minute, totalQueues);
        return Math.max(0, Math.min(online, online - 1));
    }

    /**
     * Share of the online time of a routing profile's agents spent on contacts, in percent: the surge keeps the
     * Support agents busy, and during the outage the agents left carry the load.
     */
    public double agentOccupancy(int profile, long minute, int totalQueues) {
        if (this == CALL_SURGE && profile == SURGE_QUEUE) {
            return Math.min(98.0, 75.0 + minute);
        }
        if (this == AGENT_OUTAGE) {
            return agentsOnline(profile, minute, totalQueues) == 0 ? 0.0 : Math.min(99.0, 70.0 + 2.0 * minute);
        }
        return 70.0 + profile;
    }

    /** Abandoned share of the contacts of a 15-minute interval, in percent. */
    public double abandonmentRate(int queue, long minute) {
        if (this == CALL_SURGE && queue == SURGE_QUEUE) {
            return Math.min(60.0, 4.0 + 2.0 * minute);
        }
        if (this == AGENT_OUTAGE) {
            return Math.min(80.0, 3.0 + 3.0 * minute);
        }
        return 3.0 + queue;
    }

    /** Share of contacts answered within {@code thresholdSeconds}, in percent. */
    public double serviceLevel(int queue, long minute, double thresholdSeconds) {
        if (!backsUp(queue)) {
            // A queue the scenario leaves alone answers nearly everyone in time, and raises no service-level alert.
            return 92.0 - queue;
        }
        double wait = oldestContactAgeSeconds(queue, minute) / 2;
        double level = 100.0 * thresholdSeconds / (thresholdSeconds + wait);
        return Math.round(level * 10) / 10.0;
    }

    /** Whether the scenario makes this queue's contacts wait: the surge queue, or every queue in an outage. */
    private boolean backsUp(int queue) {
        return this == AGENT_OUTAGE || (this == CALL_SURGE && queue == SURGE_QUEUE);
    }

    public int contactsHandled(int queue, long minute) {
        return 40 + 5 * queue;
    }

    public int contactsAbandoned(int queue, long minute) {
        double rate = abandonmentRate(queue, minute);
        return (int) Math.round(contactsHandled(queue, minute) * rate / (100.0 - rate));
    }

    /** Voice calls in progress on the instance: queued and connected, across its queues. */
    public int concurrentCalls(long minute, int totalQueues) {
        int calls = 0;
        for (int queue = 0; queue < totalQueues; queue++) {
            calls += contactsInQueue(queue, minute) + agentsOnContact(queue, minute, totalQueues);
        }
        return Math.min(CONCURRENT_CALLS_QUOTA, calls);
    }

    private boolean integrationsFailing(long minute) {
        return this == CALL_SURGE && minute >= SURGE_FAILURES_FROM_MINUTE;
    }

    /** Flow blocks that take their error branch in one minute: the surge's overloaded Lambda makes them fail. */
    public int contactFlowErrors(long minute) {
        return integrationsFailing(minute) ? 3 : 0;
    }

    /** Failed invocations of a flow's Lambda function in one minute: it times out under the surge. */
    public int lambdaErrors(long minute) {
        return integrationsFailing(minute) ? 3 : 0;
    }

    public int lambdaInvocations(long minute) {
        return this == CALL_SURGE ? (int) Math.min(400, 40 + 4 * minute) : 40;
    }

    public double lambdaDurationMillis(long minute) {
        return this == CALL_SURGE ? 120.0 + 20.0 * Math.min(minute, 40) : 120.0;
    }

    /** Lex runtime system errors in one minute. */
    public int lexSystemErrors(long minute) {
        return integrationsFailing(minute) ? 2 : 0;
    }

    /** DynamoDB requests throttled in one minute: the lookups' table runs out of capacity a little later. */
    public int dynamoDbThrottles(long minute) {
        return this == CALL_SURGE && minute >= SURGE_FAILURES_FROM_MINUTE + 3 ? 1 : 0;
    }
}
