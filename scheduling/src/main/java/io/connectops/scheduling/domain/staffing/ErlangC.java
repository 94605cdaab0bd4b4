package io.connectops.scheduling.domain.staffing;

/**
 * Erlang C (M/M/N, callers never hang up). Computed through the Erlang B recursion
 * {@code B(k) = A·B(k−1) / (k + A·B(k−1))}, which stays within [0, 1] at every step, so thousands of agents are
 * fine where {@code A^N/N!} overflows near N = 170.
 */
public final class ErlangC {

    private ErlangC() {
    }

    public static double erlangB(int agents, double traffic) {
        double blocking = 1.0;
        for (int k = 1; k <= agents; k++) {
            blocking = traffic * blocking / (k + traffic * blocking);
        }
        return blocking;
    }

    /** Probability that a contact waits at all; 1 when the queue is overloaded. */
    public static double waitProbability(int agents, double traffic) {
        if (traffic <= 0) {
            return 0.0;
        }
        if (agents <= traffic) {
            return 1.0;
        }
        double blocking = erlangB(agents, traffic);
        return agents * blocking / (agents - traffic * (1 - blocking));
    }

    public static QueuePerformance evaluate(QueueLoad load, int agents) {
        if (agents < 0) {
            throw new IllegalArgumentException("agents must be zero or more");
        }
        double traffic = load.trafficErlangs();
        if (traffic <= 0) {
            return new QueuePerformance(agents, 0.0, 0.0, 1.0, 0.0, 0.0, null);
        }
        if (agents <= traffic) {
            return new QueuePerformance(agents, traffic, 1.0, 0.0, null, 1.0, null);
        }
        double waitProbability = waitProbability(agents, traffic);
        double spareAgents = agents - traffic;
        double serviceLevel = 1 - waitProbability * Math.exp(-spareAgents * load.serviceLevelSeconds() / load.ahtSeconds());
        double asaSeconds = waitProbability * load.ahtSeconds() / spareAgents;
        return new QueuePerformance(agents, traffic, waitProbability, clamp(serviceLevel), asaSeconds,
                traffic / agents, null);
    }

    /** The fewest agents, above the traffic, whose service level reaches the target. */
    public static int agentsForServiceLevel(QueueLoad load, double targetServiceLevel) {
        double traffic = load.trafficErlangs();
        if (traffic <= 0) {
            return 0;
        }
        int agents = (int) Math.floor(traffic) + 1;
        while (evaluate(load, agents).serviceLevel() < targetServiceLevel) {
            agents++;
        }
        return agents;
    }

    static double clamp(double probability) {
        return Math.max(0.0, Math.min(1.0, probability));
    }
}
