package io.connectops.scheduling.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.connectops.platform.problem.ProblemException;
import io.connectops.scheduling.adherence.AdherenceService;
import io.connectops.scheduling.ops.MaintenanceWindow;
import io.connectops.scheduling.ops.TaskView;
import io.connectops.scheduling.ops.WindowView;
import io.connectops.scheduling.roster.ScheduledShift;
import io.connectops.scheduling.staffing.QueuePerformance;
import io.quarkus.qute.TemplateData;

/**
 * The supervisor page: the staffing groups to choose from, the chosen group's day (staffing against the requirement
 * with the power of one, shifts, adherence now), the ops tasks due and the maintenance windows running or to come.
 * Figures arrive formatted: the template only places them.
 */
@TemplateData
public record SupervisorView(String asOf, List<GroupLink> groups, Board board, List<TaskRow> tasks,
        List<WindowRow> windows, String error) {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneId.of("UTC"));

    /** A staffing group in the chooser. */
    @TemplateData
    public record GroupLink(String id, String name, boolean chosen) {
    }

    /**
     * One group's day in its own time zone; without a published schedule for it, {@code missing} says so and the
     * figures are empty.
     */
    @TemplateData
    public record Board(String groupId, String name, String queues, String zone, String date, String missing,
            String publishedBy, Now now, List<IntervalRow> intervals, List<ShiftRow> shifts, Adherence adherence) {
    }

    /** The current interval: required, scheduled and available agents, and the power of one on the agents available. */
    @TemplateData
    public record Now(String interval, int required, int scheduled, int available, int gap,
            List<WhatIf> powerOfOne) {
    }

    /** Erlang C for one head count. */
    @TemplateData
    public record WhatIf(String label, int agents, String serviceLevel, String asa, String occupancy) {
    }

    @TemplateData
    public record IntervalRow(String start, int required, int scheduled, int gap, String serviceLevelOneLess,
            String serviceLevel, String serviceLevelOneMore, String asaOneLess, String asa, String asaOneMore,
            boolean current) {
    }

    /** An agent's shift today with its breaks, and what the schedule has them do now. */
    @TemplateData
    public record ShiftRow(String agent, String shift, String breaks, String activityNow) {
    }

    @TemplateData
    public record Adherence(String percent, int outOfAdherence, List<AgentRow> agents) {
    }

    @TemplateData
    public record AgentRow(String name, String statusNow, String activityNow, String percent, String adherentMinutes,
            long outOfAdherenceMinutes, boolean out) {
    }

    @TemplateData
    public record TaskRow(String id, String title, String kind, String priority, String due, String status,
            boolean overdue, int done, List<ItemRow> items) {
    }

    @TemplateData
    public record ItemRow(String text, boolean done, String doneBy) {
    }

    @TemplateData
    public record WindowRow(String title, String status, String starts, String ends, String queues,
            String instances, String owner, boolean active) {
    }

    static SupervisorView refused(ProblemException problem) {
        StringBuilder reason = new StringBuilder(problem.getMessage() == null ? problem.title() : problem.getMessage());
        problem.errors().forEach(error -> reason.append(" · ").append(error.field()).append(": ")
                .append(error.message()));
        return new SupervisorView(utc(Instant.now()), List.of(), null, List.of(), List.of(), reason.toString());
    }

    static String utc(Instant at) {
        return at == null ? "—" : UTC.format(at);
    }

    static String clock(Instant at, ZoneId zone) {
        return DateTimeFormatter.ofPattern("HH:mm").withZone(zone).format(at);
    }

    /** A fraction as people read it: 0.8123 is "81.2 %". */
    static String percent(Double fraction) {
        return fraction == null ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    /** An average speed of answer; a queue that cannot keep up has none. */
    static String asa(QueuePerformance performance) {
        if (performance == null) {
            return "—";
        }
        return performance.overloaded() ? "overloaded"
                : String.format(Locale.ROOT, "%.1f s", performance.asaSeconds());
    }

    static String serviceLevel(QueuePerformance performance) {
        return performance == null ? "—" : percent(performance.serviceLevel());
    }

    static WhatIf whatIf(String label, QueuePerformance performance) {
        return performance == null ? new WhatIf(label, 0, "—", "—", "—")
                : new WhatIf(label, performance.agents(), serviceLevel(performance), asa(performance),
                        percent(performance.occupancy()));
    }

    static IntervalRow interval(StaffingBoard.Interval interval, ZoneId zone, boolean current) {
        StaffingBoard.PowerOfOne power = interval.powerOfOne();
        return new IntervalRow(clock(interval.start(), zone), interval.required(), interval.scheduled(),
                interval.scheduled() - interval.required(),
                power == null ? "—" : serviceLevel(power.oneLess()), power == null ? "—" : serviceLevel(power.current()),
                power == null ? "—" : serviceLevel(power.oneMore()), power == null ? "—" : asa(power.oneLess()),
                power == null ? "—" : asa(power.current()), power == null ? "—" : asa(power.oneMore()), current);
    }

    static ShiftRow shift(String agent, ScheduledShift shift, ZoneId zone, String activityNow) {
        String breaks = shift.breaks().isEmpty() ? "—" : String.join(", ", shift.breaks().stream()
                .map(pause -> pause.name() + " " + clock(pause.start(), zone) + "–" + clock(pause.end(), zone))
                .toList());
        return new ShiftRow(agent, clock(shift.start(), zone) + "–" + clock(shift.end(), zone), breaks, activityNow);
    }

    static AgentRow agent(AdherenceService.AgentAdherence agent) {
        return new AgentRow(agent.name(), agent.statusNow(), agent.scheduledActivityNow(),
                agent.adherencePercent() == null ? "—" : percent(agent.adherencePercent() / 100),
                agent.adherentMinutes() + " / " + agent.scheduledMinutes() + " min", agent.outOfAdherenceMinutes(),
                agent.outOfAdherenceNow());
    }

    static TaskRow task(TaskView view) {
        TaskView.Task task = view.task();
        List<ItemRow> items = task.items() == null ? List.of() : task.items().stream()
                .map(item -> new ItemRow(item.text(), item.done(), item.completedBy())).toList();
        return new TaskRow(task.id().toString(), task.title(), task.kind().name(), task.priority().name(),
                utc(task.dueAt()), task.status().name(), view.overdue(),
                (int) items.stream().filter(ItemRow::done).count(), items);
    }

    static WindowRow window(WindowView view) {
        WindowView.Window window = view.window();
        return new WindowRow(window.title(), window.status().name(), utc(window.startsAt()), utc(window.endsAt()),
                String.join(", ", window.queueIds()), String.join(", ", window.instanceIds()), window.owner(),
                window.status() == MaintenanceWindow.Status.IN_PROGRESS);
    }
}
