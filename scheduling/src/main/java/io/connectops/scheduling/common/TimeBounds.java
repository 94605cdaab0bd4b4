package io.connectops.scheduling.common;

import java.time.Instant;
import java.time.LocalDate;

import io.connectops.platform.problem.ProblemException;

/**
 * The dates and instants scheduling accepts: years 1 to 9999. Far inside what PostgreSQL stores (4713 BC to
 * 294276 AD) and what {@code LocalDate} arithmetic reaches ({@code plusDays(1)} on {@code +999999999-12-31}
 * throws), so a far date is a 400 naming its field rather than a 500 from the database or the date code.
 */
public final class TimeBounds {

    public static final LocalDate EARLIEST_DATE = LocalDate.of(1, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(9999, 12, 31);
    public static final Instant EARLIEST = Instant.parse("0001-01-02T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-30T23:59:59Z");

    private TimeBounds() {
    }

    /** {@code value} itself; null passes, for optional fields. */
    public static Instant check(String field, Instant value) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            throw ProblemException.invalid(field, "must be between " + EARLIEST + " and " + LATEST);
        }
        return value;
    }

    /** {@code value} itself; null passes, for optional fields. */
    public static LocalDate check(String field, LocalDate value) {
        if (value != null && (value.isBefore(EARLIEST_DATE) || value.isAfter(LATEST_DATE))) {
            throw ProblemException.invalid(field, "must be between " + EARLIEST_DATE + " and " + LATEST_DATE);
        }
        return value;
    }
}
