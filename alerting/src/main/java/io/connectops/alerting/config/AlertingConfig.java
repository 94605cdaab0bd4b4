package io.connectops.alerting.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.connectops.contracts.Severity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "connectops.alerting")
public interface AlertingConfig {

    Evaluation evaluation();

    Grouping grouping();

    Inhibition inhibition();

    External external();

    Retention retention();

    interface Evaluation {
        /** Run the metric-stream evaluator on this instance. */
        @WithDefault("true")
        boolean enabled();

        /** Consumer group shared by every instance: Kafka splits the partitions, and with them the series, among them. */
        @WithDefault("alerting-evaluator")
        String groupId();

        /** Most samples evaluated per poll, and so per checkpoint transaction at most. */
        @WithDefault("5000")
        int maxPollRecords();

        /**
         * How often transitions, series state and offsets are written, in one transaction: the most an alert waits to
         * be published, and the most of the stream a crash replays (replayed transitions are recognised and dropped).
         */
        @WithDefault("PT1S")
        Duration checkpointInterval();

        /**
         * The checkpoint interval while the evaluator is more than 10,000 records behind: catching up first, the
         * series changed meanwhile are written once rather than every second. Writing the changed series is most of a
         * checkpoint, and behind the stream nearly every series changes between two of them: at 5 seconds the
         * checkpoints took half of the catching up.
         */
        @WithDefault("PT10S")
        Duration checkpointIntervalUnderLoad();

        /** Event time after a series' last value at which it counts as silent ("no data"). */
        @WithDefault("PT10M")
        Duration noDataAfter();

        /** How often (wall clock) series are swept for no data and for rules that were removed. */
        @WithDefault("PT1S")
        Duration sweepInterval();

        /**
         * Event time without any sample after which a series is forgotten (its state leaves memory and the
         * checkpoint), unless an alert of it is still open: series of agents and queues that are gone do not pile up.
         */
        @WithDefault("PT6H")
        Duration evictAfter();

        /**
         * Wall-clock time without any sample from a whole Connect instance after which all its series count as
         * silent: event time stops with the samples, so only the wall clock can tell that an instance went away.
         * Longer than the slowest regular reporting (closed 15-minute intervals).
         */
        @WithDefault("PT30M")
        Duration instanceSilentAfter();

        /**
         * Readiness goes DOWN when a worker's last successful checkpoint is older than this while it has records to
         * process (read and not checkpointed, or behind the end of the stream): it is stuck, on a failing database
         * or a checkpoint that hangs. Well above {@link #checkpointIntervalUnderLoad()} plus a slow checkpoint.
         */
        @WithDefault("PT2M")
        Duration maxCheckpointAge();
    }

    interface Grouping {
        /** Labels whose values make the group key of an alert (Alertmanager's group_by). */
        @WithDefault("rule,instanceId")
        List<String> labels();

        /**
         * When set, every severity waits this long before the first announcement of a new group: the single setting
         * before waits per severity, still honoured. Unset by default, so {@link #groupWaitBySeverity()} applies.
         */
        Optional<Duration> groupWait();

        /**
         * Wait before the first announcement of a new group, per severity of its rule: alerts that fire together are
         * announced together, except that a P1 does not wait by default (someone must act now; the alerts of a P1
         * outage that fire a few seconds later join the group as a change, one group interval later).
         */
        GroupWaits groupWaitBySeverity();

        /** Least time between two announcements of a group that changed (a new alert in it). */
        @WithDefault("PT5M")
        Duration groupInterval();

        /** A group still firing is announced again after this. */
        @WithDefault("PT4H")
        Duration repeatInterval();

        /** How often (wall clock) due groups are announced and ended silences looked for. */
        @WithDefault("PT1S")
        Duration tick();
    }

    /** Group wait per severity: {@code grouping.group-wait-by-severity.p1} … {@code .p4}. */
    interface GroupWaits {
        @WithDefault("PT0S")
        Duration p1();

        @WithDefault("PT10S")
        Duration p2();

        @WithDefault("PT30S")
        Duration p3();

        @WithDefault("PT30S")
        Duration p4();

        default Duration of(Severity severity) {
            return switch (severity) {
                case P1 -> p1();
                case P2 -> p2();
                case P3 -> p3();
                default -> p4();
            };
        }
    }

    interface Inhibition {
        /** A firing alert can suppress less urgent alerts of the same scope (Alertmanager's inhibit_rules). */
        @WithDefault("true")
        boolean enabled();

        /** A firing alert of this severity (or more urgent) suppresses less urgent alerts that share the labels below. */
        @WithDefault("P1")
        Severity sourceSeverity();

        /** Labels that must be equal between the inhibiting and the inhibited alert. */
        @WithDefault("instanceId")
        List<String> equalLabels();
    }

    interface Retention {
        /**
         * How long the history of an alert's transitions is kept (by the time it was recorded). The history of an
         * alert still pending or firing is kept whatever its age: it tells since when.
         */
        @WithDefault("P90D")
        Duration alertHistory();

        /**
         * How long the latest sample of a series that is no longer evaluated (its state was evicted after it went
         * quiet) stays on the series API. A series whose metric no enabled rule reads is deleted at the next run,
         * whatever its age: it would never be evaluated, and rows forgotten this way must not pile up.
         */
        @WithDefault("P7D")
        Duration idleSeries();

        /** How often (wall clock) the retention job runs. */
        @WithDefault("PT1H")
        Duration interval();

        /** Rows deleted per transaction, so that a first run on a large table holds no lock for long. */
        @WithDefault("5000")
        int batchSize();
    }

    interface External {
        /** Severity of an external alert whose origin gave none (ops.external-alerts.v1). */
        @WithDefault("P3")
        Severity defaultSeverity();
    }
}
