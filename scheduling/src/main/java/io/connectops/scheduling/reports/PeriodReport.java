package io.connectops.scheduling.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.scheduling.adherence.AdherenceService;
import io.connectops.scheduling.forecast.Forecast;
import io.connectops.scheduling.forecast.MeasuredServiceLevels;
import io.connectops.scheduling.forecast.MeasuredServiceLevels.QueueServiceLevel;
import io.connectops.scheduling.ops.Recurrence;
import io.connectops.scheduling.people.StaffingGroup;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.roster.ScheduleService;
import io.quarkus.panache.common.Sort;

/**
 * Figures for a weekly or monthly report over the period just ended: per published schedule, the requirement
 * against the agents scheduled on the phones (agent-hours, coverage) and the service level the schedule plans for
 * the forecast load beside the one measured on its group's queues; the measured service level per queue and overall;
 * per group, adherence over the period; per forecast made in it, its hold-out accuracy.
 */
@ApplicationScoped
public class PeriodReport {

    public record Report(LocalDate from, LocalDate to, List<ScheduleRow> staffingVsForecast,
            MeasuredServiceLevel measuredServiceLevel, List<AdherenceRow> adherence,
            List<ForecastAccuracy> forecastAccuracy) {
    }

    /** A schedule's staffing over the period, with the service level measured on its group's queues. */
    public record ScheduleRow(UUID scheduleId, UUID groupId, String groupName, double requiredAgentHours,
            double scheduledAgentHours, double coverageOfRequirement, Double plannedServiceLevel,
            Double measuredServiceLevel, double contactsHandled) {

        static ScheduleRow of(StaffingView staffing, List<QueueServiceLevel> queues) {
            return new ScheduleRow(staffing.scheduleId(), staffing.groupId(), staffing.groupName(),
                    staffing.requiredAgentHours(), staffing.scheduledAgentHours(), staffing.coverageOfRequirement(),
                    staffing.plannedServiceLevel(), MeasuredServiceLevels.overall(queues),
                    MeasuredServiceLevels.contactsHandled(queues));
        }
    }

    public record MeasuredServiceLevel(Double overall, double contactsHandled, List<QueueServiceLevel> queues) {
    }

    public record AdherenceRow(UUID groupId, String groupName, long scheduledMinutes, long adherentMinutes,
            Double adherencePercent) {
    }

    public record ForecastAccuracy(String queueId, Double wape, Double bias) {
    }

    @Inject
    AdherenceService adherence;

    @Inject
    ScheduleService schedules;

    @Inject
    MeasuredServiceLevels serviceLevels;

    /** The report of the {@code period} that ends on the day of {@code occurrence} in {@code zone}. */
    public Report over(ZoneId zone, Recurrence.Period period, Instant occurrence) {
        LocalDate end = occurrence.atZone(zone).toLocalDate();
        LocalDate start = period.startBefore(end);
        Instant from = start.atStartOfDay(zone).toInstant();
        Instant to = end.atStartOfDay(zone).toInstant();
        List<ScheduleRow> staffing = new ArrayList<>();
        Map<UUID, StaffingGroup> groups = new LinkedHashMap<>();
        for (Schedule schedule : Schedule.<Schedule>list("status = ?1 and fromDate < ?2", Sort.by("fromDate"),
                Schedule.Status.PUBLISHED, end)) {
            if (!schedule.fromDate.plusDays(schedule.days).isAfter(start)) {
                continue;
            }
            StaffingGroup group = StaffingGroup.findById(schedule.groupId);
            groups.put(group.id, group);
            staffing.add(ScheduleRow.of(StaffingView.of(schedule, group, from, to),
                    measuredOnGroupQueues(schedule, group, from, to)));
        }
        List<QueueServiceLevel> queues = serviceLevels.byQueue(from, to);
        MeasuredServiceLevel measured = new MeasuredServiceLevel(MeasuredServiceLevels.overall(queues),
                MeasuredServiceLevels.contactsHandled(queues), queues);
        List<AdherenceRow> adherenceRows = groups.values().stream()
                .map(group -> adherenceRow(group, start, end, occurrence)).toList();
        List<ForecastAccuracy> accuracy = Forecast.<Forecast>list("createdAt >= ?1 and createdAt < ?2", from, to)
                .stream().map(f -> new ForecastAccuracy(f.queueId, f.wape, f.bias)).toList();
        return new Report(start, end, staffing, measured, adherenceRows, accuracy);
    }

    /** Over the intervals of the period that the schedule plans for, as the planned service level is. */
    private List<QueueServiceLevel> measuredOnGroupQueues(Schedule schedule, StaffingGroup group, Instant from,
            Instant to) {
        Instant first = null;
        Instant last = null;
        for (Schedule.Requirement entry : schedule.requirement) {
            if (!entry.start().isBefore(from) && entry.start().isBefore(to)) {
                first = first == null || entry.start().isBefore(first) ? entry.start() : first;
                last = last == null || entry.start().isAfter(last) ? entry.start() : last;
            }
        }
        if (first == null || group.queueIds == null) {
            return List.of();
        }
        return serviceLevels.byQueue(first, last.plusSeconds(group.intervalMinutes * 60L), group.queueIds);
    }

    /** Adherence over the period's days that have a published schedule, up to the report's time. */
    private AdherenceRow adherenceRow(StaffingGroup group, LocalDate start, LocalDate end, Instant asOf) {
        long scheduledMinutes = 0;
        long adherentMinutes = 0;
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            // A day without a published schedule has nothing to adhere to (and asking would fail the transaction).
            if (!schedules.publishedCovering(group.id, day).isEmpty()) {
                AdherenceService.GroupAdherence daily = adherence.adherence(group.id.toString(), day, asOf);
                scheduledMinutes += daily.scheduledMinutes();
                adherentMinutes += daily.adherentMinutes();
            }
        }
        return new AdherenceRow(group.id, group.name, scheduledMinutes, adherentMinutes,
                scheduledMinutes == 0 ? null : 100.0 * adherentMinutes / scheduledMinutes);
    }
}
