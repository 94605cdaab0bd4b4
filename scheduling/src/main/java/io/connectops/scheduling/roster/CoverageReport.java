package io.connectops.scheduling.roster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Required against scheduled agents on the phones, per interval, computed from the shifts and breaks alone.
 *
 * @param coverage Σ min(scheduled, required) / Σ required: the share of the requirement met, 1 when nothing is required
 */
public record CoverageReport(double coverage, long requiredAgentIntervals, long coveredAgentIntervals,
        long overstaffedAgentIntervals, List<Interval> intervals) {

    public record Interval(Instant start, int required, int scheduled) {
    }

    public static CoverageReport of(Map<Instant, Integer> requirement, Instant from, Instant to, int intervalMinutes,
            List<ScheduledShift> shifts) {
        long intervalSeconds = intervalMinutes * 60L;
        Map<Long, Integer> staffed = new HashMap<>();
        for (ScheduledShift shift : shifts) {
            long first = shift.start().getEpochSecond() - Math.floorMod(shift.start().getEpochSecond(), intervalSeconds);
            for (long t = first; t < shift.end().getEpochSecond(); t += intervalSeconds) {
                long start = Math.max(t, shift.start().getEpochSecond());
                long end = Math.min(t + intervalSeconds, shift.end().getEpochSecond());
                long onPhones = end - start;
                for (ShiftOption.PlacedBreak pause : shift.breaks()) {
                    long overlap = Math.min(end, pause.end().getEpochSecond()) - Math.max(start, pause.start().getEpochSecond());
                    if (overlap > 0) {
                        onPhones -= overlap;
                    }
                }
                if (onPhones * 2 >= intervalSeconds) {
                    staffed.merge(t, 1, Integer::sum);
                }
            }
        }
        List<Interval> intervals = new ArrayList<>();
        long required = 0;
        long covered = 0;
        long over = 0;
        for (long t = from.getEpochSecond(); t < to.getEpochSecond(); t += intervalSeconds) {
            int need = requirement.getOrDefault(Instant.ofEpochSecond(t), 0);
            int have = staffed.getOrDefault(t, 0);
            intervals.add(new Interval(Instant.ofEpochSecond(t), need, have));
            required += need;
            covered += Math.min(need, have);
            over += Math.max(0, have - need);
        }
        return new CoverageReport(required == 0 ? 1.0 : (double) covered / required, required, covered, over, intervals);
    }
}
