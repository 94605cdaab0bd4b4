package io.connectops.scheduling.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.connectops.scheduling.config.SchedulingConfig;
import io.connectops.scheduling.ops.IncidentStore;
import io.connectops.scheduling.ops.MaintenanceWindow;
import io.connectops.scheduling.ops.Overnight;
import io.connectops.scheduling.ops.Recurrence;
import io.connectops.scheduling.people.StaffingGroup;
import io.connectops.scheduling.roster.Schedule;
import io.quarkus.panache.common.Sort;

/**
 * What a checklist needs at hand on its day (the start-of-day check above all): each published schedule's
 * requirement against its agents on the phones for the day, the maintenance windows that touch the day and, for the
 * start-of-day check, the incidents of the night before.
 */
@ApplicationScoped
public class MorningBriefing {

    public record Briefing(LocalDate date, List<StaffingView> staffingVsForecast,
            List<MaintenanceRow> maintenance, @JsonInclude(JsonInclude.Include.NON_NULL) Night overnightIncidents) {
    }

    public record MaintenanceRow(UUID id, String title, Instant startsAt, Instant endsAt,
            MaintenanceWindow.Status status, String owner) {
    }

    /** The incidents opened in the night or still open in it, as the person doing the check reads them. */
    public record Night(Instant from, Instant to, List<IncidentRow> incidents) {
    }

    public record IncidentRow(String reference, String severity, String status, String title, Instant openedAt) {
    }

    @Inject
    IncidentStore incidents;

    @Inject
    SchedulingConfig config;

    /** The briefing of the day of {@code occurrence}; with the night before it when {@code withNight}. */
    public Briefing of(Recurrence recurrence, boolean withNight, Instant occurrence, Instant now) {
        ZoneId zone = recurrence.zone();
        LocalDate day = occurrence.atZone(zone).toLocalDate();
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        List<StaffingView> staffing = new ArrayList<>();
        for (Schedule schedule : Schedule.<Schedule>list("status = ?1 and fromDate <= ?2", Sort.by("fromDate"),
                Schedule.Status.PUBLISHED, day)) {
            if (schedule.fromDate.plusDays(schedule.days).isAfter(day)) {
                staffing.add(StaffingView.of(schedule, StaffingGroup.findById(schedule.groupId), from, to));
            }
        }
        List<MaintenanceRow> maintenance = MaintenanceWindow.<MaintenanceWindow>list("startsAt < ?1 and endsAt > ?2",
                Sort.by("startsAt"), to, from).stream()
                .map(w -> new MaintenanceRow(w.id, w.title, w.startsAt, w.endsAt, w.status, w.owner)).toList();
        Night night = withNight
                ? night(Overnight.before(recurrence, occurrence, now, config.businessDayEnd()))
                : null;
        return new Briefing(day, staffing, maintenance, night);
    }

    private Night night(Overnight night) {
        return new Night(night.from(), night.to(), incidents.openBetween(night.from(), night.to()).stream()
                .map(i -> new IncidentRow(i.reference, i.severity, i.status, i.title, i.openedAt)).toList());
    }
}
