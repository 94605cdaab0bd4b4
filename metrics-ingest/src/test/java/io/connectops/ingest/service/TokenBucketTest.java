package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    @Test
    void aBurstPassesAtOnceThenCallsAreSpacedAtTheRate() throws InterruptedException {
        // Connect's GetCurrentMetricData limit: 5 requests/s with a burst of 8.
        TokenBucket bucket = new TokenBucket(5, 8);
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            bucket.acquire();
        }
        long burstMillis = (System.nanoTime() - start) / 1_000_000;
        for (int i = 0; i < 5; i++) {
            bucket.acquire();
        }
        long totalMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(burstMillis).isLessThan(150);
        // Five more tokens at 5/s need about a second whatever the machine's speed.
        assertThat(totalMillis).isGreaterThanOrEqualTo(950);
    }
}
