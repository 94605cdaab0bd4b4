package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * The clock of operational tasks and maintenance windows; safe to run on every instance. Its three parts run one
 * after the other but apart: one that fails is logged and tried again on the next tick, and never holds up the
 * others (a broken template must not stop maintenance windows from starting).
 */
@ApplicationScoped
public class OpsJobs {

    private static final Logger LOG = Logger.getLogger(OpsJobs.class);

    @Inject
    DueTaskService tasks;

    @Inject
    MaintenanceService maintenance;

    @Scheduled(every = "${connectops.scheduling.ops-tick:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        run(Instant.now());
    }

    /** One tick as of {@code now}. */
    public void run(Instant now) {
        attempt("creating due tasks", now, tasks::createDueTasks);
        attempt("publishing overdue tasks", now, tasks::publishOverdue);
        attempt("advancing maintenance windows", now, maintenance::advance);
    }

    private static void attempt(String what, Instant now, Function<Instant, Integer> part) {
        try {
            part.apply(now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Ops clock: %s failed; the other parts went on", what);
        }
    }
}
