package io.connectops.scheduling.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.connectops.scheduling.roster.CoverageReport;
import io.connectops.scheduling.roster.ScheduledShift;
import io.connectops.scheduling.staffing.ErlangC;
import io.connectops.scheduling.staffing.QueueLoad;
import io.connectops.scheduling.staffing.QueuePerformance;

/**
 * One day of a published schedule as a supervisor reads it: per interval the agents required against the agents
 * scheduled on the phones (shifts less breaks, counted as coverage counts them), and the power of one: what Erlang C
 * gives for the interval's planned load with the agents there, one less and one more. The load is the one the
 * requirement was computed from; a requirement given as bare agent counts has none, and then no service level.
 */
final class StaffingBoard {

    /** The requirement of one interval and, when it came from a forecast, its load. */
    record Slot(Instant start, int required, QueueLoad load) {
    }

    /** Erlang C for a load with one agent less, the agents there, and one more; {@code oneLess} is null at zero. */
    record PowerOfOne(QueuePerformance oneLess, QueuePerformance current, QueuePerformance oneMore) {
    }

    /** One interval of the day; {@code powerOfOne} is null without a load. */
    record Interval(Instant start, int required, int scheduled, PowerOfOne powerOfOne) {
    }

    private StaffingBoard() {
    }

    /** The intervals of [from, to) where agents are required or scheduled, in time order. */
    static List<Interval> intervals(List<Slot> slots, List<ScheduledShift> shifts, Instant from, Instant to,
            int intervalMinutes) {
        Map<Instant, Integer> requirement = new HashMap<>();
        Map<Instant, QueueLoad> loads = new HashMap<>();
        for (Slot slot : slots) {
            requirement.put(slot.start(), slot.required());
            if (slot.load() != null) {
                loads.put(slot.start(), slot.load());
            }
        }
        List<Interval> intervals = new ArrayList<>();
        for (CoverageReport.Interval interval : CoverageReport.of(requirement, from, to, intervalMinutes, shifts)
                .intervals()) {
            if (interval.required() == 0 && interval.scheduled() == 0) {
                continue;
            }
            QueueLoad load = loads.get(interval.start());
            intervals.add(new Interval(interval.start(), interval.required(), interval.scheduled(),
                    load == null ? null : powerOfOne(load, interval.scheduled())));
        }
        return intervals;
    }

    static PowerOfOne powerOfOne(QueueLoad load, int agents) {
        return new PowerOfOne(agents > 0 ? ErlangC.evaluate(load, agents - 1) : null, ErlangC.evaluate(load, agents),
                ErlangC.evaluate(load, agents + 1));
    }

    /** The start of the interval {@code at} falls in. */
    static Instant intervalOf(Instant at, int intervalMinutes) {
        long seconds = intervalMinutes * 60L;
        return Instant.ofEpochSecond(at.getEpochSecond() - Math.floorMod(at.getEpochSecond(), seconds));
    }
}
