package io.connectops.ingest.service;

import java.time.Duration;
import java.time.Instant;

/**
 * Which 15-minute intervals one GetMetricDataV2 poll reads, on the source's clock: the intervals that closed at
 * least {@code settle} ago and were not published yet, and, once, the published intervals that are
 * {@code correctionDelay} older than that (Connect finishes some figures late: those are read again and a changed
 * value is published as a correction). Free of I/O.
 *
 * @param start the first interval to publish starts here (equal to {@code end}: none)
 * @param end the end of the last interval to publish
 * @param correctFrom intervals ending after this ...
 * @param correctTo ... and at or before this are read again (equal: none)
 */
public record IntervalWindow(Instant start, Instant end, Instant correctFrom, Instant correctTo) {

    public static final Duration INTERVAL = Duration.ofMinutes(15);

    /**
     * @param lastEnd the end of the last interval published, null before the first poll
     * @param lastCorrected the end of the last interval read again, null before the first correction
     */
    public static IntervalWindow of(Instant sourceNow, Duration settle, Duration correctionDelay, Duration catchUp,
            Instant lastEnd, Instant lastCorrected) {
        Instant settled = sourceNow.minus(settle);
        Instant end = closedEnd(settled);
        Instant earliest = end.minus(catchUp);
        Instant start = lastEnd == null ? end.minus(INTERVAL) : lastEnd.isBefore(earliest) ? earliest : lastEnd;
        if (start.isAfter(end)) {
            start = end;
        }
        Instant correctTo = closedEnd(settled.minus(correctionDelay));
        if (lastEnd == null || correctTo.isAfter(lastEnd)) {
            // Only what was published is corrected; before the first publication, nothing.
            correctTo = lastEnd == null ? end : lastEnd;
        }
        Instant correctFrom = lastCorrected != null ? lastCorrected : correctTo.minus(INTERVAL);
        if (correctFrom.isBefore(earliest)) {
            correctFrom = earliest;
        }
        if (lastEnd == null || !correctTo.isAfter(correctFrom)) {
            correctFrom = correctTo;
        }
        return new IntervalWindow(start, end, correctFrom, correctTo);
    }

    /** The end of the last interval closed at {@code at}. */
    public static Instant closedEnd(Instant at) {
        long seconds = INTERVAL.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }

    public boolean publishes() {
        return start.isBefore(end);
    }

    public boolean corrects() {
        return correctFrom.isBefore(correctTo);
    }

    /** Whether a poll now would read anything. */
    public boolean isDue() {
        return publishes() || corrects();
    }

    /** The range one GetMetricDataV2 read covers: the intervals to correct and those to publish. */
    public Instant readStart() {
        return corrects() && correctFrom.isBefore(start) ? correctFrom : start;
    }

    public boolean isCorrection(Instant intervalEnd) {
        return intervalEnd.isAfter(correctFrom) && !intervalEnd.isAfter(correctTo);
    }
}
