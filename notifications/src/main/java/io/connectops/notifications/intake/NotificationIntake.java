package io.connectops.notifications.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.contracts.IncidentEvent;
import io.connectops.notifications.delivery.Acknowledgements;
import io.connectops.notifications.delivery.DeliveryWorker;
import io.connectops.notifications.routing.RoutableEvent;
import io.connectops.platform.inbox.AppliedEvents;

/** Takes each consumed event once: marks it applied and stores its deliveries in the same transaction. */
@ApplicationScoped
public class NotificationIntake {

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    NotificationPlanner planner;

    @Inject
    DeliveryWorker worker;

    @Inject
    Acknowledgements acknowledgements;

    private static final String ACKNOWLEDGED = IncidentEvent.typeOf(IncidentEvent.Change.ACKNOWLEDGED);

    @Transactional
    public int accept(String consumer, RoutableEvent notice) {
        if (!appliedEvents.markApplied(consumer, notice.eventId())) {
            return 0;
        }
        if (ACKNOWLEDGED.equals(notice.eventType()) && notice.incidentId() != null) {
            acknowledgements.record(notice.incidentId(), notice.occurredAt(), null);
        }
        int stored = planner.plan(notice);
        if (stored > 0) {
            worker.wakeUpAfterCommit();
        }
        return stored;
    }
}
