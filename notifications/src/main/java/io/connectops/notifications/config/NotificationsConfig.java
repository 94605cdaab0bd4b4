package io.connectops.notifications.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import io.connectops.notifications.content.Digest;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything notifications reads from configuration, under {@code connectops.notifications}. */
@ConfigMapping(prefix = "connectops.notifications")
public interface NotificationsConfig {

    Outbound outbound();

    Retry retry();

    Worker worker();

    Pacing pacing();

    Breaker breaker();

    Digest digest();

    Retention retention();

    /**
     * The AES-256 key (32 bytes, base64) that seals channel secrets in the database; from the environment variable
     * {@code CONNECTOPS_NOTIFICATIONS_SECRET_KEY} (a Kubernetes Secret), the same for every replica. Required: the
     * service does not start without it (dev and test profiles carry a fixed key).
     */
    Optional<String> secretKey();

    /** The name new seals carry, so that a rotated key can still open rows sealed with an older one. */
    @WithDefault("k1")
    String secretKeyId();

    /** Older keys that still open existing rows, as {@code id:base64} pairs; rows are re-sealed with the current key at start-up. */
    Optional<List<String>> previousSecretKeys();

    /**
     * How long finished deliveries and what was remembered about them are kept ({@code delivery/RetentionJob}).
     * Deliveries still waiting or being sent are never deleted. The outbox and the applied-event ids are the
     * platform's ({@code connectops.outbox.retention}, {@code connectops.outbox.applied-event-retention}).
     */
    interface Retention {
        /**
         * Delivered and dead-lettered deliveries (with their attempt log), taken digest items, digest runs and
         * resolved alerts' notification records older than this are deleted. A delivery's idempotency key is what
         * keeps a redelivered event from being sent twice, so this may not be shorter than the topics' retention
         * (7 days): {@code RetentionJob} refuses to start with less.
         */
        @WithDefault("P90D")
        Duration deliveries();

        /**
         * A conversation's handle (Slack parent message, ServiceNow record) that has not changed for this long and
         * has no deliveries left is deleted. Longer than {@link #deliveries()}: a ServiceNow callback or a Slack
         * button on an old incident still finds its incident.
         */
        @WithDefault("P400D")
        Duration threads();

        /** How often the job runs (the scheduler reads it by name). */
        @WithDefault("1h")
        String interval();

        /** Rows deleted per statement, each in its own transaction, so that no delete holds locks for long. */
        @WithDefault("1000")
        int batchSize();
    }

    interface Digest {
        /** Whether this instance runs the weekly digest when it is due (claimed in the database, so one replica does it). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("MONDAY")
        DayOfWeek dayOfWeek();

        @WithDefault("08:00")
        LocalTime time();

        @WithDefault("UTC")
        String zone();
    }

    interface Outbound {
        /**
         * Hosts notifications may call: exact names or {@code *.suffix}. Everything else is refused, when a channel
         * is saved and again when a delivery is sent.
         */
        @WithDefault("slack.com,hooks.slack.com,*.service-now.com,*.logic.azure.com,*.powerplatform.com,*.webhook.office.com")
        List<String> allowedHosts();

        /** Allow hosts that resolve to loopback, private or link-local addresses (local fakes, on-premise tools). */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        @WithDefault("PT5S")
        Duration connectTimeout();

        /** A receiver that has not answered by then counts as a timeout and is retried. */
        @WithDefault("PT10S")
        Duration requestTimeout();
    }

    interface Retry {
        /** Attempts before a delivery is dead-lettered (a manual retry grants the same budget again). */
        @WithDefault("8")
        int maxAttempts();

        @WithDefault("PT1S")
        Duration initialBackoff();

        @WithDefault("PT5M")
        Duration maxBackoff();
    }

    interface Worker {
        @WithDefault("true")
        boolean enabled();

        /** How long the dispatcher idles when nothing is due: {@code 200ms}, {@code 0.2s} or {@code PT0.2S}. */
        @WithDefault("200ms")
        String pollInterval();

        /** Deliveries sent at the same time by this instance (most of a send is waiting for the receiver). */
        @WithDefault("16")
        int concurrency();

        /** A claimed delivery whose instance died is claimed again after this. */
        @WithDefault("PT2M")
        Duration claimTimeout();
    }

    interface Pacing {
        /** Slack allows about one message per second per channel. */
        @WithDefault("1.0")
        double slackPerSecond();

        /** Teams webhooks are throttled above 4 requests per second. */
        @WithDefault("4.0")
        double teamsPerSecond();

        @WithDefault("10.0")
        double serviceNowPerSecond();

        @WithDefault("20.0")
        double webhookPerSecond();

        @WithDefault("5.0")
        double emailPerSecond();
    }

    interface Breaker {
        /** Consecutive failed attempts on one channel that open its circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit holds deliveries before one probe is let through. */
        @WithDefault("PT30S")
        Duration openFor();
    }
}
