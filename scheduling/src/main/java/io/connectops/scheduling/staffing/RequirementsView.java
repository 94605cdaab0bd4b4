package io.connectops.scheduling.staffing;

import java.util.List;

import io.connectops.scheduling.staffing.StaffingService.IntervalNeed;

public record RequirementsView(int intervalSeconds, int peakScheduledAgents, double totalAgentHours,
        List<IntervalNeed> intervals) {
}
