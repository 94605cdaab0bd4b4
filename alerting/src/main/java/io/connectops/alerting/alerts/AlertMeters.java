package io.connectops.alerting.alerts;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.connectops.contracts.Severity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * Dashboard meters about alerts. The firing count is read from the database, which every instance of the service
 * writes, so each instance reports the same figure whatever partitions it evaluates.
 */
@ApplicationScoped
@Startup
public class AlertMeters {

    private static final Logger LOG = Logger.getLogger(AlertMeters.class);
    private static final String FIRING_BY_SEVERITY =
            "SELECT severity, count(*) FROM alert WHERE state = 'FIRING' GROUP BY severity";

    private final Map<Severity, AtomicLong> firing = new EnumMap<>(Severity.class);

    @Inject
    EntityManager entityManager;

    @Inject
    public AlertMeters(MeterRegistry registry) {
        for (Severity severity : Severity.values()) {
            AtomicLong count = new AtomicLong();
            firing.put(severity, count);
            Gauge.builder("alerting.alerts.firing", count, AtomicLong::get)
                    .description("Alerts currently FIRING (silenced and inhibited ones included)")
                    .tag("severity", severity.name()).register(registry);
        }
    }

    @Scheduled(every = "${connectops.alerting.meters.refresh-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = QuarkusTransaction.requiringNew()
                    .call(() -> entityManager.createNativeQuery(FIRING_BY_SEVERITY).getResultList());
            Map<Severity, Long> counts = new EnumMap<>(Severity.class);
            for (Object[] row : rows) {
                counts.put(Severity.valueOf((String) row[0]), ((Number) row[1]).longValue());
            }
            firing.forEach((severity, count) -> count.set(counts.getOrDefault(severity, 0L)));
        } catch (RuntimeException e) {
            LOG.debugf("Counting firing alerts failed, keeping the last figures: %s", e.getMessage());
        }
    }
}
