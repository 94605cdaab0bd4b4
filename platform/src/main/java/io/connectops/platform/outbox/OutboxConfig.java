package io.connectops.platform.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "connectops.outbox")
public interface OutboxConfig {

    /** Relay events to Kafka from this instance. */
    @WithDefault("true")
    boolean relayEnabled();

    /** Most events sent per relay round; one transaction and one flush each. */
    @WithDefault("1000")
    int batchSize();

    /** How often the relay looks for events when no commit has woken it (events left by a crash, other instances). */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** Longest wait for Kafka to acknowledge a batch before the round is rolled back and retried. */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /** Readiness goes DOWN once the oldest unsent event is older than this: the relay is stuck. */
    @WithDefault("PT2M")
    Duration stuckAfter();

    /** How long sent events are kept, for inspection. */
    @WithDefault("P2D")
    Duration retention();

    /**
     * How long the ids of applied events are kept. Longer than the topics keep records
     * ({@code connectops.kafka.topics.retention}, 7 days): a consumer whose offsets are reset then still
     * recognises every record it can be given again.
     */
    @WithDefault("P8D")
    Duration appliedEventRetention();
}
