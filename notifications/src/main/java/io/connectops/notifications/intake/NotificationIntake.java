package io.connectops.notifications.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

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

    @Transactional
    public int accept(String consumer, RoutableEvent notice) {
        if (!appliedEvents.markApplied(consumer, notice.eventId())) {
            return 0;
        }
        int stored = planner.plan(notice);
        if (stored > 0) {
            worker.wakeUpAfterCommit();
        }
        return stored;
    }
}
