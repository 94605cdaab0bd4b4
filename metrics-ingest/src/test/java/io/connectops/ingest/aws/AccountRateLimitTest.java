package io.connectops.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Two replicas calling Connect for one account share its rate limit in the real PostgreSQL: Connect's 5 requests/s
 * with a burst of 8 hold for the calls of both together, not for each.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AccountRateLimitTest {

    private static final double RATE = 5;
    private static final int BURST = 8;
    private static final long SPACING_MICROS = 200_000;

    @Inject
    AccountRateLimit thisReplica;

    @Inject
    DataSource dataSource;

    @Test
    void twoReplicasTogetherGetABurstThenOneSlotPerSpacing() {
        AccountRateLimit otherReplica = new AccountRateLimit(dataSource);
        String bucket = "111122223333/eu-west-2/metrics/" + UUID.randomUUID();

        // Slots are reserved without waiting for them; each start is the reservation time plus the wait it got.
        List<Long> startMicros = new ArrayList<>();
        long origin = System.nanoTime();
        for (int call = 0; call < 24; call++) {
            AccountRateLimit replica = call % 2 == 0 ? thisReplica : otherReplica;
            Duration wait = replica.reserve(bucket, RATE, BURST);
            startMicros.add((System.nanoTime() - origin) / 1000 + wait.toNanos() / 1000);
        }

        long bursting = startMicros.stream().limit(BURST).filter(start -> start < 1_000_000).count();
        assertThat(bursting).as("the first %d calls go at once", BURST).isEqualTo(BURST);
        // After the burst, the k-th further call of both replicas together starts k spacings after the first.
        for (int call = BURST; call < startMicros.size(); call++) {
            long earliest = (call - BURST + 1) * SPACING_MICROS;
            assertThat(startMicros.get(call)).as("start of call %d", call)
                    .isGreaterThanOrEqualTo(earliest - 5_000);
        }
    }

    @Test
    void bucketsOfOtherAccountsAreNotSlowedDown() {
        String busy = "111122223333/eu-west-2/metrics/" + UUID.randomUUID();
        String other = "444455556666/eu-west-2/metrics/" + UUID.randomUUID();
        for (int call = 0; call < 20; call++) {
            thisReplica.reserve(busy, RATE, BURST);
        }

        assertThat(thisReplica.reserve(busy, RATE, BURST)).isGreaterThan(Duration.ofSeconds(2));
        assertThat(thisReplica.reserve(other, RATE, BURST)).isZero();
    }
}
