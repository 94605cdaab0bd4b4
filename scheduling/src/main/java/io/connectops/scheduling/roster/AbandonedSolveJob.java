package io.connectops.scheduling.roster;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;

/** Fails schedules whose solver died with its instance; safe to run on every instance (conditional updates). */
@ApplicationScoped
public class AbandonedSolveJob {

    @Inject
    ScheduleService schedules;

    @Scheduled(every = "${connectops.scheduling.solve-watch:30s}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        schedules.failAbandoned(Instant.now());
    }
}
