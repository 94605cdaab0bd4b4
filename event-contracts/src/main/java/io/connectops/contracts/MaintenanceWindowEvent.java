package io.connectops.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A maintenance window was announced, started, ended or cancelled, on {@link Topics#MAINTENANCE}, keyed by window
 * id. Alerting silences matching alerts while a window runs; notifications tell the stakeholders.
 */
public record MaintenanceWindowEvent(
        String windowId,
        Change change,
        String title,
        String description,
        List<String> instanceIds,
        List<String> queueIds,
        Instant startsAt,
        Instant endsAt,
        String owner,
        String outcome) {

    public enum Change { ANNOUNCED, STARTED, ENDED, CANCELLED }

    public MaintenanceWindowEvent {
        instanceIds = instanceIds == null ? List.of() : List.copyOf(instanceIds);
        queueIds = queueIds == null ? List.of() : List.copyOf(queueIds);
    }

    public static String typeOf(Change change) {
        return "connectops.maintenance." + change.name().toLowerCase(Locale.ROOT) + ".v1";
    }

    public String type() {
        return typeOf(change);
    }
}
