package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A maintenance window with what may be done with it. */
public record WindowView(Window window, List<String> allowedActions) {

    public static WindowView of(MaintenanceWindow window) {
        return new WindowView(Window.of(window), window.status.allowedActions());
    }

    /** The window's own fields. */
    public record Window(UUID id, String title, String description, List<String> instanceIds, List<String> queueIds,
            Instant startsAt, Instant endsAt, String owner, int leadTimeMinutes, MaintenanceWindow.Status status,
            String outcome, Instant announcedAt, Instant startedAt, Instant endedAt, String documentedBy,
            String createdBy, Instant createdAt) {

        public static Window of(MaintenanceWindow maintenanceWindow) {
            return new Window(maintenanceWindow.id, maintenanceWindow.title, maintenanceWindow.description,
                    maintenanceWindow.instanceIds, maintenanceWindow.queueIds, maintenanceWindow.startsAt,
                    maintenanceWindow.endsAt, maintenanceWindow.owner, maintenanceWindow.leadTimeMinutes,
                    maintenanceWindow.status, maintenanceWindow.outcome, maintenanceWindow.announcedAt,
                    maintenanceWindow.startedAt, maintenanceWindow.endedAt, maintenanceWindow.documentedBy,
                    maintenanceWindow.createdBy, maintenanceWindow.createdAt);
        }
    }
}
