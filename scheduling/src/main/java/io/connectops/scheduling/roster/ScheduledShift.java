package io.connectops.scheduling.roster;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A shift in a schedule: who, which day, when, and the breaks in it. */
public record ScheduledShift(String agentId, LocalDate date, Instant start, Instant end,
        List<ShiftOption.PlacedBreak> breaks) {

    public ScheduledShift {
        breaks = List.copyOf(breaks);
    }

    public long minutes() {
        return (end.getEpochSecond() - start.getEpochSecond()) / 60;
    }

    public static List<ScheduledShift> of(Roster roster) {
        return roster.getAgentDays().stream()
                .filter(AgentDay::isWorking)
                .map(day -> new ScheduledShift(day.getAgent().id(), day.getShift().getDate(),
                        day.getShift().getStart(), day.getShift().getEnd(),
                        day.getShift().breaks(day.getAgent().breakVariant())))
                .toList();
    }
}
