package io.connectops.scheduling.people;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * Which shifts a staffing group may work, as a weekly template in a time zone (local times, so DST is handled by
 * the calendar): working days, the earliest start and latest end, the allowed lengths, how finely starts may be
 * placed, and the breaks with their placement windows.
 *
 * @param latestEnd the latest local end; {@code 00:00} means midnight at the end of the day
 * @param breakVariants how many staggered placements of the breaks to offer, spread over their windows
 */
public record ShiftProfile(
        ZoneId zone,
        Set<DayOfWeek> days,
        LocalTime earliestStart,
        LocalTime latestEnd,
        List<Integer> lengthsMinutes,
        int startStepMinutes,
        List<BreakRule> breaks,
        int breakVariants) {

    public ShiftProfile {
        days = Set.copyOf(days);
        lengthsMinutes = List.copyOf(lengthsMinutes);
        breaks = List.copyOf(breaks);
        if (days.isEmpty() || lengthsMinutes.isEmpty() || startStepMinutes <= 0 || breakVariants <= 0) {
            throw new IllegalArgumentException("a shift profile needs days, lengths, a start step and break variants");
        }
        if (!LocalTime.MIDNIGHT.equals(latestEnd) && !latestEnd.isAfter(earliestStart)) {
            throw new IllegalArgumentException("latestEnd must be after earliestStart");
        }
    }

    /** Minutes from midnight to the latest end; midnight counts as the end of the day. */
    public int latestEndMinute() {
        return LocalTime.MIDNIGHT.equals(latestEnd) ? 24 * 60 : latestEnd.getHour() * 60 + latestEnd.getMinute();
    }

    public int earliestStartMinute() {
        return earliestStart.getHour() * 60 + earliestStart.getMinute();
    }
}
