package io.connectops.scheduling.roster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.connectops.scheduling.people.BreakRule;
import io.connectops.scheduling.people.ShiftPreferences;
import io.connectops.scheduling.people.ShiftProfile;
import io.connectops.scheduling.people.StaffRules;

/** Small rosters where the answer is known: who must work, who must not, and which wishes hold. */
class PreferencesAndProficiencyTest {

    private static final LocalDate FROM = LocalDate.of(2026, 6, 1);
    private static final ShiftProfile PROFILE = new ShiftProfile(ZoneOffset.UTC, EnumSet.allOf(DayOfWeek.class),
            LocalTime.of(6, 0), LocalTime.of(22, 0), List.of(480), 60,
            List.of(new BreakRule("break", 30, 180, 240)), 1);
    private static final StaffRules RULES = new StaffRules(720, 5, 240, 600, 0, 2400, 300);

    /** One agent on the phones 08:00–16:00 every day. */
    private static Map<Instant, Integer> daytime(int days) {
        return onePerInterval(days, 16);
    }

    /** One agent on the phones from 08:00 for {@code slots} half-hours every day. */
    private static Map<Instant, Integer> onePerInterval(int days, int slots) {
        Map<Instant, Integer> requirement = new HashMap<>();
        for (int day = 0; day < days; day++) {
            Instant eight = FROM.plusDays(day).atTime(8, 0).toInstant(ZoneOffset.UTC);
            for (int slot = 0; slot < slots; slot++) {
                requirement.put(eight.plusSeconds(slot * 1800L), 1);
            }
        }
        return requirement;
    }

    private static List<ScheduledShift> solve(RosterBuilder.Problem problem) {
        Roster solved = RosterSolver.solve(RosterBuilder.build(problem), Duration.ofSeconds(3), null);
        List<ScheduledShift> shifts = ScheduledShift.of(solved);
        assertThat(HardRuleCheck.violations(problem, shifts)).isEmpty();
        return shifts;
    }

    @Test
    void requestedDaysOffAndWishedShiftsAreHonouredWhenAgentsAreToSpare() {
        // Two shifts a day (08:00 and 14:00). The expert would win one on proficiency, but asked for the first two
        // days off; the others split the day by their wishes.
        RosterAgent expert = new RosterAgent("expert", Map.of("sales", 5), List.of(), 0,
                new ShiftPreferences(Set.of(FROM, FROM.plusDays(1)), List.of(), List.of(), Set.of()));
        RosterAgent early = new RosterAgent("early", Map.of("sales", 2), List.of(), 0,
                new ShiftPreferences(Set.of(), List.of(), List.of(), Set.of(LocalTime.of(8, 0))));
        RosterAgent noMornings = new RosterAgent("no-mornings", Map.of("sales", 2), List.of(), 0,
                new ShiftPreferences(Set.of(), List.of(),
                        List.of(new ShiftPreferences.Window(null, LocalTime.of(0, 0), LocalTime.of(12, 0))), Set.of()));
        RosterBuilder.Problem problem = new RosterBuilder.Problem(FROM, 3, 30, PROFILE, RULES, Set.of("sales"),
                List.of(expert, early, noMornings), onePerInterval(3, 28));

        List<ScheduledShift> shifts = solve(problem);
        PreferenceReport report = PreferenceReport.of(problem, shifts);

        assertThat(shifts).noneMatch(s -> s.agentId().equals("expert") && !s.date().isAfter(FROM.plusDays(1)));
        assertThat(report.daysOffRequested()).isEqualTo(2);
        assertThat(report.daysOffHonoured()).isEqualTo(2);
        assertThat(report.unwantedShiftsWorked()).isZero();
        assertThat(report.honoured()).isEqualTo(report.requested());
        assertThat(shifts).filteredOn(s -> s.agentId().equals("early"))
                .allMatch(s -> s.start().equals(s.date().atTime(8, 0).toInstant(ZoneOffset.UTC)));
        assertThat(shifts).filteredOn(s -> s.agentId().equals("no-mornings"))
                .allMatch(s -> !s.start().isBefore(s.date().atTime(12, 0).toInstant(ZoneOffset.UTC)));
    }

    @Test
    void theReportCountsBrokenWishes() {
        RosterAgent agent = new RosterAgent("a", Map.of("sales", 1), List.of(), 0,
                new ShiftPreferences(Set.of(FROM), List.of(new ShiftPreferences.Window(DayOfWeek.TUESDAY,
                        LocalTime.of(12, 0), LocalTime.of(22, 0))), List.of(), Set.of()));
        RosterBuilder.Problem problem = new RosterBuilder.Problem(FROM, 2, 30, PROFILE, RULES, Set.of("sales"),
                List.of(agent), daytime(2));
        Instant mondayEight = FROM.atTime(8, 0).toInstant(ZoneOffset.UTC);
        Instant tuesdayNoon = FROM.plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
        List<ScheduledShift> shifts = List.of(
                new ScheduledShift("a", FROM, mondayEight, mondayEight.plusSeconds(8 * 3600), List.of()),
                new ScheduledShift("a", FROM.plusDays(1), tuesdayNoon, tuesdayNoon.plusSeconds(8 * 3600), List.of()));

        // Monday: a requested day off worked, and a shift outside the Tuesday-only window. Tuesday: as wished.
        assertThat(PreferenceReport.of(problem, shifts))
                .isEqualTo(new PreferenceReport(3, 1, 1, 0, 2, 1, 0));
    }

    @Test
    void onlyAgentsAtTheMinimumProficiencyAreScheduled() {
        RosterAgent novice = new RosterAgent("novice", Map.of("sales", 2), List.of(), 0, null);
        RosterAgent expert = new RosterAgent("expert", Map.of("sales", 4), List.of(), 0, null);
        RosterBuilder.Problem problem = new RosterBuilder.Problem(FROM, 1, 30, PROFILE, RULES, Set.of("sales"),
                List.of(novice, expert), daytime(1), Map.of("sales", 3));

        List<ScheduledShift> shifts = solve(problem);

        assertThat(shifts).extracting(ScheduledShift::agentId).containsExactly("expert");
        Instant eight = FROM.atTime(8, 0).toInstant(ZoneOffset.UTC);
        assertThat(HardRuleCheck.violations(problem,
                List.of(new ScheduledShift("novice", FROM, eight, eight.plusSeconds(8 * 3600),
                        List.of(new ShiftOption.PlacedBreak("break", eight.plusSeconds(4 * 3600),
                                eight.plusSeconds(4 * 3600 + 1800)))))))
                .containsExactly("novice on " + FROM + ": lacks skills at proficiency {sales=3}");
    }

    @Test
    void theMoreProficientAgentTakesTheOnlyShift() {
        RosterAgent novice = new RosterAgent("novice", Map.of("sales", 1), List.of(), 0, null);
        RosterAgent expert = new RosterAgent("expert", Map.of("sales", 5), List.of(), 0, null);
        RosterBuilder.Problem problem = new RosterBuilder.Problem(FROM, 1, 30, PROFILE, RULES, Set.of("sales"),
                List.of(novice, expert), daytime(1));

        List<ScheduledShift> shifts = solve(problem);

        assertThat(shifts).extracting(ScheduledShift::agentId).containsExactly("expert");
        assertThat(shifts.get(0).start()).isEqualTo(FROM.atTime(8, 0).toInstant(ZoneOffset.UTC));
    }
}
