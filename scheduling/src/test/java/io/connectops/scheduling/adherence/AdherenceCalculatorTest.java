package io.connectops.scheduling.adherence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.connectops.scheduling.adherence.AdherenceCalculator.Activity;
import io.connectops.scheduling.adherence.AdherenceCalculator.StatusPeriod;
import io.connectops.scheduling.roster.ScheduledShift;
import io.connectops.scheduling.roster.ShiftOption.PlacedBreak;

class AdherenceCalculatorTest {

    private static final Instant NINE = Instant.parse("2026-11-23T09:00:00Z");

    /** 09:00–17:00 with a lunch 12:00–12:30. */
    private static final ScheduledShift SHIFT = new ScheduledShift("a-1", LocalDate.of(2026, 11, 23), NINE,
            NINE.plusSeconds(8 * 3600),
            List.of(new PlacedBreak("lunch", NINE.plusSeconds(3 * 3600), NINE.plusSeconds(3 * 3600 + 1800))));

    @Test
    void adherentMinutesOverScheduledMinutes() {
        // Logs in 10 minutes late, takes lunch on time as "Lunch", stays Available through the afternoon.
        List<StatusPeriod> statuses = List.of(
                new StatusPeriod(NINE.minusSeconds(3600), "Offline"),
                new StatusPeriod(NINE.plusSeconds(600), "Available"),
                new StatusPeriod(NINE.plusSeconds(3 * 3600), "Lunch"),
                new StatusPeriod(NINE.plusSeconds(3 * 3600 + 1800), "Available"));
        AdherenceCalculator.Result result = AdherenceCalculator.compute(List.of(SHIFT), statuses,
                NINE.minusSeconds(9 * 3600), NINE.plusSeconds(15 * 3600));
        assertEquals(8 * 3600, result.scheduledSeconds());
        assertEquals(8 * 3600 - 600, result.adherentSeconds());
        assertEquals(100.0 * (480 - 10) / 480, result.adherencePercent(), 1e-9);
        assertEquals(Activity.OFF, result.activityNow());
    }

    @Test
    void availableDuringLunchIsOutOfAdherenceAndCounted() {
        List<StatusPeriod> statuses = List.of(new StatusPeriod(NINE, "Available"));
        Instant now = NINE.plusSeconds(3 * 3600 + 900);
        AdherenceCalculator.Result result = AdherenceCalculator.compute(List.of(SHIFT), statuses, NINE, now);
        assertEquals(Activity.BREAK, result.activityNow());
        assertFalse(result.adherentNow());
        assertEquals(900, result.nonAdherentForSeconds());
        assertEquals(3 * 3600, result.adherentSeconds());
        assertEquals(3 * 3600 + 900, result.scheduledSeconds());
    }

    @Test
    void nothingScheduledMeansNoPercentage() {
        AdherenceCalculator.Result result = AdherenceCalculator.compute(List.of(), List.of(new StatusPeriod(NINE, "Available")),
                NINE, NINE.plusSeconds(3600));
        assertNull(result.adherencePercent());
        assertTrue(result.adherentNow());
    }
}
