package io.connectops.scheduling.adherence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.connectops.scheduling.roster.ScheduledShift;
import io.connectops.scheduling.roster.ShiftOption;

/**
 * Adherence as Amazon Connect defines it: adherent minutes over scheduled minutes, where an agent is adherent when
 * Available during a productive activity, or in a non-productive status (not Available, not Offline) during a
 * break. Time outside shifts is not scheduled and does not count.
 */
public final class AdherenceCalculator {

    public enum Activity { PRODUCTIVE, BREAK, OFF }

    /** A status the agent was in from {@code since} until the next change. */
    public record StatusPeriod(Instant since, String status) {
    }

    public record Result(long scheduledSeconds, long adherentSeconds, Activity activityNow, String statusNow,
            boolean adherentNow, long nonAdherentForSeconds) {

        public Double adherencePercent() {
            return scheduledSeconds == 0 ? null : 100.0 * adherentSeconds / scheduledSeconds;
        }
    }

    private AdherenceCalculator() {
    }

    public static boolean productiveStatus(String status) {
        return status != null && status.toLowerCase(Locale.ROOT).equals("available");
    }

    static boolean breakStatus(String status) {
        return status != null && !productiveStatus(status) && !status.equalsIgnoreCase("offline");
    }

    public static Activity activityAt(List<ScheduledShift> shifts, Instant at) {
        for (ScheduledShift shift : shifts) {
            if (!at.isBefore(shift.start()) && at.isBefore(shift.end())) {
                for (ShiftOption.PlacedBreak pause : shift.breaks()) {
                    if (!at.isBefore(pause.start()) && at.isBefore(pause.end())) {
                        return Activity.BREAK;
                    }
                }
                return Activity.PRODUCTIVE;
            }
        }
        return Activity.OFF;
    }

    static boolean adherent(Activity activity, String status) {
        return switch (activity) {
            case PRODUCTIVE -> productiveStatus(status);
            case BREAK -> breakStatus(status);
            case OFF -> true;
        };
    }

    /**
     * Walks [from, to) at every boundary where the schedule or the status changes.
     *
     * @param statuses changes sorted by time; the first may start before {@code from} (the status carried in)
     */
    public static Result compute(List<ScheduledShift> shifts, List<StatusPeriod> statuses, Instant from, Instant to) {
        List<Instant> boundaries = new ArrayList<>();
        boundaries.add(from);
        boundaries.add(to);
        for (ScheduledShift shift : shifts) {
            boundaries.add(shift.start());
            boundaries.add(shift.end());
            for (ShiftOption.PlacedBreak pause : shift.breaks()) {
                boundaries.add(pause.start());
                boundaries.add(pause.end());
            }
        }
        statuses.forEach(s -> boundaries.add(s.since()));
        List<Instant> points = boundaries.stream().filter(t -> !t.isBefore(from) && !t.isAfter(to))
                .distinct().sorted().toList();
        long scheduled = 0;
        long adherent = 0;
        long nonAdherentSince = -1;
        for (int i = 0; i + 1 < points.size(); i++) {
            Instant start = points.get(i);
            long seconds = Duration.between(start, points.get(i + 1)).getSeconds();
            Activity activity = activityAt(shifts, start);
            String status = statusAt(statuses, start);
            boolean ok = adherent(activity, status);
            if (activity != Activity.OFF) {
                scheduled += seconds;
                if (ok) {
                    adherent += seconds;
                }
            }
            if (ok) {
                nonAdherentSince = -1;
            } else if (nonAdherentSince < 0) {
                nonAdherentSince = start.getEpochSecond();
            }
        }
        Instant now = to.minusMillis(1);
        Activity activityNow = activityAt(shifts, now);
        String statusNow = statusAt(statuses, now);
        boolean adherentNow = adherent(activityNow, statusNow);
        long outFor = adherentNow || nonAdherentSince < 0 ? 0 : to.getEpochSecond() - nonAdherentSince;
        return new Result(scheduled, adherent, activityNow, statusNow, adherentNow, outFor);
    }

    static String statusAt(List<StatusPeriod> statuses, Instant at) {
        String status = "Offline";
        for (StatusPeriod period : statuses) {
            if (period.since().isAfter(at)) {
                break;
            }
            status = period.status();
        }
        return status;
    }
}
