package io.connectops.scheduling.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.connectops.platform.problem.ProblemException;
import io.connectops.scheduling.adherence.AdherenceService;
import io.connectops.scheduling.ops.OpsTask;
import io.connectops.scheduling.people.ShiftProfileEntity;
import io.connectops.scheduling.people.StaffingGroup;
import io.connectops.scheduling.roster.CoverageReport;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.roster.ScheduleService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Gauges for the Grafana dashboards, refreshed from the database on a timer rather than on every scrape, so that a
 * scrape never waits on adherence arithmetic: agents required and scheduled in the current interval of each published
 * schedule (tagged by every queue its group serves), adherence per team and overall, and overdue ops tasks.
 */
@ApplicationScoped
public class DashboardMeters {

    public static final String REQUIRED = "scheduling.agents.required";
    public static final String SCHEDULED = "scheduling.agents.scheduled";
    public static final String ADHERENCE = "scheduling.adherence";
    public static final String OVERDUE = "scheduling.tasks.overdue";
    /** The team tag of the adherence over every group. */
    public static final String ALL_TEAMS = "all";

    private static final Logger LOG = Logger.getLogger(DashboardMeters.class);

    @Inject
    MeterRegistry registry;

    @Inject
    ScheduleService schedules;

    @Inject
    AdherenceService adherence;

    /** Gauge values as raw double bits, so that a gauge can show NaN (unknown) as Prometheus expects. */
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    @Scheduled(every = "${connectops.scheduling.meters.refresh:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!stopping) {
            refresh(Instant.now());
        }
    }

    /** Recomputes every gauge as of {@code now}; series of groups or queues no longer scheduled are removed. */
    @Transactional
    public void refresh(Instant now) {
        Set<String> seen = new HashSet<>();
        long adherentMinutes = 0;
        long scheduledMinutes = 0;
        for (StaffingGroup group : StaffingGroup.<StaffingGroup>listAll()) {
            ShiftProfileEntity profile = ShiftProfileEntity.findById(group.shiftProfileId);
            LocalDate today = now.atZone(ZoneId.of(profile.timeZone)).toLocalDate();
            List<Schedule> published = schedules.publishedCovering(group.id, today);
            if (published.isEmpty()) {
                continue;
            }
            Schedule schedule = published.get(0);
            long intervalSeconds = group.intervalMinutes * 60L;
            Instant start = Instant.ofEpochSecond(now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), intervalSeconds));
            int required = schedule.requirement.stream().filter(r -> r.start().equals(start))
                    .mapToInt(Schedule.Requirement::agents).findFirst().orElse(0);
            int scheduled = CoverageReport.of(Map.of(), start, start.plusSeconds(intervalSeconds), group.intervalMinutes,
                    schedule.shifts == null ? List.of() : schedule.shifts).intervals().get(0).scheduled();
            for (String queueId : group.queueIds) {
                Tags tags = Tags.of("queue_id", queueId, "group_id", group.id.toString());
                seen.add(set(REQUIRED, tags, required));
                seen.add(set(SCHEDULED, tags, scheduled));
            }
            try {
                AdherenceService.GroupAdherence team = adherence.adherence(group.id.toString(), today, now);
                if (team.adherencePercent() != null) {
                    seen.add(set(ADHERENCE, Tags.of("team", group.name), team.adherencePercent()));
                    adherentMinutes += team.adherentMinutes();
                    scheduledMinutes += team.scheduledMinutes();
                }
            } catch (ProblemException e) {
                LOG.debugf("No adherence for group %s: %s", group.id, e.getMessage());
            }
        }
        seen.add(set(ADHERENCE, Tags.of("team", ALL_TEAMS),
                scheduledMinutes == 0 ? Double.NaN : 100.0 * adherentMinutes / scheduledMinutes));
        seen.add(set(OVERDUE, Tags.empty(), OpsTask.count("status = ?1 and dueAt < ?2", OpsTask.Status.OPEN, now)));
        for (String key : Set.copyOf(gauges.keySet())) {
            if (!seen.contains(key)) {
                registry.remove(gauges.remove(key));
                values.remove(key);
            }
        }
    }

    private String set(String name, Tags tags, double value) {
        String key = name + tags;
        values.computeIfAbsent(key, k -> {
            AtomicLong holder = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            gauges.put(k, Gauge.builder(name, holder, bits -> Double.longBitsToDouble(bits.get())).tags(tags)
                    .register(registry));
            return holder;
        }).set(Double.doubleToLongBits(value));
        return key;
    }
}
