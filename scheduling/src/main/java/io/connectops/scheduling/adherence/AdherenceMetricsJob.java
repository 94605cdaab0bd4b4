package io.connectops.scheduling.adherence;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.scheduling.config.SchedulingConfig;
import io.quarkus.scheduler.Scheduled;

/** Publishes group adherence and staffing gaps on ops.metrics.v1 so that alerting can fire on them. */
@ApplicationScoped
public class AdherenceMetricsJob {

    @Inject
    AdherenceService adherence;

    @Inject
    SchedulingConfig config;

    @Scheduled(every = "${connectops.scheduling.adherence.job:5m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publish() {
        adherence.publishMetrics(Instant.now(), periodSeconds());
    }

    long periodSeconds() {
        String every = config.adherence().publishEvery().trim();
        long amount = Long.parseLong(every.substring(0, every.length() - 1));
        return switch (every.charAt(every.length() - 1)) {
            case 's' -> amount;
            case 'h' -> amount * 3600;
            default -> amount * 60;
        };
    }
}
