package io.connectops.scheduling.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OvernightTest {

    private static final Recurrence WEEKDAYS_AT_EIGHT = Recurrence.parse("0 0 8 ? * MON-FRI", "Europe/Paris");
    private static final Optional<LocalTime> SIX_PM = Optional.of(LocalTime.of(18, 0));

    @Test
    void aMondayCheckLooksBackToTheEndOfFridayInTheTemplatesZone() {
        // Monday 31 March 2025, 08:00 in Paris (summer time since Sunday); Friday 18:00 was still winter time.
        Instant monday = Instant.parse("2025-03-31T06:00:00Z");
        Overnight night = Overnight.before(WEEKDAYS_AT_EIGHT, monday, monday.plusSeconds(30), SIX_PM);
        assertThat(night.from()).isEqualTo(Instant.parse("2025-03-28T17:00:00Z"));
        assertThat(night.to()).isEqualTo(monday.plusSeconds(30));
    }

    @Test
    void aTuesdayCheckLooksBackToMondayEvening() {
        Instant tuesday = Instant.parse("2025-04-01T06:00:00Z");
        assertThat(Overnight.before(WEEKDAYS_AT_EIGHT, tuesday, tuesday, SIX_PM).from())
                .isEqualTo(Instant.parse("2025-03-31T16:00:00Z"));
    }

    @Test
    void withoutAnEndOfTheBusinessDayTheNightIsTheDayBefore() {
        Instant monday = Instant.parse("2025-03-31T06:00:00Z");
        assertThat(Overnight.before(WEEKDAYS_AT_EIGHT, monday, monday, Optional.empty()).from())
                .isEqualTo(Instant.parse("2025-03-30T06:00:00Z"));
    }
}
