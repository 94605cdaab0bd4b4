package io.connectops.scheduling.console;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.scheduling.adherence.AdherenceService;
import io.connectops.scheduling.adherence.AdherenceService.GroupAdherence;
import io.connectops.scheduling.ops.MaintenanceService;
import io.connectops.scheduling.ops.OpsTaskService;
import io.connectops.scheduling.people.PeopleService;
import io.connectops.scheduling.people.ShiftProfileEntity;
import io.connectops.scheduling.people.StaffingGroup;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.roster.ScheduleService;
import io.connectops.scheduling.roster.ScheduledShift;
import io.connectops.scheduling.staffing.QueueLoad;
import io.quarkus.panache.common.Sort;

/**
 * Builds the supervisor page from the same services the API answers with: the published schedule of the day, the
 * adherence of its agents, the ops tasks and the maintenance windows. One read transaction, so that the figures of
 * one page belong together.
 */
@ApplicationScoped
public class SupervisorService {

    /** The tasks and windows a page lists at most; the API pages through the rest. */
    static final int LIST_LIMIT = 50;
    /** The answer-time threshold when a requirement's load does not name one: the usual "80 % within 20 s". */
    private static final double DEFAULT_SERVICE_LEVEL_SECONDS = 20;

    @Inject
    PeopleService people;

    @Inject
    ScheduleService schedules;

    @Inject
    AdherenceService adherence;

    @Inject
    OpsTaskService tasks;

    @Inject
    MaintenanceService maintenance;

    /** The page for {@code groupId}, or without one for the first group (by name) with a schedule published today. */
    @Transactional
    public SupervisorView page(String groupId, Instant now) {
        List<StaffingGroup> groups = StaffingGroup.listAll(Sort.by("name").and("id"));
        StaffingGroup chosen = groupId == null || groupId.isBlank() ? firstScheduled(groups, now)
                : people.group(groupId.strip());
        List<SupervisorView.GroupLink> links = groups.stream().map(group -> new SupervisorView.GroupLink(
                group.id.toString(), group.name, chosen != null && chosen.id.equals(group.id))).toList();
        Instant utcDay = now.atZone(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<SupervisorView.TaskRow> due = tasks.dueOrOverdue(utcDay, utcDay.plusSeconds(86_400), now, LIST_LIMIT)
                .stream().map(SupervisorView::task).toList();
        List<SupervisorView.WindowRow> windows = maintenance.upcoming(now, LIST_LIMIT).stream()
                .map(SupervisorView::window).toList();
        return new SupervisorView(SupervisorView.utc(now), links, chosen == null ? null : board(chosen, now), due,
                windows, null);
    }

    private StaffingGroup firstScheduled(List<StaffingGroup> groups, Instant now) {
        return groups.stream().filter(group -> !schedules.publishedCovering(group.id, today(group, now)).isEmpty())
                .findFirst().orElse(groups.isEmpty() ? null : groups.get(0));
    }

    private static ZoneId zone(StaffingGroup group) {
        ShiftProfileEntity profile = ShiftProfileEntity.findById(group.shiftProfileId);
        return ZoneId.of(profile.timeZone);
    }

    private static LocalDate today(StaffingGroup group, Instant now) {
        return now.atZone(zone(group)).toLocalDate();
    }

    private SupervisorView.Board board(StaffingGroup group, Instant now) {
        ZoneId zone = zone(group);
        LocalDate today = now.atZone(zone).toLocalDate();
        String queues = String.join(", ", group.queueIds);
        List<Schedule> published = schedules.publishedCovering(group.id, today);
        if (published.isEmpty()) {
            return new SupervisorView.Board(group.id.toString(), group.name, queues, zone.getId(), today.toString(),
                    "No schedule is published for " + today + ".", null, null, List.of(), List.of(), null);
        }
        Schedule schedule = published.get(0);
        Instant from = today.atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
        List<ScheduledShift> shifts = schedule.shifts == null ? List.of() : schedule.shifts;
        Map<Instant, StaffingBoard.Slot> slots = new HashMap<>();
        for (Schedule.Requirement entry : schedule.requirement) {
            if (!entry.start().isBefore(from) && entry.start().isBefore(to)) {
                slots.put(entry.start(), new StaffingBoard.Slot(entry.start(), entry.agents(), load(entry, group)));
            }
        }
        List<StaffingBoard.Interval> intervals = StaffingBoard.intervals(List.copyOf(slots.values()), shifts, from, to,
                group.intervalMinutes);
        Instant current = StaffingBoard.intervalOf(now, group.intervalMinutes);
        GroupAdherence team = adherence.adherence(group.id.toString(), today, now);

        StaffingBoard.Slot slot = slots.get(current);
        int scheduledNow = intervals.stream().filter(i -> i.start().equals(current))
                .mapToInt(StaffingBoard.Interval::scheduled).findFirst().orElse(0);
        int requiredNow = slot == null ? 0 : slot.required();
        List<SupervisorView.WhatIf> powerOfOne = List.of();
        if (slot != null && slot.load() != null) {
            StaffingBoard.PowerOfOne power = StaffingBoard.powerOfOne(slot.load(), team.availableNow());
            powerOfOne = List.of(SupervisorView.whatIf("One less", power.oneLess()),
                    SupervisorView.whatIf("Available now", power.current()),
                    SupervisorView.whatIf("One more", power.oneMore()));
        }
        SupervisorView.Now nowPanel = new SupervisorView.Now(SupervisorView.clock(current, zone) + "–"
                + SupervisorView.clock(current.plusSeconds(group.intervalMinutes * 60L), zone), requiredNow,
                scheduledNow, team.availableNow(), team.availableNow() - requiredNow, powerOfOne);

        Map<String, AdherenceService.AgentAdherence> agents = new HashMap<>();
        team.agents().forEach(agent -> agents.put(agent.agentId().toString(), agent));
        List<SupervisorView.ShiftRow> shiftRows = new ArrayList<>();
        shifts.stream().filter(shift -> shift.end().isAfter(from) && shift.start().isBefore(to))
                .sorted(Comparator.comparing(ScheduledShift::start).thenComparing(shift -> nameOf(agents, shift)))
                .forEach(shift -> {
                    AdherenceService.AgentAdherence agent = agents.get(shift.agentId());
                    shiftRows.add(SupervisorView.shift(nameOf(agents, shift), shift, zone,
                            agent == null ? "—" : agent.scheduledActivityNow()));
                });
        SupervisorView.Adherence adherenceRows = new SupervisorView.Adherence(
                team.adherencePercent() == null ? "—" : SupervisorView.percent(team.adherencePercent() / 100),
                team.outOfAdherence().size(), team.agents().stream().map(SupervisorView::agent).toList());
        return new SupervisorView.Board(group.id.toString(), group.name, queues, zone.getId(), today.toString(), null,
                schedule.publishedBy, nowPanel,
                intervals.stream().map(i -> SupervisorView.interval(i, zone, i.start().equals(current))).toList(),
                shiftRows, adherenceRows);
    }

    /** The load the requirement was computed from, when it came from a forecast. */
    private static QueueLoad load(Schedule.Requirement entry, StaffingGroup group) {
        if (entry.contacts() == null || entry.contacts() <= 0 || entry.ahtSeconds() == null
                || entry.ahtSeconds() <= 0) {
            return null;
        }
        return new QueueLoad(entry.contacts(), group.intervalMinutes * 60, entry.ahtSeconds(),
                entry.serviceLevelSeconds() == null ? DEFAULT_SERVICE_LEVEL_SECONDS : entry.serviceLevelSeconds());
    }

    /** An agent no longer in the group keeps their shift in a published schedule: shown by id. */
    private static String nameOf(Map<String, AdherenceService.AgentAdherence> agents, ScheduledShift shift) {
        AdherenceService.AgentAdherence agent = agents.get(shift.agentId());
        return agent == null ? shift.agentId() : agent.name();
    }
}
