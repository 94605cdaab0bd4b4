package io.connectops.alerting.suppression;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MaintenanceWindowEvent;
import io.connectops.platform.inbox.AppliedEvents;
import io.connectops.platform.inbox.Settlement;
import io.smallrye.common.annotation.Blocking;

/**
 * Turns maintenance windows published by scheduling into silences, once per event. A record that cannot be read
 * goes to {@code ops.maintenance.v1.dlq}; a database outage pauses consumption instead, since a lost ANNOUNCED event
 * would leave a maintenance window unsilenced ({@link Settlement}).
 */
@ApplicationScoped
public class MaintenanceWindowConsumer {

    public static final String CHANNEL = "maintenance-in";
    static final String CONSUMER = "alerting-maintenance";

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    SilenceService silences;

    @Inject
    Settlement settlement;

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onWindow(Message<String> record) {
        return settlement.apply(CONSUMER, record, () -> apply(record.getPayload()));
    }

    private void apply(String record) {
        CloudEvent<MaintenanceWindowEvent> event = EventCodec.decode(record, MaintenanceWindowEvent.class);
        MaintenanceWindowEvent window = event.data();
        if (window.windowId() == null || window.change() == null) {
            throw new EventCodec.MalformedEventException("maintenance window without id or change");
        }
        boolean opens = window.change() == MaintenanceWindowEvent.Change.ANNOUNCED
                || window.change() == MaintenanceWindowEvent.Change.STARTED;
        if (opens && (window.endsAt() == null || (window.startsAt() != null && !window.endsAt().isAfter(window.startsAt())))) {
            throw new EventCodec.MalformedEventException("maintenance window " + window.windowId() + " without a valid end");
        }
        if (appliedEvents.markApplied(CONSUMER, event.id())) {
            silences.applyMaintenance(window, event.time() == null ? Instant.now() : event.time());
        }
    }
}
