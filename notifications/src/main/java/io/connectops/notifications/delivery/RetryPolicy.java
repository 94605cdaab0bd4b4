package io.connectops.notifications.delivery;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.connectops.notifications.senders.SendResult;

/** Whether a failed attempt is tried again, and when. */
public final class RetryPolicy {

    private RetryPolicy() {
    }

    /** A retryable failure is tried again while the delivery has attempts left; anything else is dead-lettered. */
    public static boolean retries(SendResult result, int attempts, int maxAttempts) {
        return result.outcome() == SendResult.Outcome.RETRY && attempts < maxAttempts;
    }

    /**
     * Exponential from {@code initial}, capped at {@code max}, with jitter (half fixed, half random), so that the
     * deliveries a receiver's outage failed together do not all come back at once. A receiver's {@code Retry-After}
     * wins outright: it knows when it will take messages again, and asking sooner only earns another 429.
     */
    public static Duration backoff(int attempts, Duration retryAfter, Duration initial, Duration max) {
        if (retryAfter != null) {
            return retryAfter;
        }
        long exponential = Math.min(max.toMillis(), initial.toMillis() << Math.min(20, attempts - 1));
        long half = exponential / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
