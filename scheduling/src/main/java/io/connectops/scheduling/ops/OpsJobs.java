package io.connectops.scheduling.ops;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;

/** The clock of operational tasks and maintenance windows; safe to run on every instance. */
@ApplicationScoped
public class OpsJobs {

    @Inject
    DueTaskService tasks;

    @Inject
    MaintenanceService maintenance;

    @Scheduled(every = "${connectops.scheduling.ops-tick:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Instant now = Instant.now();
        tasks.createDueTasks(now);
        tasks.publishOverdue(now);
        maintenance.advance(now);
    }
}
