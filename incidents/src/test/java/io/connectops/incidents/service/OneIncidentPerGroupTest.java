package io.connectops.incidents.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.Severity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The alerts of one group reach incidents on different partitions, so several replicas apply them at the same
 * moment, each in its own transaction. However they race, the group opens one incident and every alert joins it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class OneIncidentPerGroupTest {

    private static final int ALERTS = 12;

    @Inject
    AlertIntake intake;

    @Test
    void twelveAlertsOfOneGroupAppliedConcurrentlyOpenOneIncident() throws Exception {
        String group = "instance-1/rule-queue-wait/" + UUID.randomUUID();
        ExecutorService replicas = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> applied = new ArrayList<>();
        try {
            for (int i = 0; i < ALERTS; i++) {
                AlertEvent alert = firing("fp-" + UUID.randomUUID(), group, "queue-" + i);
                applied.add(replicas.submit(() -> {
                    start.await();
                    QuarkusTransaction.requiringNew().run(() -> intake.apply(alert));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> each : applied) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            replicas.shutdownNow();
        }

        List<String> incidents = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT DISTINCT CAST(incident_id AS text) FROM incident_alert WHERE group_key = :group")
                .setParameter("group", group).getResultList());
        assertThat(incidents).as("incidents opened for group " + group).hasSize(1);
        Number attached = QuarkusTransaction.requiringNew().call(() -> (Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM incident_alert WHERE group_key = :group")
                .setParameter("group", group).getSingleResult());
        assertThat(attached.intValue()).as("alerts attached to the incident").isEqualTo(ALERTS);
    }

    @Inject
    EntityManager entityManager;

    private static AlertEvent firing(String fingerprint, String group, String queue) {
        return new AlertEvent(fingerprint, group, "rule-queue-wait", "Queue wait above 120 s",
                AlertEvent.State.FIRING, Severity.P2, Map.of("instanceId", "inst-1", "queueId", queue), 185.0, 120.0,
                "Longest wait in " + queue + " is 185 s", "Callers wait too long", null, "threshold",
                Instant.now(), null);
    }
}
