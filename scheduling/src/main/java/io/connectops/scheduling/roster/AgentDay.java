package io.connectops.scheduling.roster;

import java.util.List;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;

/**
 * One agent on one day: the solver picks a shift or none (a day off). Modelling the day rather than the shift keeps
 * "one shift per day" true by construction and the value range small (the day's shift options), which is what
 * makes 500 agents over two weeks solvable in seconds.
 */
@PlanningEntity
public class AgentDay {

    @PlanningId
    private String id;
    private RosterAgent agent;
    private int dayIndex;
    private int weekIndex;
    /** The shifts this agent may work this day: the profile's options minus time off and missing skills. */
    private List<ShiftOption> options;
    /** The week's minimum minutes, carried by the first day of each agent-week only, so that sums count it once. */
    private long weekMinimumShare;

    @PlanningVariable(valueRangeProviderRefs = "dayOptions", allowsUnassigned = true)
    private ShiftOption shift;

    public AgentDay() {
    }

    public AgentDay(RosterAgent agent, int dayIndex, int weekIndex, List<ShiftOption> options, long weekMinimumShare) {
        this.weekMinimumShare = weekMinimumShare;
        this.id = agent.id() + "/" + dayIndex;
        this.agent = agent;
        this.dayIndex = dayIndex;
        this.weekIndex = weekIndex;
        this.options = options;
    }

    public String getId() {
        return id;
    }

    public RosterAgent getAgent() {
        return agent;
    }

    public int getDayIndex() {
        return dayIndex;
    }

    public long getWeekMinimumShare() {
        return weekMinimumShare;
    }

    public int getWeekIndex() {
        return weekIndex;
    }

    @ValueRangeProvider(id = "dayOptions")
    public List<ShiftOption> getOptions() {
        return options;
    }

    public ShiftOption getShift() {
        return shift;
    }

    public void setShift(ShiftOption shift) {
        this.shift = shift;
    }

    public boolean isWorking() {
        return shift != null;
    }

    public long workedMinutes() {
        return shift == null ? 0 : shift.lengthMinutes();
    }

    public List<IntervalDemand> coveredDemands() {
        return shift == null ? List.of() : shift.coverage(agent.breakVariant());
    }
}
