package io.connectops.scheduling.domain.roster;

import java.util.List;
import java.util.Set;

import ai.timefold.solver.core.api.domain.lookup.PlanningId;

/**
 * An agent as the solver sees it.
 *
 * @param breakVariant which of the staggered break placements this agent takes, so that not everyone breaks at once
 */
public record RosterAgent(@PlanningId String id, Set<String> skills, List<TimeOff> timeOff, int breakVariant) {

    public RosterAgent {
        skills = Set.copyOf(skills);
        timeOff = List.copyOf(timeOff);
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

    public boolean hasSkills(Set<String> required) {
        return skills.containsAll(required);
    }

    public boolean availableFor(java.time.Instant start, java.time.Instant end) {
        for (TimeOff off : timeOff) {
            if (off.overlaps(start, end)) {
                return false;
            }
        }
        return true;
    }
}
