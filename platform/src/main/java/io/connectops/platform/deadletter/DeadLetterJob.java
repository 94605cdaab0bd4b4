package io.connectops.platform.deadletter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Counts the records each dead-letter topic of this service holds, every 30 s: a gauge per topic
 * ({@code connectops_dead_letters{topic}}) for alerting on it, and readiness data that names the topics that grew
 * since the last count. Readiness stays UP: a dead letter is a record to look at, not a reason to take the service
 * out of its load balancer.
 */
@ApplicationScoped
@Readiness
public class DeadLetterJob implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DeadLetterJob.class);

    @Inject
    DeadLetterTopics topics;

    @Inject
    DeadLetterStore store;

    @Inject
    MeterRegistry registry;

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, Long> grownBy = new ConcurrentHashMap<>();

    @Scheduled(every = "30s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void count() {
        for (String topic : topics.all()) {
            try {
                long now = store.count(topic);
                AtomicLong gauge = counts.computeIfAbsent(topic, t -> {
                    AtomicLong value = new AtomicLong(now);
                    Gauge.builder("connectops.dead.letters", value, AtomicLong::get).tag("topic", t)
                            .description("Records held by a dead-letter topic this service fills").register(registry);
                    return value;
                });
                long before = gauge.getAndSet(now);
                if (now > before) {
                    grownBy.put(topic, now - before);
                    LOG.warnf("Dead-letter topic %s grew by %d to %d records", topic, now - before, now);
                } else {
                    grownBy.remove(topic);
                }
            } catch (RuntimeException e) {
                LOG.debugf("Cannot count dead letters of %s: %s", topic, e.getMessage());
            }
        }
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Dead letters").up();
        counts.forEach((topic, count) -> response.withData(topic, count.get()));
        if (!grownBy.isEmpty()) {
            response.withData("warning", "grew since the last count: " + String.join(", ", grownBy.keySet()));
        }
        return response.build();
    }
}
