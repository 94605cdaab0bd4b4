package io.connectops.scheduling.adherence;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.connectops.contracts.AgentStateChanged;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;
import io.connectops.contracts.metrics.MetricUnit;
import io.connectops.platform.outbox.Outbox;
import io.connectops.platform.problem.ProblemException;
import io.connectops.scheduling.adherence.AdherenceCalculator.StatusPeriod;
import io.connectops.scheduling.common.SchedulingEvents;
import io.connectops.scheduling.common.TimeBounds;
import io.connectops.scheduling.config.SchedulingConfig;
import io.connectops.scheduling.forecast.Forecast;
import io.connectops.scheduling.people.Agent;
import io.connectops.scheduling.people.PeopleService;
import io.connectops.scheduling.people.ShiftProfileEntity;
import io.connectops.scheduling.people.StaffingGroup;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.roster.ScheduleService;
import io.connectops.scheduling.roster.ScheduledShift;
import io.connectops.scheduling.staffing.ErlangC;
import io.connectops.scheduling.staffing.QueueLoad;
import io.connectops.scheduling.staffing.QueuePerformance;
import io.quarkus.panache.common.Sort;

/** Adherence of a group's agents to its published schedule, from their status changes. */
@ApplicationScoped
public class AdherenceService {

    public static final String ADHERENCE_METRIC = "schedule_adherence";
    public static final String GAP_METRIC = "staffing_gap";

    @Inject
    ScheduleService schedules;

    @Inject
    PeopleService people;

    @Inject
    SchedulingConfig config;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    public record AgentAdherence(UUID agentId, String connectId, String name, long scheduledMinutes,
            long adherentMinutes, Double adherencePercent, String scheduledActivityNow, String statusNow,
            boolean outOfAdherenceNow, long outOfAdherenceMinutes) {
    }

    public record IntervalAdherence(Instant start, int required, int scheduled, int productiveNow) {
    }

    /** {@code staffingGap} is agents available now minus agents required now: negative when short, never clamped. */
    public record GroupAdherence(UUID groupId, LocalDate date, UUID scheduleId, Instant asOf,
            long scheduledMinutes, long adherentMinutes, Double adherencePercent, int requiredNow, int availableNow,
            int staffingGap, List<AgentAdherence> agents, List<AgentAdherence> outOfAdherence) {
    }

    public record WhatIf(int agents, double serviceLevel, Double asaSeconds, double occupancy) {
    }

    public record PowerOfOne(UUID groupId, Instant intervalStart, double contacts, double ahtSeconds,
            int availableAgents, WhatIf oneLess, WhatIf current, WhatIf oneMore) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String eventId, AgentStateChanged change) {
        AgentState state = new AgentState();
        state.eventId = eventId;
        state.connectId = change.agentId();
        state.instanceId = change.instanceId();
        state.status = change.status();
        state.routingState = change.routingState();
        state.changedAt = change.changedAt();
        state.persist();
    }

    @Transactional
    public GroupAdherence adherence(String groupId, LocalDate date, Instant now) {
        TimeBounds.check("date", date);
        StaffingGroup group = people.group(groupId);
        ShiftProfileEntity profile = ShiftProfileEntity.findById(group.shiftProfileId);
        ZoneId zone = ZoneId.of(profile.timeZone);
        LocalDate day = date == null ? now.atZone(zone).toLocalDate() : date;
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
        Instant to = now.isBefore(dayEnd) ? (now.isAfter(from) ? now : from) : dayEnd;
        List<Schedule> published = schedules.publishedCovering(group.id, day);
        if (published.isEmpty()) {
            throw ProblemException.conflict("staffing group " + groupId + " has no published schedule for " + day);
        }
        Schedule schedule = published.get(0);
        Map<String, List<ScheduledShift>> shiftsByAgent = new HashMap<>();
        for (ScheduledShift shift : schedule.shifts) {
            if (shift.end().isAfter(from) && shift.start().isBefore(dayEnd)) {
                shiftsByAgent.computeIfAbsent(shift.agentId(), a -> new ArrayList<>()).add(shift);
            }
        }
        List<Agent> agents = Agent.list("groupId", Sort.by("name"), group.id);
        List<AgentAdherence> results = new ArrayList<>();
        long scheduledSeconds = 0;
        long adherentSeconds = 0;
        int availableNow = 0;
        int scheduledNow = 0;
        long tolerance = config.adherence().tolerance().getSeconds();
        for (Agent agent : agents) {
            List<ScheduledShift> shifts = shiftsByAgent.getOrDefault(agent.id.toString(), List.of());
            List<StatusPeriod> statuses = statuses(agent.connectId, from, to);
            AdherenceCalculator.Result result = AdherenceCalculator.compute(shifts, statuses, from, to);
            scheduledSeconds += result.scheduledSeconds();
            adherentSeconds += result.adherentSeconds();
            if (AdherenceCalculator.productiveStatus(result.statusNow())) {
                availableNow++;
            }
            if (result.activityNow() == AdherenceCalculator.Activity.PRODUCTIVE) {
                scheduledNow++;
            }
            boolean out = result.nonAdherentForSeconds() > tolerance;
            results.add(new AgentAdherence(agent.id, agent.connectId, agent.name, result.scheduledSeconds() / 60,
                    result.adherentSeconds() / 60, result.adherencePercent(), result.activityNow().name(),
                    result.statusNow(), out, result.nonAdherentForSeconds() / 60));
        }
        int requiredNow = requiredAt(schedule, group, to);
        Double percent = scheduledSeconds == 0 ? null : 100.0 * adherentSeconds / scheduledSeconds;
        return new GroupAdherence(group.id, day, schedule.id, to, scheduledSeconds / 60, adherentSeconds / 60, percent,
                requiredNow, availableNow, availableNow - requiredNow, results,
                results.stream().filter(AgentAdherence::outOfAdherenceNow).toList());
    }

    private static int requiredAt(Schedule schedule, StaffingGroup group, Instant at) {
        long intervalSeconds = group.intervalMinutes * 60L;
        Instant start = Instant.ofEpochSecond(at.getEpochSecond() - Math.floorMod(at.getEpochSecond(), intervalSeconds));
        return schedule.requirement.stream().filter(r -> r.start().equals(start)).mapToInt(Schedule.Requirement::agents)
                .findFirst().orElse(0);
    }

    /** The status carried into {@code from} and every change until {@code to}. */
    private List<StatusPeriod> statuses(String connectId, Instant from, Instant to) {
        List<StatusPeriod> periods = new ArrayList<>();
        AgentState before = AgentState.<AgentState>find("connectId = ?1 and changedAt <= ?2",
                Sort.by("changedAt").descending(), connectId, from).firstResult();
        if (before != null) {
            periods.add(new StatusPeriod(before.changedAt, before.status));
        }
        AgentState.<AgentState>list("connectId = ?1 and changedAt > ?2 and changedAt < ?3", Sort.by("changedAt"),
                connectId, from, to).forEach(s -> periods.add(new StatusPeriod(s.changedAt, s.status)));
        return periods;
    }

    /** Service level and ASA for the current interval with the agents available now, one less and one more. */
    @Transactional
    public PowerOfOne powerOfOne(String groupId, Double serviceLevelSeconds, Instant now) {
        StaffingGroup group = people.group(groupId);
        int intervalSeconds = group.intervalMinutes * 60;
        Instant start = Instant.ofEpochSecond(now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), intervalSeconds));
        double contacts = 0;
        double handle = 0;
        for (String queueId : group.queueIds) {
            Forecast forecast = Forecast.<Forecast>find("queueId = ?1 and intervalSeconds = ?2 and startsAt <= ?3",
                    Sort.by("createdAt").descending(), queueId, intervalSeconds, start).firstResult();
            if (forecast == null) {
                continue;
            }
            int index = (int) ((start.getEpochSecond() - forecast.startsAt.getEpochSecond()) / intervalSeconds);
            if (index < forecast.contacts.length) {
                contacts += forecast.contacts[index];
                handle += forecast.contacts[index] * forecast.ahtSeconds[index];
            }
        }
        if (contacts <= 0) {
            throw ProblemException.conflict("no forecast volume for staffing group " + groupId + " at " + start);
        }
        double aht = Math.max(1.0, handle / contacts);
        int available = 0;
        for (Agent agent : Agent.<Agent>list("groupId", group.id)) {
            List<StatusPeriod> statuses = statuses(agent.connectId, now, now);
            if (!statuses.isEmpty() && AdherenceCalculator.productiveStatus(statuses.get(statuses.size() - 1).status())) {
                available++;
            }
        }
        QueueLoad load = new QueueLoad(contacts, intervalSeconds, aht, serviceLevelSeconds == null ? 20 : serviceLevelSeconds);
        return new PowerOfOne(group.id, start, contacts, aht, available,
                available > 0 ? whatIf(load, available - 1) : null, whatIf(load, available), whatIf(load, available + 1));
    }

    private static WhatIf whatIf(QueueLoad load, int agents) {
        QueuePerformance performance = ErlangC.evaluate(load, agents);
        return new WhatIf(agents, performance.serviceLevel(), performance.asaSeconds(), performance.occupancy());
    }

    /**
     * Publishes today's group adherence and the staffing gap for every group with a published schedule. The
     * period key makes a second instance's attempt a no-op.
     */
    @Transactional
    public int publishMetrics(Instant now, long periodSeconds) {
        Instant period = Instant.ofEpochSecond(now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), periodSeconds));
        int published = 0;
        for (StaffingGroup group : StaffingGroup.<StaffingGroup>listAll()) {
            ShiftProfileEntity profile = ShiftProfileEntity.findById(group.shiftProfileId);
            LocalDate today = now.atZone(ZoneId.of(profile.timeZone)).toLocalDate();
            if (schedules.publishedCovering(group.id, today).isEmpty()) {
                continue;
            }
            int claimed = entityManager.createNativeQuery("INSERT INTO metric_publication (group_id, metric, period) "
                    + "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                    .setParameter(1, group.id).setParameter(2, ADHERENCE_METRIC).setParameter(3, period)
                    .executeUpdate();
            if (claimed == 0) {
                continue;
            }
            GroupAdherence adherence = adherence(group.id.toString(), today, now);
            Map<String, String> labels = Map.of("groupId", group.id.toString(), "groupName", group.name);
            List<Outbox.Message> messages = new ArrayList<>();
            if (adherence.adherencePercent() != null) {
                messages.add(sample(group, ADHERENCE_METRIC, adherence.adherencePercent(), MetricUnit.PERCENT.name(), period,
                        labels));
            }
            messages.add(sample(group, GAP_METRIC, adherence.staffingGap(), MetricUnit.COUNT.name(), period, labels));
            outbox.publishAll(messages);
            published += messages.size();
        }
        return published;
    }

    private static Outbox.Message sample(StaffingGroup group, String metric, double value, String unit, Instant at,
            Map<String, String> labels) {
        // A group is not a queue, but each group needs its own series: queueId carries "group:<id>".
        MetricSample sample = new MetricSample("scheduling", group.instanceId, "group:" + group.id, null, null, metric, value, unit,
                at, labels);
        return new Outbox.Message(Topics.METRICS, sample.seriesKey(),
                CloudEvent.of(SchedulingEvents.SOURCE, MetricSample.TYPE, group.id.toString(), sample));
    }
}
