package io.connectops.contracts;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A schedule was published for a staffing group, on {@link Topics#SCHEDULES}, keyed by schedule id.
 *
 * @param coverage share of the staffing requirement the schedule covers, 0..1
 */
public record SchedulePublished(
        String scheduleId,
        String groupId,
        String groupName,
        LocalDate from,
        LocalDate to,
        int agentCount,
        double coverage,
        String publishedBy,
        Instant publishedAt) {

    public static final String TYPE = "connectops.schedule.published.v1";
}
