package io.connectops.scheduling.roster;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import io.connectops.scheduling.people.ShiftPreferences;

/**
 * An agent as the solver sees it.
 *
 * @param proficiency each skill with its proficiency, 1 (learning) to 5 (expert)
 * @param breakVariant which of the staggered break placements this agent takes, so that not everyone breaks at once
 */
public record RosterAgent(@PlanningId String id, Map<String, Integer> proficiency, List<TimeOff> timeOff,
        int breakVariant, ShiftPreferences preferences) {

    public RosterAgent {
        proficiency = Map.copyOf(proficiency);
        timeOff = List.copyOf(timeOff);
        preferences = preferences == null ? ShiftPreferences.NONE : preferences;
    }

    /** Every skill at proficiency 1 and no preferences. */
    public RosterAgent(String id, Set<String> skills, List<TimeOff> timeOff, int breakVariant) {
        this(id, atLevelOne(skills), timeOff, breakVariant, ShiftPreferences.NONE);
    }

    private static Map<String, Integer> atLevelOne(Set<String> skills) {
        Map<String, Integer> levels = new HashMap<>();
        skills.forEach(skill -> levels.put(skill, 1));
        return levels;
    }

    /** Identity is the id: the solver hashes agents constantly, and skills or time off never tell two apart. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RosterAgent && ((RosterAgent) other).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    public Set<String> skills() {
        return proficiency.keySet();
    }

    /** Whether the agent has every required skill at (at least) its minimum proficiency. */
    public boolean hasSkills(Map<String, Integer> required) {
        for (Map.Entry<String, Integer> skill : required.entrySet()) {
            if (proficiency.getOrDefault(skill.getKey(), 0) < skill.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Proficiency levels above the required minimum, summed over the required skills: what the solver rewards. */
    public int proficiencyAbove(Map<String, Integer> required) {
        int above = 0;
        for (Map.Entry<String, Integer> skill : required.entrySet()) {
            above += Math.max(0, proficiency.getOrDefault(skill.getKey(), 0) - skill.getValue());
        }
        return above;
    }

    public boolean availableFor(Instant start, Instant end) {
        for (TimeOff off : timeOff) {
            if (off.overlaps(start, end)) {
                return false;
            }
        }
        return true;
    }
}
