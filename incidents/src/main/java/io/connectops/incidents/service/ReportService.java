package io.connectops.incidents.service;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.TimerKind;
import io.connectops.platform.problem.ProblemException;

/** Incident figures over a period: counts, mean times to assess, mitigate and resolve, SLA breaches. */
@ApplicationScoped
public class ReportService {

    static final Duration LONGEST_PERIOD = Duration.ofDays(366);
    private static final String QUEUE_FILTER = " AND (cast(?3 AS text) IS NULL OR cast(?3 AS text) = ANY (i.queues))";

    @Inject
    EntityManager entityManager;

    /**
     * The report. Means are over the incidents of the period that reached the step; overdue preventive actions are
     * those open today whose due date has passed, whatever the period.
     */
    public record IncidentReport(
            Instant from,
            Instant to,
            String queue,
            long total,
            Map<Severity, Long> bySeverity,
            Map<IncidentStatus, Long> byStatus,
            Duration meanTimeToAssess,
            Duration meanTimeToMitigate,
            Duration meanTimeToResolve,
            SlaBreaches slaBreaches,
            long overduePreventiveActionCount,
            List<OverdueAction> overduePreventiveActions) {
    }

    public record SlaBreaches(long assess, long resolve, long total) {
    }

    public record OverdueAction(UUID id, UUID incidentId, String reference, String description, String owner,
            LocalDate dueDate) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public IncidentReport report(Instant from, Instant to, String queue) {
        if (from == null || to == null) {
            throw ProblemException.invalid(from == null ? "from" : "to", "is required (ISO-8601 instant)");
        }
        if (!to.isAfter(from)) {
            throw ProblemException.invalid("to", "must be after from");
        }
        if (Duration.between(from, to).compareTo(LONGEST_PERIOD) > 0) {
            throw ProblemException.invalid("to", "a report covers at most " + LONGEST_PERIOD.toDays() + " days");
        }
        String queueFilter = queue == null || queue.isBlank() ? null : queue;

        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        Map<IncidentStatus, Long> byStatus = new EnumMap<>(IncidentStatus.class);
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity, 0L);
        }
        for (IncidentStatus status : IncidentStatus.values()) {
            byStatus.put(status, 0L);
        }
        long total = 0;
        List<Object[]> counts = inPeriod("SELECT i.severity, i.status, count(*) FROM incident i "
                + "WHERE i.created_at >= ?1 AND i.created_at < ?2" + QUEUE_FILTER + " GROUP BY i.severity, i.status",
                from, to, queueFilter).getResultList();
        for (Object[] row : counts) {
            long count = ((Number) row[2]).longValue();
            bySeverity.merge(Severity.valueOf((String) row[0]), count, Long::sum);
            byStatus.merge(IncidentStatus.valueOf((String) row[1]), count, Long::sum);
            total += count;
        }

        Object[] means = (Object[]) inPeriod("SELECT "
                + "avg(extract(epoch FROM i.acknowledged_at - i.created_at)), "
                + "avg(extract(epoch FROM i.mitigated_at - i.created_at)), "
                + "avg(extract(epoch FROM i.resolved_at - i.created_at)) "
                + "FROM incident i WHERE i.created_at >= ?1 AND i.created_at < ?2" + QUEUE_FILTER,
                from, to, queueFilter).getSingleResult();

        Map<String, Long> breaches = new LinkedHashMap<>();
        List<Object[]> breachRows = inPeriod("SELECT t.kind, count(*) FROM incident_timer t "
                + "JOIN incident i ON i.id = t.incident_id WHERE t.state = 'FIRED' AND t.kind IN ('"
                + TimerKind.ASSESS_SLA + "', '" + TimerKind.RESOLVE_SLA + "') "
                + "AND i.created_at >= ?1 AND i.created_at < ?2" + QUEUE_FILTER + " GROUP BY t.kind",
                from, to, queueFilter).getResultList();
        for (Object[] row : breachRows) {
            breaches.put((String) row[0], ((Number) row[1]).longValue());
        }
        long assessBreaches = breaches.getOrDefault(TimerKind.ASSESS_SLA.name(), 0L);
        long resolveBreaches = breaches.getOrDefault(TimerKind.RESOLVE_SLA.name(), 0L);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String overdueFrom = "FROM preventive_action p JOIN incident i ON i.id = p.incident_id "
                + "WHERE p.completed_at IS NULL AND p.due_date < ?1"
                + " AND (cast(?2 AS text) IS NULL OR cast(?2 AS text) = ANY (i.queues))";
        long overdueCount = ((Number) entityManager.createNativeQuery("SELECT count(*) " + overdueFrom)
                .setParameter(1, Date.valueOf(today)).setParameter(2, queueFilter).getSingleResult()).longValue();
        List<Object[]> overdueRows = entityManager.createNativeQuery("SELECT p.id, p.incident_id, i.number, "
                        + "p.description, p.owner, p.due_date " + overdueFrom + " ORDER BY p.due_date, p.id LIMIT 100")
                .setParameter(1, Date.valueOf(today)).setParameter(2, queueFilter).getResultList();
        List<OverdueAction> overdue = new ArrayList<>();
        for (Object[] row : overdueRows) {
            overdue.add(new OverdueAction((UUID) row[0], (UUID) row[1],
                    Incident.referenceOf(((Number) row[2]).longValue()), (String) row[3], (String) row[4],
                    toLocalDate(row[5])));
        }
        return new IncidentReport(from, to, queueFilter, total, bySeverity, byStatus, seconds(means[0]),
                seconds(means[1]), seconds(means[2]), new SlaBreaches(assessBreaches, resolveBreaches,
                        assessBreaches + resolveBreaches), overdueCount, overdue);
    }

    private Query inPeriod(String sql, Instant from, Instant to, String queue) {
        return entityManager.createNativeQuery(sql).setParameter(1, from).setParameter(2, to).setParameter(3, queue);
    }

    private static Duration seconds(Object value) {
        if (value == null) {
            return null;
        }
        BigDecimal secondsValue = value instanceof BigDecimal decimal ? decimal : new BigDecimal(value.toString());
        return Duration.ofMillis(secondsValue.movePointRight(3).longValue());
    }

    private static LocalDate toLocalDate(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        return value == null ? null : ((Date) value).toLocalDate();
    }
}
