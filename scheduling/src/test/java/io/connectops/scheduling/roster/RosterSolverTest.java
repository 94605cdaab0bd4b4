package io.connectops.scheduling.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RosterSolverTest {

    @Test
    void sixtyAgentsOverTwoWeeksKeepEveryHardRule() {
        RosterBuilder.Problem problem = RosterScenario.problem(60);
        Roster solved = RosterSolver.solve(RosterBuilder.build(problem), Duration.ofSeconds(15), null);
        List<ScheduledShift> shifts = ScheduledShift.of(solved);

        List<String> violations = HardRuleCheck.violations(problem, shifts);
        assertEquals(List.of(), violations);
        assertTrue(solved.getScore().isFeasible(), "solver score " + solved.getScore());

        CoverageReport coverage = CoverageReport.of(problem.requirement(), RosterScenario.start(), RosterScenario.end(),
                RosterScenario.INTERVAL_MINUTES, shifts);
        System.out.printf("60 agents, 14 days: %d shifts, score %s, coverage %.1f %% (%d of %d agent-intervals), "
                        + "over %d%n", shifts.size(), solved.getScore(), 100 * coverage.coverage(),
                coverage.coveredAgentIntervals(), coverage.requiredAgentIntervals(),
                coverage.overstaffedAgentIntervals());
        assertTrue(coverage.coverage() > 0.85, "coverage " + coverage.coverage());
        assertTrue(shifts.stream().noneMatch(s -> s.agentId().equals("agent-59")), "agent without the skill works");
    }

    @Test
    void theCheckCatchesBrokenRules() {
        RosterBuilder.Problem problem = RosterScenario.problem(12);
        Instant monday = RosterScenario.start();
        List<ScheduledShift> shifts = new ArrayList<>();
        // agent-0 works 6 days in a row, the second shift 9 hours after the first ends, without breaks on day 3.
        for (int day = 0; day < 6; day++) {
            Instant start = monday.plus(Duration.ofDays(day)).plus(Duration.ofHours(day == 1 ? 6 : 14));
            List<ShiftOption.PlacedBreak> breaks = day == 2 ? List.of() : List.of(
                    new ShiftOption.PlacedBreak("morning break", start.plus(Duration.ofMinutes(90)), start.plus(Duration.ofMinutes(105))),
                    new ShiftOption.PlacedBreak("lunch", start.plus(Duration.ofMinutes(210)), start.plus(Duration.ofMinutes(240))),
                    new ShiftOption.PlacedBreak("afternoon break", start.plus(Duration.ofMinutes(360)), start.plus(Duration.ofMinutes(375))));
            shifts.add(new ScheduledShift("agent-0", RosterScenario.FROM.plusDays(day), start,
                    start.plus(Duration.ofHours(8)), breaks));
        }
        // agent-3 is on leave on day 2; agent-11 lacks the skill.
        Instant leaveDay = monday.plus(Duration.ofDays(2)).plus(Duration.ofHours(8));
        shifts.add(new ScheduledShift("agent-3", RosterScenario.FROM.plusDays(2), leaveDay,
                leaveDay.plus(Duration.ofHours(8)), List.of()));
        shifts.add(new ScheduledShift("agent-11", RosterScenario.FROM.plusDays(2), leaveDay,
                leaveDay.plus(Duration.ofHours(8)), List.of()));

        String report = String.join("\n", HardRuleCheck.violations(problem, shifts));
        assertTrue(report.contains("agent-0 on 2026-03-24: only 480 minutes of rest"), report);
        assertTrue(report.contains("agent-0 on 2026-03-28: day 6 in a row"), report);
        assertTrue(report.contains("agent-0 on 2026-03-25: 0 breaks instead of 3"), report);
        assertTrue(report.contains("agent-3 on 2026-03-25: works during time off"), report);
        assertTrue(report.contains("agent-11 on 2026-03-25: lacks skills"), report);
        assertTrue(report.contains("agent-0 week of 2026-03-23: 2880 minutes, above the maximum"), report);
        assertTrue(report.contains("agent-1 week of 2026-03-23: 0 minutes, below 1440"), report);
    }
}
