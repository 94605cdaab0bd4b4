package io.connectops.scheduling.people;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** An agent as the API shows it. */
public record AgentView(UUID id, String connectId, String name, UUID groupId, Map<String, Integer> skills,
        boolean active, ShiftPreferences preferences, Instant createdAt) {

    public static AgentView of(Agent agent) {
        return new AgentView(agent.id, agent.connectId, agent.name, agent.groupId, agent.skills, agent.active,
                agent.preferences, agent.createdAt);
    }
}
