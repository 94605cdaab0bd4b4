package io.connectops.scheduling.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.OpsTaskOverdue;
import io.connectops.contracts.Topics;
import io.connectops.platform.outbox.Outbox;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.CurrentActor;
import io.connectops.scheduling.config.SchedulingConfig;
import io.connectops.scheduling.domain.forecast.Forecast;
import io.connectops.scheduling.domain.ops.CronSchedule;
import io.connectops.scheduling.domain.ops.IncidentSummary;
import io.connectops.scheduling.domain.ops.MaintenanceWindow;
import io.connectops.scheduling.domain.ops.OpsTask;
import io.connectops.scheduling.domain.ops.OpsTaskTemplate;
import io.connectops.scheduling.domain.ops.Overnight;
import io.connectops.scheduling.domain.people.StaffingGroup;
import io.connectops.scheduling.domain.roster.CoverageReport;
import io.connectops.scheduling.domain.roster.Schedule;
import io.connectops.scheduling.domain.staffing.ErlangC;
import io.connectops.scheduling.domain.staffing.QueueLoad;
import io.connectops.scheduling.rest.OpsTaskResource.TemplateRequest;
import io.connectops.scheduling.service.MeasuredServiceLevels.QueueServiceLevel;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/**
 * Recurring operational tasks. Due tasks are inserted with {@code ON CONFLICT DO NOTHING} on (template,
 * occurrence), so every instance may run the job and each task still exists once; overdue tasks are claimed with a
 * conditional update before their event is written, so each is announced once.
 */
@ApplicationScoped
public class OpsTaskService {

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    AdherenceService adherence;

    @Inject
    ScheduleService schedules;

    @Inject
    IncidentLog incidents;

    @Inject
    MeasuredServiceLevels serviceLevels;

    @Inject
    SchedulingConfig config;

    @Inject
    CurrentActor currentActor;

    @Transactional
    public Page<OpsTaskTemplate> templates(PageRequest page) {
        PanacheQuery<OpsTaskTemplate> query = OpsTaskTemplate.findAll(Sort.by("priority").and("name"));
        return new Page<>(query.page(page.page(), page.size()).list(), page.page(), page.size(), query.count());
    }

    @Transactional
    public OpsTaskTemplate template(String id) {
        OpsTaskTemplate template = OpsTaskTemplate.findById(Ids.inPath("ops task template", id));
        if (template == null) {
            throw ProblemException.notFound("ops task template", id);
        }
        return template;
    }

    @Transactional
    public OpsTaskTemplate createTemplate(TemplateRequest request) {
        try {
            CronSchedule.parse(request.cron(), request.timeZone());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(e.getMessage().startsWith("unknown time zone") ? "timeZone" : "cron",
                    e.getMessage());
        }
        if (Boolean.TRUE.equals(request.overnightIncidents()) && request.kind() != OpsTaskTemplate.Kind.CHECKLIST) {
            throw ProblemException.invalid("overnightIncidents", "only a checklist lists the incidents of the night");
        }
        if (OpsTaskTemplate.count("name", request.name()) > 0) {
            throw ProblemException.conflict("a template named " + request.name() + " exists already");
        }
        OpsTaskTemplate template = new OpsTaskTemplate();
        template.id = UUID.randomUUID();
        template.name = request.name();
        template.description = request.description();
        template.kind = request.kind();
        template.priority = request.priority();
        template.cron = request.cron();
        template.timeZone = ZoneId.of(request.timeZone()).getId();
        template.dueAfterMinutes = request.dueAfterMinutes();
        template.assignee = request.assignee();
        template.checklist = List.copyOf(request.checklist());
        template.overnightIncidents = Boolean.TRUE.equals(request.overnightIncidents());
        template.active = true;
        template.createdAt = Instant.now();
        template.persist();
        return template;
    }

    @Transactional
    public OpsTaskTemplate setActive(String id, boolean active) {
        OpsTaskTemplate template = template(id);
        template.active = active;
        return template;
    }

    /** Creates the latest due occurrence of every active template; returns how many tasks this call created. */
    @Transactional
    public int createDueTasks(Instant now) {
        int created = 0;
        for (OpsTaskTemplate template : OpsTaskTemplate.<OpsTaskTemplate>list("active", true)) {
            Optional<Instant> occurrence = CronSchedule.parse(template.cron, template.timeZone).latestAtOrBefore(now);
            // Only occurrences still inside their due window: a restart after a long pause does not flood the list.
            if (occurrence.isEmpty() || now.isAfter(occurrence.get().plusSeconds(template.dueAfterMinutes * 60L))) {
                continue;
            }
            created += insertOnce(template, occurrence.get(), now);
        }
        return created;
    }

    private int insertOnce(OpsTaskTemplate template, Instant occurrence, Instant now) {
        List<OpsTask.Item> items = template.checklist.stream()
                .map(text -> new OpsTask.Item(text, false, null, null, null)).toList();
        Map<String, Object> report = template.kind == OpsTaskTemplate.Kind.REPORT ? report(template, occurrence)
                : briefing(template, occurrence, now);
        return entityManager.createNativeQuery("INSERT INTO ops_task (id, template_id, title, kind, priority, assignee, "
                + "scheduled_for, due_at, status, items, report, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                + "'OPEN', CAST(?9 AS jsonb), CAST(?10 AS jsonb), ?11) ON CONFLICT (template_id, scheduled_for) DO NOTHING")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, template.id)
                .setParameter(3, template.name)
                .setParameter(4, template.kind.name())
                .setParameter(5, template.priority.name())
                .setParameter(6, template.assignee)
                .setParameter(7, occurrence)
                .setParameter(8, occurrence.plusSeconds(template.dueAfterMinutes * 60L))
                .setParameter(9, Json.write(items))
                .setParameter(10, report == null ? null : Json.write(report))
                .setParameter(11, now)
                .executeUpdate();
    }

    /**
     * Figures for a weekly or monthly report over the period just ended: per published schedule, the requirement
     * against the agents scheduled on the phones (agent-hours, coverage) and the service level the schedule plans
     * for the forecast load beside the one measured on its group's queues; the measured service level per queue
     * and overall; per group, adherence over the period; per forecast made in it, its hold-out accuracy.
     */
    private Map<String, Object> report(OpsTaskTemplate template, Instant occurrence) {
        ZoneId zone = ZoneId.of(template.timeZone);
        LocalDate end = occurrence.atZone(zone).toLocalDate();
        boolean monthly = template.cron.trim().split("\\s+").length > 3 && !template.cron.trim().split("\\s+")[3].equals("?");
        LocalDate start = monthly ? end.minusMonths(1) : end.minusWeeks(1);
        Instant from = start.atStartOfDay(zone).toInstant();
        Instant to = end.atStartOfDay(zone).toInstant();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("from", start.toString());
        report.put("to", end.toString());
        List<Schedule> published = Schedule.list("status = ?1 and fromDate < ?2", Sort.by("fromDate"),
                Schedule.Status.PUBLISHED, end);
        List<Map<String, Object>> staffing = new ArrayList<>();
        Map<UUID, StaffingGroup> groups = new LinkedHashMap<>();
        for (Schedule schedule : published) {
            if (!schedule.fromDate.plusDays(schedule.days).isAfter(start)) {
                continue;
            }
            StaffingGroup group = StaffingGroup.findById(schedule.groupId);
            groups.put(group.id, group);
            Map<String, Object> row = staffingRow(schedule, group, from, to);
            putMeasured(row, measuredOnGroupQueues(schedule, group, from, to));
            staffing.add(row);
        }
        report.put("staffingVsForecast", staffing);
        report.put("measuredServiceLevel", measuredServiceLevel(serviceLevels.byQueue(from, to)));
        List<Map<String, Object>> adherenceRows = new ArrayList<>();
        for (StaffingGroup group : groups.values()) {
            adherenceRows.add(adherenceRow(group, start, end, occurrence));
        }
        report.put("adherence", adherenceRows);
        List<Map<String, Object>> accuracy = new ArrayList<>();
        Forecast.<Forecast>list("createdAt >= ?1 and createdAt < ?2", from, to).forEach(f -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("queueId", f.queueId);
                    row.put("wape", f.wape);
                    row.put("bias", f.bias);
                    accuracy.add(row);
                });
        report.put("forecastAccuracy", accuracy);
        return report;
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

    private static void putMeasured(Map<String, Object> row, List<QueueServiceLevel> queues) {
        row.put("measuredServiceLevel", MeasuredServiceLevels.overall(queues));
        row.put("contactsHandled", MeasuredServiceLevels.contactsHandled(queues));
    }

    private static Map<String, Object> measuredServiceLevel(List<QueueServiceLevel> queues) {
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("overall", MeasuredServiceLevels.overall(queues));
        measured.put("contactsHandled", MeasuredServiceLevels.contactsHandled(queues));
        measured.put("queues", queues.stream().map(queue -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("queueId", queue.queueId());
            row.put("serviceLevel", queue.serviceLevel());
            row.put("contactsHandled", queue.contactsHandled());
            return row;
        }).toList());
        return measured;
    }

    private static Map<String, Object> staffingRow(Schedule schedule, StaffingGroup group, Instant from, Instant to) {
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
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scheduleId", schedule.id.toString());
        row.put("groupId", schedule.groupId.toString());
        row.put("groupName", group.name);
        row.put("requiredAgentHours", coverage.requiredAgentIntervals() * hoursPerInterval);
        row.put("scheduledAgentHours", scheduledIntervals * hoursPerInterval);
        row.put("coverageOfRequirement", coverage.coverage());
        row.put("plannedServiceLevel", contacts > 0 ? answeredInTime / contacts : null);
        return row;
    }

    /**
     * What a checklist needs at hand on its day (the start-of-day check above all): each published schedule's
     * requirement against its agents on the phones for the day, the maintenance windows that touch the day and,
     * for the start-of-day check, the incidents of the night before.
     */
    private Map<String, Object> briefing(OpsTaskTemplate template, Instant occurrence, Instant now) {
        ZoneId zone = ZoneId.of(template.timeZone);
        LocalDate day = occurrence.atZone(zone).toLocalDate();
        Instant from = day.atStartOfDay(zone).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, Object> briefing = new LinkedHashMap<>();
        briefing.put("date", day.toString());
        List<Map<String, Object>> staffing = new ArrayList<>();
        for (Schedule schedule : Schedule.<Schedule>list("status = ?1 and fromDate <= ?2", Sort.by("fromDate"),
                Schedule.Status.PUBLISHED, day)) {
            if (schedule.fromDate.plusDays(schedule.days).isAfter(day)) {
                staffing.add(staffingRow(schedule, StaffingGroup.findById(schedule.groupId), from, to));
            }
        }
        briefing.put("staffingVsForecast", staffing);
        List<Map<String, Object>> maintenance = new ArrayList<>();
        MaintenanceWindow.<MaintenanceWindow>list("startsAt < ?1 and endsAt > ?2", Sort.by("startsAt"), to, from)
                .forEach(window -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", window.id.toString());
                    row.put("title", window.title);
                    row.put("startsAt", window.startsAt.toString());
                    row.put("endsAt", window.endsAt.toString());
                    row.put("status", window.status.name());
                    row.put("owner", window.owner);
                    maintenance.add(row);
                });
        briefing.put("maintenance", maintenance);
        if (template.overnightIncidents) {
            briefing.put("overnightIncidents", overnightIncidents(
                    Overnight.before(CronSchedule.parse(template.cron, template.timeZone), occurrence, now,
                            config.businessDayEnd())));
        }
        return briefing;
    }

    /** The incidents opened in the night or still open in it, as the person doing the check reads them. */
    private Map<String, Object> overnightIncidents(Overnight night) {
        Map<String, Object> overnight = new LinkedHashMap<>();
        overnight.put("from", night.from().toString());
        overnight.put("to", night.to().toString());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (IncidentSummary incident : incidents.openBetween(night.from(), night.to())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("reference", incident.reference);
            row.put("severity", incident.severity);
            row.put("status", incident.status);
            row.put("title", incident.title);
            row.put("openedAt", incident.openedAt.toString());
            rows.add(row);
        }
        overnight.put("incidents", rows);
        return overnight;
    }

    /** Adherence over the period's days that have a published schedule, up to the report's time. */
    private Map<String, Object> adherenceRow(StaffingGroup group, LocalDate start, LocalDate end, Instant asOf) {
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
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("groupId", group.id.toString());
        row.put("groupName", group.name);
        row.put("scheduledMinutes", scheduledMinutes);
        row.put("adherentMinutes", adherentMinutes);
        row.put("adherencePercent", scheduledMinutes == 0 ? null : 100.0 * adherentMinutes / scheduledMinutes);
        return row;
    }

    /** Publishes each overdue task once; returns how many this call published. */
    @Transactional
    public int publishOverdue(Instant now) {
        List<OpsTask> overdue = OpsTask.list("status = ?1 and dueAt < ?2 and overduePublishedAt is null",
                OpsTask.Status.OPEN, now);
        int published = 0;
        for (OpsTask task : overdue) {
            int claimed = OpsTask.update("overduePublishedAt = ?1 where id = ?2 and overduePublishedAt is null",
                    now, task.id);
            if (claimed == 0) {
                continue;
            }
            int open = (int) task.items.stream().filter(item -> !item.done()).count();
            OpsTaskOverdue event = new OpsTaskOverdue(task.id.toString(), task.templateId.toString(), task.title,
                    task.priority.name(), task.assignee, task.dueAt, open);
            outbox.publish(Topics.SCHEDULES, task.id.toString(),
                    CloudEvent.of("/scheduling", OpsTaskOverdue.TYPE, task.id.toString(), event));
            published++;
        }
        return published;
    }

    public record TaskView(OpsTask task, boolean overdue, List<String> allowedActions) {
    }

    @Transactional
    public Page<TaskView> tasks(String due, String status, String templateId, PageRequest page, Instant now) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (due != null) {
            switch (due) {
                case "today": {
                    Instant dayStart = now.atZone(ZoneId.of("UTC")).toLocalDate().atStartOfDay(ZoneId.of("UTC")).toInstant();
                    query.append(" and dueAt >= :from and dueAt < :to");
                    parameters.and("from", dayStart).and("to", dayStart.plus(Duration.ofDays(1)));
                    break;
                }
                case "overdue":
                    query.append(" and status = :open and dueAt < :now");
                    parameters.and("open", OpsTask.Status.OPEN).and("now", now);
                    break;
                default:
                    throw ProblemException.invalid("due", "must be today or overdue");
            }
        }
        if (status != null) {
            try {
                parameters.and("status", OpsTask.Status.valueOf(status));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("status", "must be OPEN or DONE");
            }
            query.append(" and status = :status");
        }
        if (templateId != null) {
            query.append(" and templateId = :templateId");
            parameters.and("templateId", Ids.inPath("ops task template", templateId));
        }
        PanacheQuery<OpsTask> found = OpsTask.find(query.toString(), Sort.by("dueAt").and("priority").and("id"),
                parameters);
        return new Page<>(found.page(page.page(), page.size()).list().stream().map(t -> view(t, now)).toList(),
                page.page(), page.size(), found.count());
    }

    @Transactional
    public TaskView task(String id, Instant now) {
        return view(find(id), now);
    }

    private OpsTask find(String id) {
        OpsTask task = OpsTask.findById(Ids.inPath("ops task", id));
        if (task == null) {
            throw ProblemException.notFound("ops task", id);
        }
        return task;
    }

    private static TaskView view(OpsTask task, Instant now) {
        return new TaskView(task, task.overdue(now), task.status.allowedActions());
    }

    @Transactional
    public TaskView completeItem(String id, int index, String notes, Instant now) {
        OpsTask task = find(id);
        if (task.status != OpsTask.Status.OPEN) {
            throw ProblemException.illegalTransition("ops task", task.status, "complete-item", task.status.allowedActions());
        }
        if (index < 0 || index >= task.items.size()) {
            throw ProblemException.notFound("checklist item", index);
        }
        List<OpsTask.Item> items = new ArrayList<>(task.items);
        OpsTask.Item item = items.get(index);
        items.set(index, new OpsTask.Item(item.text(), true, notes, currentActor.get().id(), now));
        task.items = items;
        return view(task, now);
    }

    @Transactional
    public TaskView complete(String id, String notes, Instant now) {
        OpsTask task = find(id);
        if (task.status != OpsTask.Status.OPEN) {
            throw ProblemException.illegalTransition("ops task", task.status, "complete", task.status.allowedActions());
        }
        long open = task.items.stream().filter(item -> !item.done()).count();
        if (open > 0) {
            throw ProblemException.conflict(open + " checklist item(s) are still open; complete them first");
        }
        task.status = OpsTask.Status.DONE;
        task.notes = notes;
        task.completedBy = currentActor.get().id();
        task.completedAt = now;
        return view(task, now);
    }
}
