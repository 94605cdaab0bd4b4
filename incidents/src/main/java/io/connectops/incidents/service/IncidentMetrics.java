package io.connectops.incidents.service;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * The meters of the incident dashboards. Counters and timers are recorded only once the change has committed, so a
 * refused or rolled-back request counts nothing. The open-incident gauge is read from the database, not counted in
 * memory, so every replica reports the same figure and a restart loses nothing.
 */
@ApplicationScoped
public class IncidentMetrics {

    public static final String OPEN = "incidents.open";
    public static final String OPENED = "incidents.opened";
    public static final String ESCALATIONS = "incidents.escalations";
    public static final String TIME_TO_ACKNOWLEDGE = "incidents.time_to_acknowledge";
    public static final String TIME_TO_MITIGATE = "incidents.time_to_mitigate";
    public static final String TIME_TO_RESOLVE = "incidents.time_to_resolve";

    /** The statuses in which an incident still needs someone: not resolved, closed or cancelled. */
    static final List<String> UNFINISHED = List.of(IncidentStatus.TRIAGE.name(), IncidentStatus.MITIGATING.name(),
            IncidentStatus.MONITORING.name(), IncidentStatus.POST_INCIDENT.name());

    private final Map<Severity, AtomicLong> open = new EnumMap<>(Severity.class);

    @Inject
    MeterRegistry registry;

    @Inject
    EntityManager entityManager;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @jakarta.annotation.PostConstruct
    void registerGauges() {
        for (Severity severity : Severity.values()) {
            AtomicLong count = new AtomicLong();
            open.put(severity, count);
            Gauge.builder(OPEN, count, AtomicLong::get).tag("severity", severity.name())
                    .description("Incidents not yet resolved, closed or cancelled, from the database")
                    .register(registry);
        }
    }

    @Scheduled(identity = "incident-open-gauge", every = "${connectops.incidents.metrics.open-refresh-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshOpen() {
        Map<Severity, Long> counts = QuarkusTransaction.requiringNew().call(this::countOpen);
        for (Severity severity : Severity.values()) {
            open.get(severity).set(counts.getOrDefault(severity, 0L));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Severity, Long> countOpen() {
        List<Object[]> rows = entityManager.createNativeQuery(
                        "SELECT severity, count(*) FROM incident WHERE status IN (?1) GROUP BY severity")
                .setParameter(1, UNFINISHED).getResultList();
        Map<Severity, Long> counts = new EnumMap<>(Severity.class);
        for (Object[] row : rows) {
            counts.put(Severity.valueOf((String) row[0]), ((Number) row[1]).longValue());
        }
        return counts;
    }

    /** An incident was opened, by hand or from an alert. */
    public void opened(Incident incident) {
        String severity = incident.severity.name();
        String origin = incident.source == Incident.Source.ALERT ? "alert" : "manual";
        afterCommit(() -> Counter.builder(OPENED).tag("severity", severity).tag("origin", origin)
                .description("Incidents opened").register(registry).increment());
    }

    /** Someone took the incident on (acknowledged it, or assessed it unacknowledged): once per incident. */
    public void acknowledged(Incident incident) {
        recordStep(TIME_TO_ACKNOWLEDGE, incident, incident.acknowledgedAt);
    }

    public void mitigated(Incident incident) {
        recordStep(TIME_TO_MITIGATE, incident, incident.mitigatedAt);
    }

    public void resolved(Incident incident) {
        recordStep(TIME_TO_RESOLVE, incident, incident.resolvedAt);
    }

    public void escalated(int level) {
        String tag = Integer.toString(level);
        afterCommit(() -> Counter.builder(ESCALATIONS).tag("level", tag)
                .description("SLA breaches that raised an incident's escalation level").register(registry)
                .increment());
    }

    private void recordStep(String name, Incident incident, Instant reachedAt) {
        Duration since = Duration.between(incident.createdAt, reachedAt);
        String severity = incident.severity.name();
        afterCommit(() -> Timer.builder(name).tag("severity", severity)
                .description("Time from an incident's opening to this step").register(registry)
                .record(since.isNegative() ? Duration.ZERO : since));
    }

    private void afterCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }
}
