package io.connectops.scheduling.staffing;

/**
 * Agents needed for one interval.
 *
 * @param performance what the queue achieves with {@code performance.agents()} agents on the phones
 * @param scheduledAgents agents to schedule so that, after shrinkage, enough are on the phones
 */
public record StaffingPlan(QueuePerformance performance, int scheduledAgents) {
}
