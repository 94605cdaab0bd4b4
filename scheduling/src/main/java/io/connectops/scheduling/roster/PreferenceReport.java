package io.connectops.scheduling.roster;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many of the agents' wishes a schedule honours, counted from the shifts alone. Each requested day off inside
 * the schedule's dates is one wish; each shift worked by an agent with shift wishes (preferred windows or starts,
 * unwanted windows) is one more, honoured when it is as preferred and overlaps nothing unwanted.
 */
public record PreferenceReport(int requested, int honoured, int daysOffRequested, int daysOffHonoured,
        int shiftsWithWishes, int shiftsAsWished, int unwantedShiftsWorked) {

    public static PreferenceReport of(RosterBuilder.Problem problem, List<ScheduledShift> shifts) {
        Map<String, RosterAgent> agents = new HashMap<>();
        problem.agents().forEach(agent -> agents.put(agent.id(), agent));
        LocalDate last = problem.from().plusDays(problem.days() - 1L);
        Set<String> worked = new HashSet<>();
        int shiftsWithWishes = 0;
        int shiftsAsWished = 0;
        int unwantedWorked = 0;
        for (ScheduledShift shift : shifts) {
            worked.add(shift.agentId() + "/" + shift.date());
            RosterAgent agent = agents.get(shift.agentId());
            if (agent == null || !agent.preferences().hasShiftWishes()) {
                continue;
            }
            ZonedDateTime localStart = shift.start().atZone(problem.profile().zone());
            ShiftOption option = new ShiftOption("report", 0, shift.date(),
                    localStart.getHour() * 60 + localStart.getMinute(), shift.start(), shift.end(), Map.of(),
                    List.of(List.of()), List.of(List.of()));
            shiftsWithWishes++;
            boolean unwanted = option.unwantedBy(agent.preferences());
            if (unwanted) {
                unwantedWorked++;
            }
            if (!unwanted && option.asPreferredBy(agent.preferences())) {
                shiftsAsWished++;
            }
        }
        int daysOffRequested = 0;
        int daysOffHonoured = 0;
        for (RosterAgent agent : problem.agents()) {
            for (LocalDate date : agent.preferences().daysOff()) {
                if (date.isBefore(problem.from()) || date.isAfter(last)) {
                    continue;
                }
                daysOffRequested++;
                if (!worked.contains(agent.id() + "/" + date)) {
                    daysOffHonoured++;
                }
            }
        }
        return new PreferenceReport(daysOffRequested + shiftsWithWishes, daysOffHonoured + shiftsAsWished,
                daysOffRequested, daysOffHonoured, shiftsWithWishes, shiftsAsWished, unwantedWorked);
    }
}
