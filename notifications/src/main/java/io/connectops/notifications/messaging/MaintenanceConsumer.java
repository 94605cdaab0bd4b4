package io.connectops.notifications.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.connectops.contracts.MaintenanceWindowEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.notifications.service.Notice;
import io.connectops.notifications.service.NotificationIntake;
import io.smallrye.common.annotation.Blocking;

/**
 * Announces maintenance windows from {@code ops.maintenance.v1} by the routes. An unreadable record throws, which sends it to the topic's {@code .dlq} twin and lets the partition go on.
 */
@ApplicationScoped
public class MaintenanceConsumer {

    public static final String CHANNEL = "maintenance-in";
    static final String CONSUMER = "notifications-maintenance-in";

    @Inject
    NotificationIntake intake;

    @Incoming(CHANNEL)
    @Blocking
    public void onEvent(String record) {
        intake.accept(CONSUMER, Notice.ofMaintenance(EventCodec.decode(record, MaintenanceWindowEvent.class)));
    }
}
