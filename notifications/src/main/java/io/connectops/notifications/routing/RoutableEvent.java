package io.connectops.notifications.routing;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.MaintenanceWindowEvent;
import io.connectops.contracts.OpsTaskOverdue;
import io.connectops.contracts.SchedulePublished;
import io.connectops.contracts.Severity;
import io.connectops.notifications.content.ContentRenderer;

/**
 * An event as routing sees it: what routes match on (type, severity, labels, queues), the conversation it belongs
 * to ({@link #threadKey}: an incident, an alert, a schedule), and its data to render when sent.
 */
public record RoutableEvent(
        String eventId,
        String eventType,
        Instant occurredAt,
        Severity severity,
        Map<String, String> labels,
        List<String> queues,
        String incidentId,
        String threadKey,
        AlertEvent.State alertState,
        String payload) {

    public static RoutableEvent ofAlert(CloudEvent<AlertEvent> event) {
        AlertEvent alert = event.data();
        require(alert.fingerprint() != null && alert.state() != null && alert.severity() != null,
                "alert without fingerprint, state or severity");
        String queue = ContentRenderer.queueOf(alert);
        return new RoutableEvent(event.id(), alert.type(), time(event, alert.startsAt()), alert.severity(), alert.labels(),
                queue == null ? List.of() : List.of(queue), null, "alert:" + alert.fingerprint(), alert.state(),
                json(alert));
    }

    public static RoutableEvent ofIncident(CloudEvent<IncidentEvent> event) {
        IncidentEvent incident = event.data();
        require(incident.incidentId() != null && incident.change() != null && incident.severity() != null,
                "incident event without incidentId, change or severity");
        return new RoutableEvent(event.id(), incident.type(), time(event, incident.occurredAt()), incident.severity(),
                incidentLabels(incident), incident.queues(), incident.incidentId(), "incident:" + incident.incidentId(),
                null, json(incident));
    }

    /**
     * What routes match an incident event on: its change and status, and once it was escalated, its level and
     * target, so that a route with {@code labels: {"escalationLevel": "2"}} takes level 2 to another channel.
     */
    static Map<String, String> incidentLabels(IncidentEvent incident) {
        Map<String, String> labels = new HashMap<>();
        labels.put("change", incident.change().name());
        labels.put("status", String.valueOf(incident.status()));
        if (incident.escalationLevel() > 0) {
            labels.put("escalationLevel", Integer.toString(incident.escalationLevel()));
        }
        if (incident.escalationTarget() != null && !incident.escalationTarget().isBlank()) {
            labels.put("escalationTarget", incident.escalationTarget());
        }
        return Map.copyOf(labels);
    }

    public static RoutableEvent ofSchedule(CloudEvent<SchedulePublished> event) {
        SchedulePublished schedule = event.data();
        require(schedule.scheduleId() != null, "schedule without scheduleId");
        return new RoutableEvent(event.id(), SchedulePublished.TYPE, time(event, schedule.publishedAt()), null,
                Map.of("groupId", String.valueOf(schedule.groupId())), List.of(), null,
                "schedule:" + schedule.scheduleId(), null, json(schedule));
    }

    public static RoutableEvent ofTask(CloudEvent<OpsTaskOverdue> event) {
        OpsTaskOverdue task = event.data();
        require(task.taskId() != null, "task without taskId");
        return new RoutableEvent(event.id(), OpsTaskOverdue.TYPE, time(event, task.dueAt()), null,
                Map.of("priority", String.valueOf(task.priority())), List.of(), null, "task:" + task.taskId(), null,
                json(task));
    }

    public static RoutableEvent ofMaintenance(CloudEvent<MaintenanceWindowEvent> event) {
        MaintenanceWindowEvent window = event.data();
        require(window.windowId() != null && window.change() != null, "maintenance window without windowId or change");
        return new RoutableEvent(event.id(), window.type(), time(event, window.startsAt()), null,
                Map.of("change", window.change().name()), window.queueIds(), null, "maintenance:" + window.windowId(),
                null, json(window));
    }

    private static Instant time(CloudEvent<?> event, Instant fallback) {
        if (event.time() != null) {
            return event.time();
        }
        return fallback != null ? fallback : Instant.now();
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new EventCodec.MalformedEventException(reason);
        }
    }

    private static String json(Object data) {
        try {
            return EventCodec.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new EventCodec.MalformedEventException(e.getOriginalMessage());
        }
    }
}
