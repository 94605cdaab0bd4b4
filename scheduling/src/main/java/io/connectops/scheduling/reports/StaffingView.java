package io.connectops.scheduling.reports;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.connectops.scheduling.people.StaffingGroup;
import io.connectops.scheduling.roster.CoverageReport;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.staffing.ErlangC;
import io.connectops.scheduling.staffing.QueueLoad;

/**
 * One published schedule over a span: its requirement against the agents scheduled on the phones (agent-hours,
 * coverage) and the service level it plans for the forecast load with those agents.
 */
public record StaffingView(UUID scheduleId, UUID groupId, String groupName, double requiredAgentHours,
        double scheduledAgentHours, double coverageOfRequirement, Double plannedServiceLevel) {

    public static StaffingView of(Schedule schedule, StaffingGroup group, Instant from, Instant to) {
        Map<Instant, Integer> requirement = new HashMap<>();
        schedule.requirement.forEach(r -> requirement.put(r.start(), r.agents()));
        CoverageReport coverage = CoverageReport.of(requirement, from, to, group.intervalMinutes,
                schedule.shifts == null ? List.of() : schedule.shifts);
        double hoursPerInterval = group.intervalMinutes / 60.0;
        Map<Instant, Integer> scheduled = new HashMap<>();
        long scheduledIntervals = 0;
        for (CoverageReport.Interval interval : coverage.intervals()) {
            scheduled.put(interval.start(), interval.scheduled());
            scheduledIntervals += interval.scheduled();
        }
        // Contact-weighted service level with the agents scheduled, where the requirement came from a forecast.
        double contacts = 0;
        double answeredInTime = 0;
        for (Schedule.Requirement entry : schedule.requirement) {
            if (entry.contacts() == null || entry.contacts() <= 0 || entry.start().isBefore(from)
                    || !entry.start().isBefore(to)) {
                continue;
            }
            QueueLoad load = new QueueLoad(entry.contacts(), group.intervalMinutes * 60, entry.ahtSeconds(),
                    entry.serviceLevelSeconds());
            contacts += entry.contacts();
            answeredInTime += entry.contacts()
                    * ErlangC.evaluate(load, scheduled.getOrDefault(entry.start(), 0)).serviceLevel();
        }
        return new StaffingView(schedule.id, schedule.groupId, group.name,
                coverage.requiredAgentIntervals() * hoursPerInterval, scheduledIntervals * hoursPerInterval,
                coverage.coverage(), contacts > 0 ? answeredInTime / contacts : null);
    }
}
