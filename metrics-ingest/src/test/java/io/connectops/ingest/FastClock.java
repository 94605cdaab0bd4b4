package io.connectops.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock running {@code speed} times faster than the wall clock from the moment it is made, for the simulator. */
public final class FastClock extends Clock {

    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    private final int speed;

    public FastClock(int speed) {
        this.speed = speed;
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
