package io.connectops.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code speed} times faster than the wall clock from the moment it is made. Given to the Connect
 * simulator, it makes snapshot times (which metrics-ingest stamps samples with, and alerting measures durations
 * on) and the scenario's minute advance quickly: at 30×, a "for 3 minutes" rule fires after 6 seconds. The
 * end-to-end tests and the local demo day run on one.
 */
public final class FastClock extends Clock {

    private final Instant start;
    private final long startNanos;
    private final int speed;

    public FastClock(int speed) {
        this(Instant.now(), System.nanoTime(), speed);
    }

    private FastClock(Instant start, long startNanos, int speed) {
        this.start = start;
        this.startNanos = startNanos;
        this.speed = speed;
    }

    /** How long, on the wall clock, this much simulated time takes. */
    public Duration wallTimeOf(Duration simulated) {
        return simulated.dividedBy(speed);
    }

    @Override
    public Instant instant() {
        return start.plusNanos((System.nanoTime() - startNanos) * speed);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
