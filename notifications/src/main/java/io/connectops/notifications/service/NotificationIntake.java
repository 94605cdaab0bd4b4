package io.connectops.notifications.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import io.connectops.platform.inbox.AppliedEvents;

/** Takes each consumed event once: marks it applied and stores its deliveries in the same transaction. */
@ApplicationScoped
public class NotificationIntake {

    @Inject
    AppliedEvents appliedEvents;

    @Inject
    NotificationPlanner planner;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    DeliveryWorker worker;

    @Transactional
    public int accept(String consumer, Notice notice) {
        if (!appliedEvents.markApplied(consumer, notice.eventId())) {
            return 0;
        }
        int stored = planner.plan(notice);
        if (stored > 0) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        worker.wakeUp();
                    }
                }
            });
        }
        return stored;
    }
}
