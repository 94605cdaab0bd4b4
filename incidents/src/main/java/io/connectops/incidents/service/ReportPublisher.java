package io.connectops.incidents.service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.connectops.contracts.Actor;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Topics;
import io.connectops.incidents.config.IncidentsConfig;
import io.connectops.platform.outbox.Outbox;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes the weekly and monthly incident reports on {@code ops.incidents.v1} (change REPORT_PUBLISHED) for
 * notifications to post. A period is published once: its key is inserted in the same transaction as the event, so
 * a second instance or a rerun finds it taken.
 */
@ApplicationScoped
public class ReportPublisher {

    private static final Logger LOG = Logger.getLogger(ReportPublisher.class);

    @Inject
    ReportService reports;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    IncidentsConfig config;

    public enum Period { WEEKLY, MONTHLY }

    @Scheduled(identity = "weekly-incident-report", cron = "${connectops.incidents.reports.weekly-cron}")
    void weekly() {
        publish(Period.WEEKLY, LocalDate.now(ZoneOffset.UTC));
    }

    @Scheduled(identity = "monthly-incident-report", cron = "${connectops.incidents.reports.monthly-cron}")
    void monthly() {
        publish(Period.MONTHLY, LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * Publishes the report of the last full period before {@code today}: the previous Monday-to-Monday week, or
     * the previous calendar month.
     *
     * @return false when that period had already been published
     */
    @Transactional
    public boolean publish(Period period, LocalDate today) {
        LocalDate start;
        LocalDate end;
        if (period == Period.WEEKLY) {
            end = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            start = end.minusWeeks(1);
        } else {
            end = today.withDayOfMonth(1);
            start = end.minusMonths(1);
        }
        String key = period.name().toLowerCase() + ":" + start;
        int claimed = entityManager.createNativeQuery("INSERT INTO published_report (period_key, published_at) "
                + "VALUES (?1, now()) ON CONFLICT DO NOTHING").setParameter(1, key).executeUpdate();
        if (claimed == 0) {
            return false;
        }
        Instant from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = end.atStartOfDay(ZoneOffset.UTC).toInstant();
        ReportService.IncidentReport report = reports.report(from, to, null);
        String title = (period == Period.WEEKLY ? "Weekly" : "Monthly") + " incident report " + start + " – "
                + end.minusDays(1);
        IncidentEvent event = new IncidentEvent("report:" + key, key, IncidentEvent.Change.REPORT_PUBLISHED, null,
                null, title, null, summaryOf(report), List.of(), List.of(), null, 0, null, Actor.SYSTEM,
                Instant.now(), config.publicUrl() + "/api/v1/reports/incidents?from=" + from + "&to=" + to);
        outbox.publish(Topics.INCIDENTS, event.incidentId(),
                CloudEvent.of(IncidentEvents.SOURCE, event.type(), event.incidentId(), event));
        LOG.infof("Published %s", title);
        return true;
    }

    static String summaryOf(ReportService.IncidentReport report) {
        return report.total() + " incidents (" + counts(report.bySeverity()) + "); by status " + counts(report.byStatus())
                + "; MTTA " + orDash(report.meanTimeToAssess()) + ", MTTM " + orDash(report.meanTimeToMitigate())
                + ", MTTR " + orDash(report.meanTimeToResolve()) + "; SLA breaches " + report.slaBreaches().total()
                + " (assess " + report.slaBreaches().assess() + ", resolve " + report.slaBreaches().resolve()
                + "); overdue preventive actions " + report.overduePreventiveActionCount();
    }

    private static String counts(Map<?, Long> counts) {
        return counts.entrySet().stream().filter(entry -> entry.getValue() > 0)
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
    }

    private static String orDash(Object value) {
        return value == null ? "–" : value.toString();
    }
}
