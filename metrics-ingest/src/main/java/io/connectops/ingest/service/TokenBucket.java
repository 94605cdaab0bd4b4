package io.connectops.ingest.service;

import java.time.Duration;

/** A token bucket: {@code ratePerSecond} steady, {@code burst} at most; callers wait for their token. */
final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long refilledAt;

    TokenBucket(double ratePerSecond, int burst) {
        this.ratePerNano = ratePerSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    /** Takes a token, waiting as long as needed. */
    void acquire() throws InterruptedException {
        while (true) {
            long waitNanos;
            synchronized (this) {
                refill();
                if (tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                waitNanos = (long) Math.ceil((1 - tokens) / ratePerNano);
            }
            Thread.sleep(Math.max(1, Duration.ofNanos(waitNanos).toMillis()));
        }
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
        refilledAt = now;
    }
}
