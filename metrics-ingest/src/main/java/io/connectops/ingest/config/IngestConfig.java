package io.connectops.ingest.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of metrics-ingest, under {@code connectops.ingest}. */
@ConfigMapping(prefix = "connectops.ingest")
public interface IngestConfig {

    /** Defaults for new sources. */
    Defaults defaults();

    /** Amazon Connect's per-account, per-Region API limits, shared by all pollers of one account. */
    RateLimits rateLimits();

    /** Retries of throttled (429) and failed (5xx) Connect calls. */
    Retry retry();

    Sns sns();

    /** The push API, which publishes straight to Kafka. */
    Push push();

    /**
     * Named static credentials a source may reference as {@code secret:<name>}, from the environment or a
     * Kubernetes secret, e.g. {@code CONNECTOPS_INGEST_CREDENTIALS__PROD__ACCESS_KEY_ID}.
     */
    Map<String, StaticCredentials> credentials();

    /** How often the scheduler looks for due polls (each source has its own intervals); read by {@code @Scheduled}. */
    @WithDefault("1s")
    String pollTick();

    /** How often pushed samples' latest values are written to {@code series_latest} (they are written behind). */
    @WithDefault("1s")
    String seriesFlush();

    /** Worker threads running polls; a slow source never holds the others back beyond this. */
    @WithDefault("4")
    int pollerThreads();

    /**
     * This replica's name in source leases; the default is the host name and HTTP port, so that a restarted replica
     * takes its sources back at once.
     */
    Optional<String> replicaId();

    /**
     * How long a replica's lease on a source lasts without renewal (it renews every poll tick): another replica
     * takes the source over this long after its owner died.
     */
    @WithDefault("PT10S")
    Duration leaseTtl();

    /** How far back GetMetricDataV2 catches up after a gap (Connect keeps 15-minute data for 35 days). */
    @WithDefault("PT6H")
    Duration intervalCatchUp();

    interface Defaults {
        @WithDefault("PT15S")
        Duration currentMetricsInterval();

        @WithDefault("PT15M")
        Duration intervalMetricsInterval();

        @WithDefault("PT15S")
        Duration agentStatesInterval();

        @WithDefault("20")
        int serviceLevelThresholdSeconds();
    }

    interface RateLimits {
        /** GetCurrentMetricData and GetMetricDataV2: 5 requests/s, burst 8, not adjustable. */
        @WithDefault("5")
        double metricsPerSecond();

        @WithDefault("8")
        int metricsBurst();

        /** GetCurrentUserData falls under the default 2 requests/s, burst 5. */
        @WithDefault("2")
        double userDataPerSecond();

        @WithDefault("5")
        int userDataBurst();
    }

    interface Retry {
        @WithDefault("4")
        int maxAttempts();

        @WithDefault("PT0.2S")
        Duration baseDelay();

        @WithDefault("PT5S")
        Duration maxDelay();
    }

    interface Sns {
        /**
         * A SigningCertURL must match this: HTTPS on an SNS host. Tests widen it to the simulator's address so that
         * a local test certificate is accepted.
         */
        @WithDefault("^https://sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[^?#]*\\.pem$")
        String trustedCertUrlPattern();

        /** A SubscribeURL must match this before it is called. */
        @WithDefault("^https://sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/.*$")
        String trustedSubscribeUrlPattern();

        /**
         * A message whose Timestamp is older than this is refused (403) as a replay; MessageIds seen within it are
         * remembered, so a message delivered twice is published once.
         */
        @WithDefault("PT1H")
        Duration replayWindow();

        /** Topics accepted; empty accepts any topic (the signature still has to hold). */
        Optional<java.util.List<String>> allowedTopicArns();
    }

    interface Push {
        /**
         * Longest wait for Kafka to acknowledge every record of a pushed batch (metadata included); past it the batch
         * is answered 503 and nothing is claimed accepted.
         */
        @WithDefault("PT10S")
        Duration ackTimeout();

        /** The Retry-After of that 503. */
        @WithDefault("PT5S")
        Duration retryAfter();

        /**
         * How far ahead of this service's clock a pushed sample's time may be. Rules run on event time: one sample
         * from a client whose clock (or year) is wrong would put its series ahead of every real sample after it.
         */
        @WithDefault("PT5M")
        Duration maxClockSkew();

        /** How old a pushed sample may be: older ones are almost always an unset or mis-parsed time (1970). */
        @WithDefault("P7D")
        Duration maxAge();
    }

    interface StaticCredentials {
        String accessKeyId();

        String secretAccessKey();

        Optional<String> sessionToken();
    }
}
