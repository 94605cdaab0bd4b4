package io.connectops.notifications.digest;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** When the weekly digest is due: the latest "day at time" in the configured zone that is not after now. */
public final class DigestSchedule {

    private DigestSchedule() {
    }

    public static Instant latestDue(Instant now, DayOfWeek day, LocalTime time, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime candidate = local.with(TemporalAdjusters.previousOrSame(day)).with(time);
        if (candidate.isAfter(local)) {
            candidate = candidate.minusWeeks(1);
        }
        return candidate.toInstant();
    }
}
