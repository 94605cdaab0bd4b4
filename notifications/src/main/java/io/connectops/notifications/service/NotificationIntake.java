package io.connectops.notifications.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.connectops.platform.inbox.AppliedEvents;

/** Takes each consumed event once: marks it applied and stores its deliveries in the same transaction. */
@ApplicationScoped
public class NotificationIntake {

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    NotificationPlanner planner;

    @Transactional
    public int accept(String consumer, Notice notice) {
        if (!appliedEvents.markApplied(consumer, notice.eventId())) {
            return 0;
        }
        return planner.plan(notice);
    }
}
