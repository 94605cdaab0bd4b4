package io.connectops.scheduling.staffing;

/**
 * Erlang C (M/M/N, callers never hang up). Computed through the Erlang B recursion
 * {@code B(k) = A·B(k−1) / (k + A·B(k−1))}, which stays within [0, 1] at every step, so thousands of agents are
 * fine where {@code A^N/N!} overflows near N = 170.
 */
public final class ErlangC {

    /** No search goes past this many agents: with traffic at most 10⁵ Erlangs the answer is below 115,000. */
    public static final int MAX_AGENTS = 250_000;

    /**
     * Budget steps per Erlang B step: each divides by the result of the one before, so it waits for the divider
     * (about 4 ns here) where a step of Erlang A's arrays pipelines.
     */
    static final long STEP_COST = 4;

    /**
     * From this traffic on, the recursion starts {@value #SHORTCUT_SPREAD}·√A below A instead of at 0. There
     * {@code A·B(k)} is within O(1) of its fixed point {@code A − k}, and each step shrinks a starting error by
     * {@code k/A}: by k = A the error has shrunk by e^−72, far below a double's precision, and past A the recursion
     * never enlarges a relative error. The values are the full recursion's, bit for bit, in every case compared
     * (ErlangCTest); it makes one Erlang B O(√A) instead of O(A) for the largest queues.
     */
    static final double SHORTCUT_TRAFFIC = 1_000;
    static final double SHORTCUT_SPREAD = 12;

    private ErlangC() {
    }

    public static double erlangB(int agents, double traffic) {
        return erlangB(agents, traffic, null);
    }

    private static double erlangB(int agents, double traffic, ComputeBudget budget) {
        int from = recursionStart(agents, traffic);
        double blocking = from == 0 ? 1.0 : 1 - from / traffic;
        if (budget != null) {
            budget.spend(STEP_COST * ((long) agents - from), "Erlang C");
        }
        for (int k = from + 1; k <= agents; k++) {
            blocking = traffic * blocking / (k + traffic * blocking);
        }
        return blocking;
    }

    private static int recursionStart(int agents, double traffic) {
        if (traffic < SHORTCUT_TRAFFIC) {
            return 0;
        }
        int start = (int) Math.floor(traffic - SHORTCUT_SPREAD * Math.sqrt(traffic));
        return start < agents ? start : 0;
    }

    /** Probability that a contact waits at all; 1 when the queue is overloaded. */
    public static double waitProbability(int agents, double traffic) {
        if (traffic <= 0) {
            return 0.0;
        }
        if (agents <= traffic) {
            return 1.0;
        }
        return waitProbability(agents, traffic, erlangB(agents, traffic));
    }

    private static double waitProbability(int agents, double traffic, double blocking) {
        return agents * blocking / (agents - traffic * (1 - blocking));
    }

    public static QueuePerformance evaluate(QueueLoad load, int agents) {
        return evaluate(load, agents, null);
    }

    /** As {@link #evaluate(QueueLoad, int)}, spending the Erlang B steps from {@code budget} (none when null). */
    public static QueuePerformance evaluate(QueueLoad load, int agents, ComputeBudget budget) {
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
        return evaluate(load, agents, traffic, erlangB(agents, traffic, budget));
    }

    private static QueuePerformance evaluate(QueueLoad load, int agents, double traffic, double blocking) {
        double waitProbability = waitProbability(agents, traffic, blocking);
        double spareAgents = agents - traffic;
        double serviceLevel = 1 - waitProbability * Math.exp(-spareAgents * load.serviceLevelSeconds() / load.ahtSeconds());
        double asaSeconds = waitProbability * load.ahtSeconds() / spareAgents;
        return new QueuePerformance(agents, traffic, waitProbability, clamp(serviceLevel), asaSeconds,
                traffic / agents, null);
    }

    /** The fewest agents, above the traffic, whose service level reaches the target. */
    public static int agentsForServiceLevel(QueueLoad load, double targetServiceLevel) {
        return agentsForServiceLevel(load, targetServiceLevel, ComputeBudget.perRequest());
    }

    /**
     * The fewest agents, above the traffic, whose service level reaches the target. One pass upwards: Erlang B of
     * N + 1 agents is one recursion step from that of N, so the search costs O(A + answer − A) steps rather than
     * O(A) per candidate, with the same values as evaluating each candidate afresh. The service level of Erlang C
     * reaches 1 in double precision about 9·√A agents above A, so the pass always ends; {@link #MAX_AGENTS} and
     * the budget bound it all the same.
     */
    public static int agentsForServiceLevel(QueueLoad load, double targetServiceLevel, ComputeBudget budget) {
        return search(load, targetServiceLevel, budget).agents();
    }

    /** What {@link #agentsForServiceLevel} finds, with its performance: no second Erlang B to evaluate it. */
    public static QueuePerformance search(QueueLoad load, double targetServiceLevel, ComputeBudget budget) {
        double traffic = load.trafficErlangs();
        if (traffic <= 0) {
            return evaluate(load, 0);
        }
        if (traffic >= MAX_AGENTS) {
            throw new StaffingLimitException("traffic of " + traffic + " Erlangs is beyond the " + MAX_AGENTS
                    + " agents a search may reach");
        }
        int agents = (int) Math.floor(traffic) + 1;
        double blocking = erlangB(agents, traffic, budget);
        QueuePerformance performance = evaluate(load, agents, traffic, blocking);
        while (performance.serviceLevel() < targetServiceLevel) {
            if (agents >= MAX_AGENTS) {
                throw new StaffingLimitException("no staffing up to " + MAX_AGENTS + " agents reaches the target");
            }
            budget.spend(STEP_COST, "Erlang C");
            agents++;
            blocking = traffic * blocking / (agents + traffic * blocking);
            performance = evaluate(load, agents, traffic, blocking);
        }
        return performance;
    }

    static double clamp(double probability) {
        return Math.max(0.0, Math.min(1.0, probability));
    }
}
