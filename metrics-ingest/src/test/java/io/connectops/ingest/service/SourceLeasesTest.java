package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.connectops.ingest.ConnectFixtures;
import io.connectops.ingest.domain.ConnectSource;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.Scenario;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Leases in the real PostgreSQL: one owner per source at a time, and a take-over once the owner stops renewing. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class SourceLeasesTest {

    private static ConnectSimulator simulator;
    private UUID sourceId;

    @Inject
    SourceLeases leases;

    @Inject
    PollScheduler scheduler;

    @BeforeAll
    static void startSimulator() {
        simulator = ConnectSimulator.start(0, Scenario.NORMAL_DAY);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @AfterEach
    void removeSource() {
        if (sourceId != null) {
            ConnectFixtures.remove(sourceId);
        }
    }

    /** A source written straight to the database, so that a test can set up its lease before any poll tick. */
    private UUID insertSource(String instanceId, boolean enabled, String leaseOwner, Duration leaseLeft) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            ConnectSource source = new ConnectSource();
            source.id = id;
            source.name = "lease " + instanceId;
            source.instanceId = instanceId;
            source.instanceArn = ConnectFixtures.arn(instanceId);
            source.region = "us-east-1";
            source.accountId = "123456789012";
            source.queueIds = "";
            source.channels = "VOICE";
            source.currentMetricsIntervalSeconds = 1;
            source.intervalMetricsIntervalSeconds = 3600;
            source.agentStatesIntervalSeconds = 3600;
            source.serviceLevelThresholdSeconds = 20;
            source.credentialsRef = "secret:simulator";
            source.endpointOverride = simulator.endpoint().toString();
            source.enabled = enabled;
            source.createdAt = Instant.now();
            source.updatedAt = source.createdAt;
            source.persist();
            if (leaseOwner != null) {
                ConnectSource.getEntityManager().flush();
                ConnectSource.getEntityManager().createNativeQuery("INSERT INTO source_lease "
                        + "(source_id, owner_id, expires_at, claimed_at) VALUES (?1, ?2, now() + make_interval(secs => ?3), now())")
                        .setParameter(1, id).setParameter(2, leaseOwner)
                        .setParameter(3, leaseLeft.toMillis() / 1000.0).executeUpdate();
            }
        });
        return id;
    }

    @Test
    void oneOwnerAtATimeAndATakeOverOnceTheOwnerStopsRenewing() {
        // Disabled: the service's own scheduler leaves it alone, the two owners here compete for it.
        sourceId = insertSource(ConnectFixtures.newInstanceId(), false, null, null);
        String first = "replica-a-" + UUID.randomUUID();
        String second = "replica-b-" + UUID.randomUUID();
        Duration ttl = Duration.ofSeconds(2);

        assertThat(leases.claim(first, List.of(sourceId), ttl)).containsExactly(sourceId);
        assertThat(leases.claim(second, List.of(sourceId), ttl)).isEmpty();
        assertThat(leases.claim(first, List.of(sourceId), ttl)).as("renewed by its owner").containsExactly(sourceId);
        assertThat(leases.ownerOf(sourceId)).isEqualTo(first);

        // The first owner dies: it renews no more, and the second takes over once the lease has expired.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> leases.claim(second, List.of(sourceId), ttl).contains(sourceId));
        assertThat(leases.ownerOf(sourceId)).isEqualTo(second);
        assertThat(leases.claim(first, List.of(sourceId), ttl)).as("the old owner, back, is refused").isEmpty();

        assertThat(leases.release(second)).isEqualTo(1);
        assertThat(leases.claim(first, List.of(sourceId), ttl)).containsExactly(sourceId);
    }

    @Test
    void theSchedulerLeavesASourceToItsLiveOwnerAndTakesItOverWhenTheOwnerDies() {
        String instanceId = ConnectFixtures.newInstanceId();
        String otherReplica = "replica-other-" + UUID.randomUUID();
        sourceId = insertSource(instanceId, true, otherReplica, Duration.ofSeconds(4));

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> simulator.calls("GetCurrentMetricData", instanceId) == 0);
        assertThat(leases.ownerOf(sourceId)).isEqualTo(otherReplica);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> simulator.calls("GetCurrentMetricData", instanceId) > 0);
        assertThat(leases.ownerOf(sourceId)).isEqualTo(scheduler.owner());
    }
}
