package io.connectops.scheduling.roster;

import java.util.List;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.ProblemFactProperty;
import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import io.connectops.scheduling.people.StaffRules;

/** A staffing group's schedule over a date range, as the solver works on it. */
@PlanningSolution
public class Roster {

    @ProblemFactProperty
    private StaffRules rules;

    @ProblemFactCollectionProperty
    private List<RosterAgent> agents;

    @ProblemFactCollectionProperty
    private List<IntervalDemand> demands;

    @PlanningEntityCollectionProperty
    private List<AgentDay> agentDays;

    @PlanningScore
    private HardSoftLongScore score;

    public Roster() {
    }

    public Roster(StaffRules rules, List<RosterAgent> agents, List<IntervalDemand> demands, List<AgentDay> agentDays) {
        this.rules = rules;
        this.agents = agents;
        this.demands = demands;
        this.agentDays = agentDays;
    }

    public StaffRules getRules() {
        return rules;
    }

    public List<RosterAgent> getAgents() {
        return agents;
    }

    public List<IntervalDemand> getDemands() {
        return demands;
    }

    public List<AgentDay> getAgentDays() {
        return agentDays;
    }

    public HardSoftLongScore getScore() {
        return score;
    }

    public void setScore(HardSoftLongScore score) {
        this.score = score;
    }
}
