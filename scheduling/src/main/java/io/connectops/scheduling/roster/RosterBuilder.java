package io.connectops.scheduling.roster;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.connectops.scheduling.people.BreakRule;
import io.connectops.scheduling.people.ShiftProfile;
import io.connectops.scheduling.people.StaffRules;

/**
 * Turns a group, its profile and rules, and the requirement per interval into the solver's problem: every shift
 * each agent could work each day, with breaks placed inside their windows in staggered variants.
 */
public final class RosterBuilder {

    /**
     * @param minProficiency the lowest proficiency (1–5) an agent needs in a skill to be scheduled; a skill listed
     *         here is required even when absent from {@code requiredSkills}, a required skill not listed needs 1
     */
    public record Problem(LocalDate from, int days, int intervalMinutes, ShiftProfile profile, StaffRules rules,
            Set<String> requiredSkills, List<RosterAgent> agents, Map<Instant, Integer> requirement,
            Map<String, Integer> minProficiency) {

        public Problem {
            minProficiency = minProficiency == null ? Map.of() : Map.copyOf(minProficiency);
        }

        public Problem(LocalDate from, int days, int intervalMinutes, ShiftProfile profile, StaffRules rules,
                Set<String> requiredSkills, List<RosterAgent> agents, Map<Instant, Integer> requirement) {
            this(from, days, intervalMinutes, profile, rules, requiredSkills, agents, requirement, Map.of());
        }

        /** Each required skill with the proficiency it needs. */
        public Map<String, Integer> skillLevels() {
            Map<String, Integer> levels = new HashMap<>();
            requiredSkills.forEach(skill -> levels.put(skill, 1));
            minProficiency.forEach((skill, level) -> levels.merge(skill, Math.max(1, level), Math::max));
            return levels;
        }
    }

    private RosterBuilder() {
    }

    public static Roster build(Problem problem) {
        return build(problem, null);
    }

    /**
     * @param demandFactory builds the demand of one interval (to weigh shortages by service level); {@code null}
     *         for quadratic shortage costs
     */
    public static Roster build(Problem problem, DemandFactory demandFactory) {
        ShiftProfile profile = problem.profile();
        int intervalSeconds = problem.intervalMinutes() * 60;
        Instant rangeStart = problem.from().atStartOfDay(profile.zone()).toInstant();
        Instant rangeEnd = problem.from().plusDays(problem.days()).atStartOfDay(profile.zone()).toInstant();
        List<IntervalDemand> demands = new ArrayList<>();
        Map<Long, IntervalDemand> demandByStart = new HashMap<>();
        for (long t = rangeStart.getEpochSecond(); t < rangeEnd.getEpochSecond(); t += intervalSeconds) {
            Instant start = Instant.ofEpochSecond(t);
            int required = problem.requirement().getOrDefault(start, 0);
            IntervalDemand demand = demandFactory == null
                    ? IntervalDemand.quadratic(demands.size(), start, required)
                    : demandFactory.demand(demands.size(), start, required);
            demands.add(demand);
            demandByStart.put(t, demand);
        }

        List<List<ShiftOption>> optionsByDay = new ArrayList<>();
        for (int day = 0; day < problem.days(); day++) {
            optionsByDay.add(optionsFor(problem, day, intervalSeconds, demandByStart));
        }

        List<AgentDay> agentDays = new ArrayList<>();
        StaffRules rules = problem.rules();
        for (RosterAgent agent : problem.agents()) {
            boolean qualified = agent.hasSkills(problem.skillLevels());
            for (int week = 0; week * 7 < problem.days(); week++) {
                int firstDay = week * 7;
                int lastDay = Math.min(problem.days(), firstDay + 7);
                List<List<ShiftOption>> weekOptions = new ArrayList<>();
                int workableDays = 0;
                for (int day = firstDay; day < lastDay; day++) {
                    List<ShiftOption> options = new ArrayList<>();
                    if (qualified) {
                        for (ShiftOption option : optionsByDay.get(day)) {
                            if (agent.availableFor(option.getStart(), option.getEnd())) {
                                options.add(option);
                            }
                        }
                    }
                    if (!options.isEmpty()) {
                        workableDays++;
                    }
                    weekOptions.add(options);
                }
                long weekMinimum = weekMinimumMinutes(rules, workableDays);
                for (int day = firstDay; day < lastDay; day++) {
                    agentDays.add(new AgentDay(agent, day, week, weekOptions.get(day - firstDay),
                            day == firstDay ? weekMinimum : 0));
                }
            }
        }
        return new Roster(rules, problem.agents(), demands, agentDays);
    }

    /**
     * The weekly minimum, scaled down for weeks the agent cannot fully work (time off, a partial last week), and
     * never more than the consecutive-day rule allows: a rule that cannot be met is not a rule.
     */
    public static long weekMinimumMinutes(StaffRules rules, int workableDays) {
        long scaled = (long) rules.minMinutesPerWeek() * workableDays / 7;
        long reachable = (long) Math.min(workableDays, rules.maxConsecutiveDays()) * rules.maxMinutesPerDay();
        return Math.min(scaled, reachable);
    }

    /** A demand per interval, e.g. with Erlang C shortage costs. */
    @FunctionalInterface
    public interface DemandFactory {
        IntervalDemand demand(int index, Instant start, int required);
    }

    private static List<ShiftOption> optionsFor(Problem problem, int day, int intervalSeconds,
            Map<Long, IntervalDemand> demandByStart) {
        ShiftProfile profile = problem.profile();
        LocalDate date = problem.from().plusDays(day);
        List<ShiftOption> options = new ArrayList<>();
        if (!profile.days().contains(date.getDayOfWeek())) {
            return options;
        }
        StaffRules rules = problem.rules();
        ZonedDateTime midnight = date.atStartOfDay(profile.zone());
        Map<String, Integer> skillLevels = problem.skillLevels();
        for (int length : profile.lengthsMinutes()) {
            if (length < rules.minMinutesPerDay() || length > rules.maxMinutesPerDay()) {
                continue;
            }
            for (int startMinute = profile.earliestStartMinute(); startMinute + length <= profile.latestEndMinute();
                    startMinute += profile.startStepMinutes()) {
                Instant start = midnight.plusMinutes(startMinute).toInstant();
                Instant end = midnight.plusMinutes(startMinute + length).toInstant();
                List<List<ShiftOption.PlacedBreak>> breakVariants = breakVariants(profile, rules, start, end);
                if (breakVariants.isEmpty()) {
                    continue;
                }
                List<List<IntervalDemand>> coverage = new ArrayList<>();
                for (List<ShiftOption.PlacedBreak> breaks : breakVariants) {
                    coverage.add(covered(start, end, breaks, intervalSeconds, demandByStart));
                }
                options.add(new ShiftOption(date + "@" + startMinute + "+" + length, day, date, startMinute, start,
                        end, skillLevels, breakVariants, coverage));
            }
        }
        return options;
    }

    /** Break placements spread evenly over each window, kept only where breaks neither overlap nor leave too long a stretch. */
    static List<List<ShiftOption.PlacedBreak>> breakVariants(ShiftProfile profile, StaffRules rules, Instant start,
            Instant end) {
        List<List<ShiftOption.PlacedBreak>> variants = new ArrayList<>();
        int count = profile.breakVariants();
        for (int variant = 0; variant < count; variant++) {
            List<ShiftOption.PlacedBreak> breaks = new ArrayList<>();
            for (BreakRule rule : profile.breaks()) {
                int span = rule.latestStartAfterMinutes() - rule.earliestStartAfterMinutes();
                int offset = rule.earliestStartAfterMinutes()
                        + (count == 1 ? 0 : roundDown(span * variant / (count - 1), profile.startStepMinutes() >= 15 ? 15 : 5));
                Instant breakStart = start.plusSeconds(offset * 60L);
                breaks.add(new ShiftOption.PlacedBreak(rule.name(), breakStart,
                        breakStart.plusSeconds(rule.durationMinutes() * 60L)));
            }
            breaks.sort((a, b) -> a.start().compareTo(b.start()));
            if (HardRuleCheck.breaksValid(breaks, start, end, rules.maxMinutesWithoutBreak())
                    && !variants.contains(breaks)) {
                variants.add(breaks);
            }
        }
        return variants;
    }

    private static int roundDown(int minutes, int grid) {
        return minutes - Math.floorMod(minutes, grid);
    }

    private static List<IntervalDemand> covered(Instant start, Instant end, List<ShiftOption.PlacedBreak> breaks,
            int intervalSeconds, Map<Long, IntervalDemand> demandByStart) {
        List<IntervalDemand> covered = new ArrayList<>();
        long first = start.getEpochSecond() - Math.floorMod(start.getEpochSecond(), intervalSeconds);
        for (long t = first; t < end.getEpochSecond(); t += intervalSeconds) {
            long from = Math.max(t, start.getEpochSecond());
            long to = Math.min(t + intervalSeconds, end.getEpochSecond());
            long onPhones = to - from;
            for (ShiftOption.PlacedBreak pause : breaks) {
                long overlap = Math.min(to, pause.end().getEpochSecond()) - Math.max(from, pause.start().getEpochSecond());
                if (overlap > 0) {
                    onPhones -= overlap;
                }
            }
            IntervalDemand demand = demandByStart.get(t);
            // An interval counts when the agent is on the phones for at least half of it.
            if (demand != null && onPhones * 2 >= intervalSeconds) {
                covered.add(demand);
            }
        }
        return covered;
    }
}
