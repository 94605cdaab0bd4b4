package io.connectops.scheduling.people;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/** A shift profile as the API shows it. */
public record ShiftProfileView(UUID id, String name, String timeZone, List<DayOfWeek> days, LocalTime earliestStart,
        LocalTime latestEnd, List<Integer> lengthsMinutes, int startStepMinutes, List<BreakRule> breaks,
        int breakVariants, Instant createdAt) {

    public static ShiftProfileView of(ShiftProfileEntity shiftProfile) {
        return new ShiftProfileView(shiftProfile.id, shiftProfile.name, shiftProfile.timeZone, shiftProfile.days,
                shiftProfile.earliestStart, shiftProfile.latestEnd, shiftProfile.lengthsMinutes,
                shiftProfile.startStepMinutes, shiftProfile.breaks, shiftProfile.breakVariants, shiftProfile.createdAt);
    }
}
