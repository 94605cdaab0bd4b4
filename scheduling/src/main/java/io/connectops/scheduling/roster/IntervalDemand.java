package io.connectops.scheduling.roster;

import java.time.Instant;

import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import io.connectops.scheduling.staffing.ErlangC;
import io.connectops.scheduling.staffing.QueueLoad;

/**
 * Agents needed on the phones in one interval, and what each missing agent costs.
 *
 * @param shortageCost {@code shortageCost[n]} is the soft penalty with {@code n} agents, for n below the
 *         requirement; the service fills it from Erlang C so that a missing agent weighs by its service-level impact
 */
public record IntervalDemand(@PlanningId Integer index, Instant start, int required, long[] shortageCost) {

    /** Without a queue load, shortages cost quadratically: two intervals one agent short beat one two short. */
    public static IntervalDemand quadratic(int index, Instant start, int required) {
        long[] cost = new long[required + 1];
        for (int n = 0; n <= required; n++) {
            cost[n] = 100L * (required - n) * (required - n);
        }
        return new IntervalDemand(index, start, required, cost);
    }

    /**
     * A missing agent costs the contacts it leaves unanswered within the threshold: {@code contacts · (SL(required)
     * − SL(n))}, from Erlang C, plus a small linear term so that even a shortage the service level barely feels
     * still counts.
     */
    public static IntervalDemand serviceLevelWeighted(int index, Instant start, int required,
            QueueLoad load) {
        long[] cost = new long[required + 1];
        double target = ErlangC.evaluate(load, required).serviceLevel();
        for (int n = 0; n <= required; n++) {
            double achieved = ErlangC.evaluate(load, n).serviceLevel();
            cost[n] = 100L * (required - n) + Math.round(100 * load.contacts() * Math.max(0, target - achieved));
        }
        return new IntervalDemand(index, start, required, cost);
    }

    public long shortage(int staffed) {
        return staffed >= required ? 0 : shortageCost[staffed];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IntervalDemand && ((IntervalDemand) other).index.equals(index);
    }

    @Override
    public int hashCode() {
        return index;
    }
}
