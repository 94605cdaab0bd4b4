package io.connectops.alerting.evaluation;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.connectops.alerting.config.AlertingConfig;

/**
 * The evaluator in readiness: DOWN when a worker has not checkpointed for {@code alerting.evaluation.max-checkpoint-age}
 * while it has records to process, or when its thread died. A stuck evaluator fires no alert, and an instance that
 * says it is ready while evaluating nothing hides that from every probe and dashboard. Reads only what the workers
 * publish after each poll: the check never waits on the database or the broker the worker may be stuck on.
 */
@Readiness
@ApplicationScoped
public class EvaluatorHealthCheck implements HealthCheck {

    static final String NAME = "alert-evaluator";

    @Inject
    AlertingConfig config;

    @Inject
    MetricStreamEvaluator evaluator;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        if (!config.evaluation().enabled()) {
            return response.withData("evaluation", "disabled").build();
        }
        Duration maxAge = config.evaluation().maxCheckpointAge();
        response.withData("maxCheckpointAge", maxAge.toString());
        List<EvaluationWorker.Progress> workers = evaluator.progress();
        response.withData("workers", workers.size());
        long now = System.currentTimeMillis();
        for (EvaluationWorker.Progress worker : workers) {
            String prefix = worker.name() + ".";
            response.withData(prefix + "checkpointAge", Duration.ofMillis(now - worker.lastSuccessfulCheckpoint()).toString());
            response.withData(prefix + "consumerLag", worker.consumerLag());
            response.withData(prefix + "uncheckpointedRecords", worker.uncheckpointedRecords());
            response.withData(prefix + "paused", worker.paused());
            String stuck = stuck(worker, now, maxAge);
            if (stuck != null) {
                response.down().withData(prefix + "stuck", stuck);
            }
        }
        return response.build();
    }

    /** Why a worker counts as stuck at {@code now}, or null when it does not. */
    static String stuck(EvaluationWorker.Progress worker, long now, Duration maxAge) {
        if (!worker.alive()) {
            return "its thread has ended";
        }
        long age = now - worker.lastSuccessfulCheckpoint();
        // An idle worker checkpoints nothing and counts that as success: only a worker with work can be stuck.
        boolean work = worker.consumerLag() > 0 || worker.uncheckpointedRecords() > 0 || worker.paused();
        if (age > maxAge.toMillis() && work) {
            return "no successful checkpoint for " + Duration.ofMillis(age) + " with "
                    + (worker.uncheckpointedRecords() + worker.consumerLag()) + " records to process"
                    + (worker.paused() ? ", consumption paused" : "");
        }
        return null;
    }
}
