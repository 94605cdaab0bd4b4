package io.connectops.scheduling.domain.staffing;

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
        if (patienceSeconds == null || agents == 0) {
            return ErlangC.evaluate(load, agents);
        }
        return ErlangA.evaluate(load, agents, patienceSeconds);
    }

    public static StaffingPlan plan(QueueLoad load, int agents, double shrinkage, Double patienceSeconds) {
        checkShrinkage(shrinkage);
        return new StaffingPlan(evaluate(load, agents, patienceSeconds), withShrinkage(agents, shrinkage));
    }

    public static StaffingPlan required(QueueLoad load, double targetServiceLevel, double maxOccupancy,
            double shrinkage, Double patienceSeconds) {
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
        int agents;
        if (patienceSeconds == null) {
            agents = Math.max(ErlangC.agentsForServiceLevel(load, targetServiceLevel),
                    ceil(traffic / maxOccupancy));
        } else {
            agents = Math.max(1, ceil(traffic));
            while (true) {
                QueuePerformance performance = ErlangA.evaluate(load, agents, patienceSeconds);
                if (performance.serviceLevel() >= targetServiceLevel && performance.occupancy() <= maxOccupancy) {
                    break;
                }
                agents++;
            }
        }
        return new StaffingPlan(evaluate(load, agents, patienceSeconds), withShrinkage(agents, shrinkage));
    }

    public static int withShrinkage(int agents, double shrinkage) {
        return ceil(agents / (1 - shrinkage));
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
