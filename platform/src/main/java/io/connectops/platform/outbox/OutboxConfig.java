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

    /** How long sent events and applied-event ids are kept, for inspection and redelivery checks. */
    @WithDefault("P2D")
    Duration retention();
}
