package io.connectops.scheduling.roster;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.connectops.scheduling.people.BreakRule;
import io.connectops.scheduling.people.ShiftProfile;
import io.connectops.scheduling.people.StaffRules;

/**
 * Checks a finished schedule against every hard rule, from the shifts alone and without the solver's score, so
 * that a modelling mistake in the constraints cannot hide a broken rule.
 */
public final class HardRuleCheck {

    private HardRuleCheck() {
    }

    public static List<String> violations(RosterBuilder.Problem problem, List<ScheduledShift> shifts) {
        List<String> violations = new ArrayList<>();
        ShiftProfile profile = problem.profile();
        StaffRules rules = problem.rules();
        Map<String, RosterAgent> agents = new HashMap<>();
        problem.agents().forEach(agent -> agents.put(agent.id(), agent));
        Map<String, List<ScheduledShift>> byAgent = new HashMap<>();
        LocalDate last = problem.from().plusDays(problem.days() - 1L);

        for (ScheduledShift shift : shifts) {
            RosterAgent agent = agents.get(shift.agentId());
            String where = shift.agentId() + " on " + shift.date();
            if (agent == null) {
                violations.add(where + ": not in the group");
                continue;
            }
            byAgent.computeIfAbsent(agent.id(), id -> new ArrayList<>()).add(shift);
            if (shift.date().isBefore(problem.from()) || shift.date().isAfter(last)) {
                violations.add(where + ": outside the schedule's dates");
            }
            if (!agent.hasSkills(problem.skillLevels())) {
                violations.add(where + ": lacks skills at proficiency " + problem.skillLevels());
            }
            for (TimeOff off : agent.timeOff()) {
                if (off.overlaps(shift.start(), shift.end())) {
                    violations.add(where + ": works during time off");
                }
            }
            if (shift.minutes() < rules.minMinutesPerDay() || shift.minutes() > rules.maxMinutesPerDay()) {
                violations.add(where + ": " + shift.minutes() + " minutes is outside the daily hours");
            }
            ZonedDateTime localStart = shift.start().atZone(profile.zone());
            ZonedDateTime localEnd = shift.end().atZone(profile.zone());
            ZonedDateTime dayStart = shift.date().atStartOfDay(profile.zone());
            if (!profile.days().contains(shift.date().getDayOfWeek())) {
                violations.add(where + ": not a working day of the shift profile");
            }
            if (!localStart.toLocalDate().equals(shift.date())
                    || localStart.isBefore(dayStart.plusMinutes(profile.earliestStartMinute()))
                    || localEnd.isAfter(dayStart.plusMinutes(profile.latestEndMinute()))) {
                violations.add(where + ": outside the profile's hours");
            }
            if (!profile.lengthsMinutes().contains((int) shift.minutes())) {
                violations.add(where + ": length " + shift.minutes() + " is not one of the profile's");
            }
            violations.addAll(breakViolations(where, profile, rules, shift));
        }

        for (Map.Entry<String, List<ScheduledShift>> entry : byAgent.entrySet()) {
            RosterAgent agent = agents.get(entry.getKey());
            List<ScheduledShift> own = new ArrayList<>(entry.getValue());
            own.sort(Comparator.comparing(ScheduledShift::start));
            int consecutive = 0;
            LocalDate previousDate = null;
            for (int i = 0; i < own.size(); i++) {
                ScheduledShift shift = own.get(i);
                if (i > 0) {
                    ScheduledShift previous = own.get(i - 1);
                    if (previous.date().equals(shift.date())) {
                        violations.add(agent.id() + " on " + shift.date() + ": more than one shift");
                    }
                    long rest = ChronoUnit.MINUTES.between(previous.end(), shift.start());
                    if (rest < rules.minRestMinutes()) {
                        violations.add(agent.id() + " on " + shift.date() + ": only " + rest + " minutes of rest");
                    }
                }
                consecutive = previousDate != null && previousDate.plusDays(1).equals(shift.date()) ? consecutive + 1 : 1;
                if (consecutive > rules.maxConsecutiveDays()) {
                    violations.add(agent.id() + " on " + shift.date() + ": day " + consecutive + " in a row");
                }
                previousDate = shift.date();
            }
        }

        for (RosterAgent agent : problem.agents()) {
            List<ScheduledShift> own = byAgent.getOrDefault(agent.id(), List.of());
            for (int week = 0; week * 7 < problem.days(); week++) {
                LocalDate weekStart = problem.from().plusDays(week * 7L);
                LocalDate weekEnd = weekStart.plusDays(Math.min(7, problem.days() - week * 7L));
                long minutes = own.stream()
                        .filter(s -> !s.date().isBefore(weekStart) && s.date().isBefore(weekEnd))
                        .mapToLong(ScheduledShift::minutes).sum();
                if (minutes > rules.maxMinutesPerWeek()) {
                    violations.add(agent.id() + " week of " + weekStart + ": " + minutes + " minutes, above the maximum");
                }
                long minimum = RosterBuilder.weekMinimumMinutes(rules, workableDays(problem, agent, weekStart, weekEnd));
                if (minutes < minimum) {
                    violations.add(agent.id() + " week of " + weekStart + ": " + minutes + " minutes, below " + minimum);
                }
            }
        }
        return violations;
    }

    /** Days of the week the agent could work at all: profile days, skills, and some shift clear of time off. */
    private static int workableDays(RosterBuilder.Problem problem, RosterAgent agent, LocalDate from, LocalDate to) {
        if (!agent.hasSkills(problem.skillLevels())) {
            return 0;
        }
        ShiftProfile profile = problem.profile();
        int workable = 0;
        for (LocalDate date = from; date.isBefore(to); date = date.plusDays(1)) {
            if (!profile.days().contains(date.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime midnight = date.atStartOfDay(profile.zone());
            boolean any = false;
            for (int length : profile.lengthsMinutes()) {
                if (length < problem.rules().minMinutesPerDay() || length > problem.rules().maxMinutesPerDay()) {
                    continue;
                }
                for (int start = profile.earliestStartMinute(); start + length <= profile.latestEndMinute() && !any;
                        start += profile.startStepMinutes()) {
                    any = agent.availableFor(midnight.plusMinutes(start).toInstant(),
                            midnight.plusMinutes(start + length).toInstant());
                }
            }
            if (any) {
                workable++;
            }
        }
        return workable;
    }

    private static List<String> breakViolations(String where, ShiftProfile profile, StaffRules rules,
            ScheduledShift shift) {
        List<String> violations = new ArrayList<>();
        if (shift.breaks().size() != profile.breaks().size()) {
            violations.add(where + ": " + shift.breaks().size() + " breaks instead of " + profile.breaks().size());
            return violations;
        }
        for (BreakRule rule : profile.breaks()) {
            ShiftOption.PlacedBreak placed = shift.breaks().stream()
                    .filter(b -> b.name().equals(rule.name())).findFirst().orElse(null);
            if (placed == null) {
                violations.add(where + ": no " + rule.name());
                continue;
            }
            long after = ChronoUnit.MINUTES.between(shift.start(), placed.start());
            long length = ChronoUnit.MINUTES.between(placed.start(), placed.end());
            if (after < rule.earliestStartAfterMinutes() || after > rule.latestStartAfterMinutes()
                    || length != rule.durationMinutes()) {
                violations.add(where + ": " + rule.name() + " outside its window");
            }
        }
        List<ShiftOption.PlacedBreak> sorted = new ArrayList<>(shift.breaks());
        sorted.sort(Comparator.comparing(ShiftOption.PlacedBreak::start));
        if (!breaksValid(sorted, shift.start(), shift.end(), rules.maxMinutesWithoutBreak())) {
            violations.add(where + ": breaks overlap, leave the shift, or leave a stretch over "
                    + rules.maxMinutesWithoutBreak() + " minutes");
        }
        return violations;
    }

    /** Breaks (sorted) lie inside the shift, do not overlap, and no stretch of work is longer than allowed. */
    static boolean breaksValid(List<ShiftOption.PlacedBreak> sorted, Instant start, Instant end, int maxStretch) {
        Instant workFrom = start;
        for (ShiftOption.PlacedBreak pause : sorted) {
            if (pause.start().isBefore(workFrom) || pause.end().isAfter(end)) {
                return false;
            }
            if (ChronoUnit.MINUTES.between(workFrom, pause.start()) > maxStretch) {
                return false;
            }
            workFrom = pause.end();
        }
        return ChronoUnit.MINUTES.between(workFrom, end) <= maxStretch;
    }
}
