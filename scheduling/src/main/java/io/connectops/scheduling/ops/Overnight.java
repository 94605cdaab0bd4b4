package io.connectops.scheduling.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;

/**
 * The night before a start-of-day check: from the end of the previous business day until {@code to} (when the
 * check's task is made). The previous business day is the last day before the check's own on which its template
 * runs, so a Monday check of a {@code MON-FRI} template looks back to Friday evening; without a configured end of
 * the business day, the night is the 24 hours before the check.
 */
public record Overnight(Instant from, Instant to) {

    public static Overnight before(Recurrence template, Instant occurrence, Instant to,
            Optional<LocalTime> businessDayEnd) {
        Instant dayBefore = occurrence.minus(Duration.ofHours(24));
        if (businessDayEnd.isEmpty()) {
            return new Overnight(dayBefore, to);
        }
        Instant startOfDay = occurrence.atZone(template.zone()).toLocalDate().atStartOfDay(template.zone()).toInstant();
        Instant from = template.latestAtOrBefore(startOfDay.minusSeconds(1))
                .map(previous -> previous.atZone(template.zone()).toLocalDate())
                .map(day -> day.atTime(businessDayEnd.get()).atZone(template.zone()).toInstant())
                .orElse(dayBefore);
        return new Overnight(from, to);
    }
}
