package io.connectops.scheduling.staffing;

/**
 * Turns a queue load and a target into agents, as pyworkforce does: the fewest agents meeting the service level,
 * raised to {@code ceil(A / maxOccupancy)} when occupancy would exceed the cap, then divided by
 * {@code 1 − shrinkage} (rounded up) for the agents to schedule.
 */
public final class StaffingCalculator {

    /** Rounding guard: 14 / 0.7 must stay 20, not become 21 through a last-bit error. */
    private static final double CEIL_TOLERANCE = 1e-9;

    private StaffingCalculator() {
    }

    /**
     * @param patienceSeconds {@code null} for Erlang C, else Erlang A with this mean patience
     */
    public static QueuePerformance evaluate(QueueLoad load, int agents, Double patienceSeconds) {
        return evaluate(load, agents, patienceSeconds, ComputeBudget.perRequest());
    }

    public static QueuePerformance evaluate(QueueLoad load, int agents, Double patienceSeconds,
            ComputeBudget budget) {
        if (patienceSeconds == null || agents == 0) {
            return ErlangC.evaluate(load, agents, budget);
        }
        return ErlangA.evaluate(load, agents, patienceSeconds, budget);
    }

    public static StaffingPlan plan(QueueLoad load, int agents, double shrinkage, Double patienceSeconds) {
        return plan(load, agents, shrinkage, patienceSeconds, ComputeBudget.perRequest());
    }

    public static StaffingPlan plan(QueueLoad load, int agents, double shrinkage, Double patienceSeconds,
            ComputeBudget budget) {
        checkShrinkage(shrinkage);
        return new StaffingPlan(evaluate(load, agents, patienceSeconds, budget), withShrinkage(agents, shrinkage));
    }

    public static StaffingPlan required(QueueLoad load, double targetServiceLevel, double maxOccupancy,
            double shrinkage, Double patienceSeconds) {
        return required(load, targetServiceLevel, maxOccupancy, shrinkage, patienceSeconds,
                ComputeBudget.perRequest());
    }

    /** The plan for the fewest agents meeting the target; every step of the search is spent from {@code budget}. */
    public static StaffingPlan required(QueueLoad load, double targetServiceLevel, double maxOccupancy,
            double shrinkage, Double patienceSeconds, ComputeBudget budget) {
        if (!(targetServiceLevel >= 0 && targetServiceLevel <= 1)) {
            throw new IllegalArgumentException("targetServiceLevel must be within 0..1");
        }
        if (!(maxOccupancy > 0 && maxOccupancy <= 1)) {
            throw new IllegalArgumentException("maxOccupancy must be within (0, 1]");
        }
        checkShrinkage(shrinkage);
        double traffic = load.trafficErlangs();
        if (traffic <= 0) {
            return new StaffingPlan(ErlangC.evaluate(load, 0), 0);
        }
        if (patienceSeconds == null) {
            QueuePerformance found = ErlangC.search(load, targetServiceLevel, budget);
            int agents = Math.max(found.agents(), ceil(traffic / maxOccupancy));
            QueuePerformance performance = agents == found.agents() ? found : ErlangC.evaluate(load, agents, budget);
            return new StaffingPlan(performance, withShrinkage(agents, shrinkage));
        }
        int agents = erlangAAgents(load, targetServiceLevel, maxOccupancy, patienceSeconds, budget);
        return new StaffingPlan(evaluate(load, agents, patienceSeconds, budget), withShrinkage(agents, shrinkage));
    }

    /**
     * The fewest agents from {@code ceil(A)} on that meet both the service level and the occupancy cap. Both
     * improve with every agent added, so the answer is found by doubling the step until a staffing meets them and
     * then halving back: O(log) Erlang A solutions where a step-by-step search needs one per agent. It is the same
     * answer as the step-by-step search, and it ends where that one need not: a target of 1 may never be reached
     * in double precision under Erlang A.
     */
    private static int erlangAAgents(QueueLoad load, double targetServiceLevel, double maxOccupancy,
            double patienceSeconds, ComputeBudget budget) {
        if (load.trafficErlangs() >= ErlangC.MAX_AGENTS) {
            throw new StaffingLimitException("traffic of " + load.trafficErlangs() + " Erlangs is beyond the "
                    + ErlangC.MAX_AGENTS + " agents a search may reach");
        }
        int failing = Math.max(1, ceil(load.trafficErlangs())) - 1;
        int meeting = -1;
        for (long step = 1; meeting < 0; step *= 2) {
            int probe = (int) Math.min(failing + step, ErlangC.MAX_AGENTS);
            if (meets(load, probe, targetServiceLevel, maxOccupancy, patienceSeconds, budget)) {
                meeting = probe;
            } else if (probe == ErlangC.MAX_AGENTS) {
                throw new StaffingLimitException("no staffing up to " + ErlangC.MAX_AGENTS
                        + " agents reaches the target under Erlang A");
            } else {
                failing = probe;
            }
        }
        while (meeting - failing > 1) {
            int probe = failing + (meeting - failing) / 2;
            if (meets(load, probe, targetServiceLevel, maxOccupancy, patienceSeconds, budget)) {
                meeting = probe;
            } else {
                failing = probe;
            }
        }
        return meeting;
    }

    private static boolean meets(QueueLoad load, int agents, double targetServiceLevel, double maxOccupancy,
            double patienceSeconds, ComputeBudget budget) {
        QueuePerformance performance = ErlangA.evaluate(load, agents, patienceSeconds, budget);
        return performance.serviceLevel() >= targetServiceLevel && performance.occupancy() <= maxOccupancy;
    }

    /** Computed in double and refused past an int, where a cast would silently saturate. */
    public static int withShrinkage(int agents, double shrinkage) {
        double scheduled = Math.ceil(agents / (1 - shrinkage) - CEIL_TOLERANCE);
        if (scheduled > Integer.MAX_VALUE) {
            throw new StaffingLimitException("a shrinkage of " + shrinkage + " needs more agents than can be counted");
        }
        return (int) scheduled;
    }

    private static void checkShrinkage(double shrinkage) {
        if (!(shrinkage >= 0 && shrinkage < 1)) {
            throw new IllegalArgumentException("shrinkage must be within [0, 1)");
        }
    }

    private static int ceil(double value) {
        return (int) Math.ceil(value - CEIL_TOLERANCE);
    }
}
