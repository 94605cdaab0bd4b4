package io.connectops.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.notifications.config.NotificationsConfig;
import io.connectops.notifications.senders.ChannelType;
import io.connectops.notifications.senders.SendResult;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Two replicas' pacers and circuits, each its own instance, share one state through PostgreSQL; the claim leaves a
 * channel alone while its next free slot is further out than a sender would wait.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SharedPacingAndCircuitsTest {

    @Inject
    DataSource dataSource;

    @Inject
    NotificationsConfig config;

    @Inject
    DeliveryStore store;

    @Test
    void twoPacersHandOutEachSlackSlotOnceAndSpacedByThePace() throws Exception {
        ChannelPacer first = new ChannelPacer(dataSource, config);
        ChannelPacer second = new ChannelPacer(dataSource, config);
        Duration spacing = first.spacing(ChannelType.SLACK);
        UUID channel = UUID.randomUUID();
        // PostgreSQL keeps microseconds.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Instant>>> work = new ArrayList<>();
            for (ChannelPacer pacer : List.of(first, second, first, second)) {
                work.add(() -> {
                    List<Instant> slots = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        slots.add(pacer.reserve(channel, ChannelType.SLACK, now, Duration.ofMinutes(5)));
                    }
                    return slots;
                });
            }
            List<Instant> slots = new ArrayList<>();
            for (Future<List<Instant>> result : replicas.invokeAll(work)) {
                slots.addAll(result.get());
            }
            Collections.sort(slots);
            assertThat(slots).hasSize(40).doesNotHaveDuplicates();
            assertThat(slots.get(0)).isEqualTo(now);
            for (int i = 1; i < slots.size(); i++) {
                assertThat(Duration.between(slots.get(i - 1), slots.get(i))).isEqualTo(spacing);
            }
        } finally {
            replicas.shutdownNow();
        }

        // A slot beyond the longest wait is only reported; the other replica still gets the same one afterwards.
        Instant farSlot = first.reserve(channel, ChannelType.SLACK, now, Duration.ZERO);
        assertThat(second.reserve(channel, ChannelType.SLACK, now, Duration.ZERO)).isEqualTo(farSlot);
    }

    @Test
    void aCircuitOpenedByOneReplicaHoldsTheOtherAndOnlyOneProbes() {
        CircuitBreakers first = new CircuitBreakers(dataSource, config);
        CircuitBreakers second = new CircuitBreakers(dataSource, config);
        UUID channel = UUID.randomUUID();
        SendResult outage = SendResult.retry(503, "HTTP 503", null);
        int threshold = config.breaker().failureThreshold();
        for (int i = 0; i < threshold; i++) {
            assertThat(second.blockedUntil(channel, Instant.now())).isNull();
            first.recordFailure(channel, outage, Instant.now());
        }

        assertThat(second.blockedUntil(channel, Instant.now())).isAfter(Instant.now());
        assertThat(second.openCircuits(Instant.now())).contains(channel);

        await().atMost(Duration.ofSeconds(10)).until(() -> second.blockedUntil(channel, Instant.now()) == null);
        assertThat(first.blockedUntil(channel, Instant.now())).as("the probe is second's").isNotNull();
        assertThat(first.openCircuits(Instant.now())).contains(channel);

        second.close(channel);
        assertThat(first.blockedUntil(channel, Instant.now())).isNull();
        assertThat(first.openCircuits(Instant.now())).doesNotContain(channel);
    }

    @Test
    void aChannelWithNoFreeSlotWithinTheSendersWaitIsLeftOutOfClaimsUntilItHasOne() throws Exception {
        UUID channel = UUID.randomUUID();
        UUID delivery = UUID.randomUUID();
        Instant now = Instant.now();
        // The channel's next slot is an hour out, as after a long backlog at a message a second.
        QueueRows.forChannel(dataSource, "INSERT INTO channel_pace (channel_id, next_free, last_slot, reserved)"
                + " VALUES (?, now() + interval '1 hour', now(), TRUE)", channel);
        QueueRows.insert(dataSource, delivery, "paced-claim", channel, "SLACK", false, 0, 3);
        try {
            // What the dispatcher asks (a slot within the senders' wait) leaves the due delivery alone...
            assertThat(QuarkusTransaction.requiringNew()
                    .call(() -> store.claimable(10_000, now.plus(Duration.ofMillis(1500)))))
                    .doesNotContain(delivery);
            assertThat(status(delivery)).isEqualTo("PENDING");
            // ...and the same query finds it once the slot is within reach.
            assertThat(QuarkusTransaction.requiringNew()
                    .call(() -> store.claimable(10_000, now.plus(Duration.ofHours(2)))))
                    .contains(delivery);
        } finally {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement delete = connection.prepareStatement("DELETE FROM delivery WHERE id = ?")) {
                delete.setObject(1, delivery);
                delete.executeUpdate();
            }
        }
    }

    private String status(UUID delivery) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT status FROM delivery WHERE id = ?")) {
            select.setObject(1, delivery);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
