package io.connectops.scheduling.roster;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import io.connectops.scheduling.people.ShiftPreferences;

/**
 * One shift an agent could work on one day: its times, and for each break variant where the breaks fall and which
 * intervals it covers on the phones.
 */
public final class ShiftOption {

    /** A break placed at concrete times. */
    public record PlacedBreak(String name, Instant start, Instant end) {
    }

    @PlanningId
    private final String id;
    private final int dayIndex;
    private final LocalDate date;
    private final Instant start;
    private final Instant end;
    /** Required skills with the minimum proficiency (1–5) each. */
    private final Map<String, Integer> requiredSkills;
    /** Local minute of the day the shift starts at, for matching preferences without time-zone arithmetic. */
    private final int startMinute;
    private final List<List<PlacedBreak>> breaksByVariant;
    private final List<List<IntervalDemand>> coverageByVariant;

    public ShiftOption(String id, int dayIndex, LocalDate date, int startMinute, Instant start, Instant end,
            Map<String, Integer> requiredSkills, List<List<PlacedBreak>> breaksByVariant,
            List<List<IntervalDemand>> coverageByVariant) {
        this.startMinute = startMinute;
        this.id = id;
        this.dayIndex = dayIndex;
        this.date = date;
        this.start = start;
        this.end = end;
        this.requiredSkills = Map.copyOf(requiredSkills);
        this.breaksByVariant = breaksByVariant;
        this.coverageByVariant = coverageByVariant;
    }

    public String getId() {
        return id;
    }

    public int getDayIndex() {
        return dayIndex;
    }

    public LocalDate getDate() {
        return date;
    }

    public Instant getStart() {
        return start;
    }

    public Instant getEnd() {
        return end;
    }

    public int getStartMinute() {
        return startMinute;
    }

    public Map<String, Integer> getRequiredSkills() {
        return requiredSkills;
    }

    public long lengthMinutes() {
        return (end.getEpochSecond() - start.getEpochSecond()) / 60;
    }

    public List<PlacedBreak> breaks(int variant) {
        return breaksByVariant.get(Math.floorMod(variant, breaksByVariant.size()));
    }

    public List<IntervalDemand> coverage(int variant) {
        return coverageByVariant.get(Math.floorMod(variant, coverageByVariant.size()));
    }

    @Override
    public String toString() {
        return id;
    }

    /** Whether this shift is as {@code preferences} wish (see {@link ShiftPreferences#asPreferred}). */
    public boolean asPreferredBy(ShiftPreferences preferences) {
        return preferences.asPreferred(getDate(), getStartMinute(), lengthMinutes());
    }

    /** Whether this shift overlaps a window {@code preferences} do not want. */
    public boolean unwantedBy(ShiftPreferences preferences) {
        return preferences.unwanted(getDate(), getStartMinute(), lengthMinutes());
    }
}
