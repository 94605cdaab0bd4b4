package io.connectops.scheduling.roster;

import java.time.Duration;
import java.util.function.Consumer;

import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

/**
 * Timefold configured for rosters: the default construction heuristic (first fit, each agent-day its best shift or
 * none), then local search until the time limit, or earlier once the best score has not improved for a while.
 */
public final class RosterSolver {

    private RosterSolver() {
    }

    public static SolverConfig config(Duration timeLimit) {
        long unimprovedSeconds = Math.max(2, timeLimit.toSeconds() / 3);
        return new SolverConfig()
                .withSolutionClass(Roster.class)
                .withEntityClasses(AgentDay.class)
                .withConstraintProviderClass(RosterConstraints.class)
                .withEnvironmentMode(EnvironmentMode.NON_REPRODUCIBLE)
                .withTerminationConfig(new TerminationConfig()
                        .withSpentLimit(timeLimit)
                        .withUnimprovedSpentLimit(Duration.ofSeconds(unimprovedSeconds)));
    }

    /** Solves; {@code onBest} sees every new best solution (a clone), for progress reporting. */
    public static Roster solve(Roster problem, Duration timeLimit, Consumer<Roster> onBest) {
        Solver<Roster> solver = SolverFactory.<Roster>create(config(timeLimit)).buildSolver();
        if (onBest != null) {
            solver.addEventListener(event -> onBest.accept(event.getNewBestSolution()));
        }
        return solver.solve(problem);
    }
}
