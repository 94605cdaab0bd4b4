package io.connectops.ingest.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.connectops.contracts.Severity;
import io.quarkus.runtime.configuration.MemorySize;
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

    /** CloudWatch alarms that SNS delivers, published as external alerts. */
    Alarms alarms();

    /** CloudWatch metrics polled with GetMetricData for the sources that ask for them. */
    CloudWatch cloudWatch();

    /** Alerts that Alertmanager, Grafana and Prometheus evaluated, received as external alerts. */
    Receivers receivers();

    /** The push API, which publishes straight to Kafka. */
    Push push();

    /** Where a source's {@code endpointOverride} may point. */
    EndpointOverride endpointOverride();

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

    /**
     * How long after a 15-minute interval closes (on the source's clock) it is read: Connect needs a moment to
     * finish an interval's figures. It is read at the first real-time poll after that.
     */
    @WithDefault("PT2M")
    Duration intervalSettleDelay();

    /**
     * How much later each published interval is read once more: a value Connect changed meanwhile (late contacts,
     * after-contact work that ended) is published as a correction, a new sample of the same time.
     */
    @WithDefault("PT30M")
    Duration intervalCorrectionDelay();

    interface Defaults {
        @WithDefault("PT15S")
        Duration currentMetricsInterval();

        @WithDefault("PT15M")
        Duration intervalMetricsInterval();

        @WithDefault("PT15S")
        Duration agentStatesInterval();

        @WithDefault("20")
        int serviceLevelThresholdSeconds();

        /** GetMetricData once a minute per source: CloudWatch's periods here are one minute. */
        @WithDefault("PT1M")
        Duration cloudWatchMetricsInterval();
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

        /**
         * CloudWatch GetMetricData, per account and Region, shared by every source and replica (AWS allows 50
         * requests/s by default; most of it is left to the account's other tools).
         */
        @WithDefault("10")
        double cloudWatchPerSecond();

        @WithDefault("10")
        int cloudWatchBurst();
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
         * A SigningCertURL must match this: the certificate of an SNS Region, by the name SNS gives it. Its group
         * {@code region}, when the pattern has one, must be the Region of the message's TopicArn. Tests use the
         * simulator's address so that a local test certificate is accepted.
         */
        @WithDefault("^https://sns\\.(?<region>[a-z]{2}(-gov)?-[a-z]+-[0-9]{1,2})\\.amazonaws\\.com(\\.cn)?"
                + "/SimpleNotificationService-[0-9a-f]{32}\\.pem$")
        String trustedCertUrlPattern();

        /**
         * The CA certificates a signing certificate must chain to: PEM files, or {@code classpath:} resources, each
         * holding one or more certificates. Empty: the JDK's default trust store (its {@code cacerts}, or
         * {@code javax.net.ssl.trustStore}), which holds the Amazon roots SNS's certificates chain to. Tests name the
         * Connect simulator's certificate and a test CA here.
         */
        Optional<List<String>> trustStore();

        /**
         * The subject CN a signing certificate must have: SNS signs with {@code sns.amazonaws.com}, or a Region's own
         * SNS name. Tests add the simulator's name.
         */
        @WithDefault("^sns(\\.[a-z]{2}(-gov)?-[a-z]+-[0-9]{1,2})?\\.amazonaws\\.com(\\.cn)?$")
        String certificateSubjectPattern();

        /**
         * The certificate file at SigningCertURL holds the signing certificate only: the CA that issued it is fetched
         * from the certificate's own caIssuers URL when the URL matches this (Amazon Trust Services' addresses), and
         * is trusted only if it chains to {@link #trustStore()}.
         */
        @WithDefault("^http://crt\\.[a-z0-9-]+\\.amazontrust\\.com/[a-z0-9-]+\\.(cer|crt|der)$")
        String issuerUrlPattern();

        /**
         * A SubscribeURL must match this before it is called; its group {@code region}, when the pattern has one,
         * must be the Region of the TopicArn.
         */
        @WithDefault("^https://sns\\.(?<region>[a-z]{2}(-gov)?-[a-z]+-[0-9]{1,2})\\.amazonaws\\.com(\\.cn)?"
                + "/\\?Action=ConfirmSubscription&[^#]*$")
        String trustedSubscribeUrlPattern();

        /**
         * A message whose Timestamp is older than this is refused (403) as a replay; MessageIds seen within it are
         * remembered, so a message delivered twice is published once.
         */
        @WithDefault("PT1H")
        Duration replayWindow();

        /**
         * The topics whose messages are accepted and whose subscriptions are confirmed. A signature only proves that
         * SNS sent the message, and anyone's AWS account can have SNS send one: without this list the service does
         * not start, unless {@link #allowAnyTopic()}.
         */
        Optional<List<String>> allowedTopicArns();

        /** Accept any topic when {@link #allowedTopicArns()} is empty: for development and tests only. */
        @WithDefault("false")
        boolean allowAnyTopic();

        /**
         * Whether SignatureVersion 1 (SHA1withRSA) is accepted. SNS signs with it unless the topic's SignatureVersion
         * attribute is set to 2; set this to false once every allowed topic signs with SHA256.
         */
        @WithDefault("true")
        boolean acceptSignatureVersion1();

        /** The largest body accepted (413 beyond): SNS messages are at most 256 KiB. */
        @WithDefault("256K")
        MemorySize maxBodySize();
    }

    interface CloudWatch {
        /**
         * How long after a minute ends its datapoints are read: Amazon Connect and Lambda reach CloudWatch about a
         * minute late, and a minute read before it settled would be published short and never corrected.
         */
        @WithDefault("PT2M")
        Duration settleDelay();

        /** How far back a source's CloudWatch poll catches up after a gap (CloudWatch keeps one-minute data 15 days). */
        @WithDefault("PT1H")
        Duration catchUp();
    }

    interface Alarms {
        /**
         * Severity by alarm-name prefix, the longest matching prefix winning, e.g.
         * {@code connectops.ingest.alarms.severity-by-name-prefix."connect-critical-"=P1}. CloudWatch alarms carry no
         * severity: without a match (and no tag in the description) the alert has none and alerting applies its default.
         */
        Map<String, Severity> severityByNamePrefix();

        /** Whether a tag in the alarm's description ({@code severity=P2}, {@code [P2]}) gives the severity. */
        @WithDefault("true")
        boolean severityFromDescription();
    }

    interface Receivers {
        /**
         * The P1–P4 of a {@code severity} label's value, compared in lower case, e.g.
         * {@code connectops.ingest.receivers.severity."sev1"=P1}. application.properties maps critical, error, high,
         * warning and info; P1 to P4 themselves are always understood.
         */
        Map<String, Severity> severity();

        /**
         * The severity of an alert whose {@code severity} label is missing or maps to nothing. Empty: the alert has
         * none and alerting applies its own default. Its label keeps the value sent either way.
         */
        Optional<Severity> defaultSeverity();

        /** The largest body a receiver accepts (413 beyond), declared or sent in chunks. */
        @WithDefault("4M")
        MemorySize maxBodySize();

        /**
         * How long an alert posted to {@code /api/v2/alerts} without {@code endsAt} stays firing unless posted again,
         * as Alertmanager's {@code resolve_timeout} does.
         */
        @WithDefault("PT5M")
        Duration resolveTimeout();

        /** How often alerts whose {@code endsAt} passed without being posted again are resolved. */
        @WithDefault("5s")
        String expiryTick();

        /** How long the receipt of a resolved alert is kept (a late resend of it publishes nothing meanwhile). */
        @WithDefault("P1D")
        Duration resolvedRetention();
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

        /**
         * The compression of the push producer's record batches ({@code compression.type}: none, lz4, snappy,
         * zstd, gzip). None by default: a push of 500 samples spreads over the topic's partitions and its request
         * waits for their acknowledgement, so batches close after {@code linger.ms} small (about 80 records, 35 KB)
         * instead of filling their 256 KiB, and lz4 set up a new 128 KB compressor per batch on the request thread: half of the producer's
         * time and a sixth of the push path's garbage (JFR, MetricPushBenchmark; the push went from 0.13 to 0.28 of
         * a plain producer with the same settings in the same run). Set lz4 or zstd where the link to the brokers
         * or their disk, not this service's CPU, is what runs short; idempotence and {@code acks=all} are the same
         * either way.
         */
        @WithDefault("none")
        String compression();
    }

    interface EndpointOverride {
        /**
         * Whether loopback, link-local and private addresses are accepted: for the local Connect simulator, and
         * for a VPC endpoint's own DNS name (which resolves to private addresses). Special-purpose ranges and the
         * metadata service are refused either way.
         */
        @WithDefault("false")
        boolean allowLocalAddresses();
    }

    interface StaticCredentials {
        String accessKeyId();

        String secretAccessKey();

        Optional<String> sessionToken();
    }
}
