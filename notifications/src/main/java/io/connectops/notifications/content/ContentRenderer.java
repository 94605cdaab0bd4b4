package io.connectops.notifications.content;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.MaintenanceWindowEvent;
import io.connectops.contracts.OpsTaskOverdue;
import io.connectops.contracts.SchedulePublished;
import io.connectops.contracts.Severity;
import io.connectops.notifications.content.MessageContent.Fact;
import io.connectops.notifications.content.MessageContent.Tone;

/**
 * The templates: one per kind of event (alert firing/resolved, each incident change, escalation, status update,
 * schedule published, task overdue, maintenance). Channels only lay the content out.
 */
public final class ContentRenderer {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ContentRenderer() {
    }

    /** The event data of a stored delivery, read back into its record. */
    public static Object event(String eventType, String payload) {
        Class<?> type = dataType(eventType);
        try {
            return EventCodec.mapper().readValue(payload, type);
        } catch (IOException e) {
            throw new EventCodec.MalformedEventException(e.getMessage());
        }
    }

    public static Class<?> dataType(String eventType) {
        if (eventType.startsWith("connectops.alert.")) {
            return AlertEvent.class;
        }
        if (eventType.startsWith("connectops.incident.")) {
            return IncidentEvent.class;
        }
        if (eventType.startsWith("connectops.maintenance.")) {
            return MaintenanceWindowEvent.class;
        }
        if (SchedulePublished.TYPE.equals(eventType)) {
            return SchedulePublished.class;
        }
        if (OpsTaskOverdue.TYPE.equals(eventType)) {
            return OpsTaskOverdue.class;
        }
        if (Digest.TYPE.equals(eventType)) {
            return Digest.class;
        }
        throw new EventCodec.MalformedEventException("no template for event type " + eventType);
    }

    public static MessageContent render(Object event) {
        if (event instanceof AlertEvent alert) {
            return alert(alert);
        }
        if (event instanceof IncidentEvent incident) {
            return incident(incident);
        }
        if (event instanceof MaintenanceWindowEvent window) {
            return maintenance(window);
        }
        if (event instanceof SchedulePublished schedule) {
            return schedule(schedule);
        }
        if (event instanceof OpsTaskOverdue task) {
            return task(task);
        }
        if (event instanceof Digest digest) {
            return digest(digest);
        }
        throw new IllegalArgumentException("no template for " + event.getClass().getSimpleName());
    }

    /** The message a channel test sends. */
    public static MessageContent testMessage(String channelName) {
        return new MessageContent("Connect Ops test message", "Channel check", "OK", null, Tone.INFO,
                "If you can read this, notifications reach " + channelName + ".", List.of(), null, null, null);
    }

    static MessageContent alert(AlertEvent alert) {
        String state = alert.state().name();
        String name = alert.summary() != null ? alert.summary() : alert.ruleName();
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Severity", String.valueOf(alert.severity())));
        String queue = queueOf(alert);
        if (queue != null) {
            facts.add(new Fact("Queue", queue));
        }
        if (alert.value() != null) {
            facts.add(new Fact("Value", number(alert.value())
                    + (alert.threshold() == null ? "" : " (threshold " + number(alert.threshold()) + ")")));
        }
        if (alert.startsAt() != null) {
            facts.add(new Fact("Started", time(alert.startsAt())));
        }
        if (alert.endsAt() != null && alert.state() == AlertEvent.State.RESOLVED) {
            facts.add(new Fact("Ended", time(alert.endsAt())));
        }
        if (alert.reason() != null) {
            facts.add(new Fact("Reason", alert.reason()));
        }
        Tone tone = alert.state() == AlertEvent.State.RESOLVED ? Tone.GOOD
                : alert.state() == AlertEvent.State.FIRING ? Tone.ALERT : Tone.WARNING;
        String statusLine = alert.state() == AlertEvent.State.RESOLVED ? "Alert resolved" : "Alert " + state.toLowerCase(Locale.ROOT);
        return new MessageContent("[" + alert.severity() + "][" + state + "] " + name, statusLine, state,
                alert.severity(), tone, alert.description(), facts, null, null, alert.runbookUrl());
    }

    /** Alerts listed in a group's parent message, per state; the rest are counted. */
    private static final int LISTED = 20;

    /**
     * The parent message of an alert group's conversation: the group's firing alerts, then those resolved since it
     * began to fire, under a headline that counts them ({@code [P2][FIRING:3] …}, Alertmanager's way).
     */
    public static MessageContent group(AlertGroup group) {
        List<AlertEvent> all = new ArrayList<>(group.firing());
        all.addAll(group.resolved());
        boolean firing = !group.firing().isEmpty();
        List<AlertEvent> ranked = firing ? group.firing() : group.resolved();
        Severity severity = ranked.stream().map(AlertEvent::severity).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        String name = all.isEmpty() ? group.groupKey() : nameOf(all.get(0));
        long names = all.stream().map(ContentRenderer::nameOf).distinct().count();
        String headline = "[" + severity + "][" + (firing ? "FIRING:" + group.firing().size() : "RESOLVED") + "] "
                + name + (names > 1 ? " and " + (names - 1) + " more" : "");
        String statusLine = group.firing().size() + " firing"
                + (group.resolved().isEmpty() ? "" : ", " + group.resolved().size() + " resolved");
        StringBuilder text = new StringBuilder();
        list(text, group.firing(), null);
        list(text, group.resolved(), "Resolved:");
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Severity", String.valueOf(severity)));
        facts.add(new Fact("Firing", Integer.toString(group.firing().size())));
        facts.add(new Fact("Resolved", Integer.toString(group.resolved().size())));
        facts.add(new Fact("Group", group.groupKey()));
        String runbook = all.stream().map(AlertEvent::runbookUrl).filter(Objects::nonNull).findFirst()
                .orElse(null);
        return new MessageContent(headline, statusLine, firing ? "FIRING" : "RESOLVED", severity,
                firing ? Tone.ALERT : Tone.GOOD, text.toString(), facts, null, null, runbook);
    }

    private static void list(StringBuilder text, List<AlertEvent> alerts, String title) {
        if (alerts.isEmpty()) {
            return;
        }
        if (title != null) {
            text.append(text.length() == 0 ? "" : "\n").append(title);
        }
        for (int i = 0; i < Math.min(LISTED, alerts.size()); i++) {
            AlertEvent alert = alerts.get(i);
            text.append(text.length() == 0 ? "" : "\n").append("• [").append(alert.severity()).append("] ")
                    .append(nameOf(alert));
            String queue = queueOf(alert);
            if (queue != null) {
                text.append(" — queue ").append(queue);
            }
            if (alert.value() != null) {
                text.append(" — ").append(number(alert.value()))
                        .append(alert.threshold() == null ? "" : " (threshold " + number(alert.threshold()) + ")");
            }
            if (alert.state() == AlertEvent.State.RESOLVED && alert.endsAt() != null) {
                text.append(" — ended ").append(time(alert.endsAt()));
            }
        }
        if (alerts.size() > LISTED) {
            text.append("\n… and ").append(alerts.size() - LISTED).append(" more");
        }
    }

    private static String nameOf(AlertEvent alert) {
        return alert.summary() != null ? alert.summary() : alert.ruleName() != null ? alert.ruleName()
                : alert.fingerprint();
    }

    static MessageContent incident(IncidentEvent incident) {
        String reference = incident.reference() != null ? incident.reference() : incident.incidentId();
        String headline = "[" + incident.severity() + "] " + reference + " " + nullToEmpty(incident.title());
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Severity", String.valueOf(incident.severity())));
        facts.add(new Fact("Status", nullToEmpty(incident.status())));
        if (!incident.queues().isEmpty()) {
            facts.add(new Fact("Queues", String.join(", ", incident.queues())));
        }
        if (incident.commander() != null) {
            facts.add(new Fact("Commander", incident.commander()));
        }
        if (incident.impact() != null) {
            facts.add(new Fact("Impact", incident.impact()));
        }
        if (incident.change() == IncidentEvent.Change.ESCALATED) {
            facts.add(new Fact("Escalated to", nullToEmpty(incident.escalationTarget())
                    + " (level " + incident.escalationLevel() + ")"));
        }
        if (incident.occurredAt() != null) {
            facts.add(new Fact("At", time(incident.occurredAt())));
        }
        return new MessageContent(headline, statusLine(incident), nullToEmpty(incident.status()), incident.severity(),
                tone(incident.change()), incident.message(), facts, incident.url(), "Open incident", null);
    }

    private static String statusLine(IncidentEvent incident) {
        String by = incident.actor() == null || incident.actor().name() == null ? "" : " by " + incident.actor().name();
        switch (incident.change()) {
            case OPENED:
                return "Incident opened" + by;
            case ESCALATED:
                return "Escalated to " + nullToEmpty(incident.escalationTarget());
            case STATUS_UPDATE:
                return "Status update" + by;
            case SEVERITY_CHANGED:
                return "Severity changed to " + incident.severity() + by;
            case ALERT_ATTACHED:
                return "Alert attached";
            case ACTION_REQUESTED:
                return "Action requested" + by;
            case EXTERNAL_UPDATE:
                return "Updated in an external system";
            case COMMENTED:
                return "Comment" + (by.isEmpty() ? "" : " from " + incident.actor().name());
            default:
                String change = incident.change().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                return Character.toUpperCase(change.charAt(0)) + change.substring(1) + by;
        }
    }

    private static Tone tone(IncidentEvent.Change change) {
        switch (change) {
            case OPENED:
            case ESCALATED:
            case REOPENED:
            case SEVERITY_CHANGED:
                return Tone.ALERT;
            case MITIGATED:
            case RESOLVED:
            case CLOSED:
                return Tone.GOOD;
            case ACKNOWLEDGED:
            case COMMENTED:
                return Tone.INFO;
            default:
                return Tone.WARNING;
        }
    }

    static MessageContent maintenance(MaintenanceWindowEvent window) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Starts", time(window.startsAt())));
        facts.add(new Fact("Ends", time(window.endsAt())));
        if (!window.queueIds().isEmpty()) {
            facts.add(new Fact("Queues", String.join(", ", window.queueIds())));
        }
        if (window.owner() != null) {
            facts.add(new Fact("Owner", window.owner()));
        }
        if (window.outcome() != null) {
            facts.add(new Fact("Outcome", window.outcome()));
        }
        String change = window.change().name().toLowerCase(Locale.ROOT);
        return new MessageContent("Maintenance " + change + ": " + nullToEmpty(window.title()), "Maintenance " + change,
                window.change().name(), null,
                window.change() == MaintenanceWindowEvent.Change.ENDED ? Tone.GOOD : Tone.INFO,
                window.description(), facts, null, null, null);
    }

    static MessageContent schedule(SchedulePublished schedule) {
        List<Fact> facts = List.of(new Fact("Period", schedule.from() + " to " + schedule.to()),
                new Fact("Agents", Integer.toString(schedule.agentCount())),
                new Fact("Coverage", Math.round(schedule.coverage() * 100) + "%"));
        return new MessageContent("Schedule published: " + nullToEmpty(schedule.groupName()), "Schedule published",
                "PUBLISHED", null, Tone.INFO, null, facts, null, null, null);
    }

    static MessageContent task(OpsTaskOverdue task) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Due", time(task.dueAt())));
        facts.add(new Fact("Open items", Integer.toString(task.openItems())));
        if (task.priority() != null) {
            facts.add(new Fact("Priority", task.priority()));
        }
        if (task.assignee() != null) {
            facts.add(new Fact("Assignee", task.assignee()));
        }
        return new MessageContent("Task overdue: " + nullToEmpty(task.title()), "Operational task overdue", "OVERDUE",
                null, Tone.WARNING, null, facts, null, null, null);
    }

    static MessageContent digest(Digest digest) {
        int count = digest.entries().size();
        StringBuilder text = new StringBuilder();
        for (Digest.Entry entry : digest.entries()) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append("• ").append(time(entry.at())).append(" ").append(entry.headline());
            if (entry.statusLine() != null) {
                text.append(" — ").append(entry.statusLine());
            }
        }
        return new MessageContent("Weekly digest: " + count + " low-priority notice" + (count == 1 ? "" : "s"),
                "Weekly digest", "DIGEST", null, Tone.INFO, text.toString(),
                List.of(new Fact("Notices", Integer.toString(count)), new Fact("Up to", time(digest.collectedTo()))),
                null, null, null);
    }

    public static String queueOf(AlertEvent alert) {
        for (String label : new String[] {"queue", "queueName", "queueId"}) {
            String value = alert.labels().get(label);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
