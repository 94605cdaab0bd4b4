package io.connectops.incidents.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.connectops.contracts.Severity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How incidents are opened, timed, escalated and reported ({@code connectops.incidents.*}); every value can be set
 * from the environment ({@code CONNECTOPS_INCIDENTS_...}). The previous names ({@code incidents.*}) are still read
 * for one release ({@link PreviousConfigNames}).
 */
@ConfigMapping(prefix = "connectops.incidents")
public interface IncidentsConfig {

    /** Base address of the incident pages, for links in events: {@code <public-url>/incidents/<id>}. */
    @WithDefault("http://localhost:8083")
    String publicUrl();

    Alerts alerts();

    /** Per severity (keys P1..P4): how long an incident may stay in triage, and how long open. */
    Map<String, SeveritySla> sla();

    Escalation escalation();

    Review review();

    Timers timers();

    Reports reports();

    Metrics metrics();

    Retention retention();

    interface Alerts {
        /** Firing alerts of these severities open an incident; others attach to an open one or are ignored. */
        @WithDefault("P1,P2")
        Set<Severity> openSeverities();

        /** An alert that fires again this soon after its incident was resolved reopens it. */
        @WithDefault("PT30M")
        Duration reopenWindow();
    }

    interface SeveritySla {
        Duration assess();

        Duration resolve();
    }

    interface Escalation {
        /** Who each escalation level goes to: level 1 to the first, level 2 to the second; later levels to the last. */
        @WithDefault("engineering,vendor-support")
        List<String> targets();
    }

    interface Review {
        /** Resolved incidents of these severities go to their post-incident review on their own. */
        @WithDefault("P1,P2")
        Set<Severity> autoStartSeverities();

        /** How long a resolved incident waits (it may still be reopened) before its review starts on its own. */
        @WithDefault("PT30M")
        Duration autoStartAfter();
    }

    interface Timers {
        /** How often due SLA and review timers are looked for (the scheduler reads it by name). */
        @WithDefault("10s")
        String checkInterval();

        /** Timers claimed per round. */
        @WithDefault("100")
        int batchSize();
    }

    interface Reports {
        /** When the weekly report (previous Monday to Monday, UTC) is published (the scheduler reads it by name). */
        @WithDefault("0 0 6 ? * MON")
        String weeklyCron();

        /** When the monthly report (previous calendar month, UTC) is published. */
        @WithDefault("0 0 6 1 * ?")
        String monthlyCron();
    }

    interface Metrics {
        /** How often the open-incident gauge is recounted from the database (the scheduler reads it by name). */
        @WithDefault("15s")
        String openRefreshInterval();
    }

    /**
     * How long rows that only grow are kept ({@code service/RetentionJob}). The outbox and the applied-event ids are
     * the platform's ({@code connectops.outbox.retention}, {@code connectops.outbox.applied-event-retention}).
     */
    interface Retention {
        /** Audit entries (who wrote what through the API) older than this are deleted. */
        @WithDefault("P400D")
        Duration audit();

        /** Delivery records on timelines (notification outcomes) older than this are deleted. */
        @WithDefault("P90D")
        Duration timelineDeliveries();

        /** How often the job runs (the scheduler reads it by name). */
        @WithDefault("1h")
        String interval();

        /** Rows deleted per statement, so that no delete holds locks or fills the WAL for long. */
        @WithDefault("5000")
        int batchSize();
    }

    /** The SLA of one severity; a missing entry is a configuration error found at startup. */
    default SeveritySla slaOf(Severity severity) {
        SeveritySla target = sla().get(severity.name());
        if (target == null) {
            throw new IllegalStateException("No SLA configured for " + severity + " (connectops.incidents.sla." + severity + ")");
        }
        return target;
    }

    default String escalationTargetOf(int level) {
        List<String> targets = escalation().targets();
        return targets.get(Math.min(level, targets.size()) - 1);
    }
}
