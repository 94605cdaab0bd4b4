package io.connectops.scheduling.roster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * Time to the first feasible schedule and coverage after the time limit, for 60, 200 and 500 agents over two
 * weeks. Run with {@code ../mvnw -B -o verify -Dtest=ScheduleBenchmark} from {@code scheduling/}; prints figures,
 * asserts nothing about speed. {@code -Dbenchmark.agents=500} picks sizes, {@code -Dbenchmark.limitSeconds=60}
 * the time limit per size.
 */
class ScheduleBenchmark {

    private static final Duration LIMIT = Duration.ofSeconds(Long.getLong("benchmark.limitSeconds", 60));

    @Test
    void twoWeeks() {
        for (String size : System.getProperty("benchmark.agents", "60,200,500").split(",")) {
            int agents = Integer.parseInt(size.trim());
            RosterBuilder.Problem problem = RosterScenario.problem(agents);
            Roster roster = RosterBuilder.build(problem);
            long started = System.nanoTime();
            AtomicLong firstFeasibleNanos = new AtomicLong(-1);
            Roster solved = RosterSolver.solve(roster, LIMIT, best -> {
                if (best.getScore() != null && best.getScore().isSolutionInitialized() && best.getScore().isFeasible()) {
                    firstFeasibleNanos.compareAndSet(-1, System.nanoTime() - started);
                }
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            List<ScheduledShift> shifts = ScheduledShift.of(solved);
            int violations = HardRuleCheck.violations(problem, shifts).size();
            CoverageReport coverage = CoverageReport.of(problem.requirement(), RosterScenario.start(),
                    RosterScenario.end(), RosterScenario.INTERVAL_MINUTES, shifts);
            System.out.printf("BENCHMARK schedule agents=%d days=14 firstFeasible=%s total=%.1fs score=%s "
                            + "hardRuleViolations=%d shifts=%d coverage=%.1f%% overstaffedAgentIntervals=%d%n",
                    agents, firstFeasibleNanos.get() < 0 ? "never" : String.format("%.1fs", firstFeasibleNanos.get() / 1e9),
                    seconds, solved.getScore(), violations, shifts.size(), 100 * coverage.coverage(),
                    coverage.overstaffedAgentIntervals());
        }
    }
}
