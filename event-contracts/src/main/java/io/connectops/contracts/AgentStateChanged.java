package io.connectops.contracts;

import java.time.Instant;

/**
 * An agent's status or routing state changed, on {@link Topics#AGENT_EVENTS}. Published on change only, never as
 * repeated snapshots, so that schedule adherence can be computed from the stream.
 *
 * @param status the agent status name in Connect, e.g. {@code Available}, {@code Offline}, {@code Lunch}
 * @param routingState what the agent is doing with contacts, e.g. {@code ROUTABLE}, {@code ON_CONTACT}, {@code AFTER_CONTACT_WORK}
 */
public record AgentStateChanged(
        String instanceId,
        String agentId,
        String agentUsername,
        String previousStatus,
        String status,
        String routingState,
        Instant changedAt) {

    public static final String TYPE = "connectops.agent.state-changed.v1";
}
