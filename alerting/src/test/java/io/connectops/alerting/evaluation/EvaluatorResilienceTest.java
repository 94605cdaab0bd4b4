package io.connectops.alerting.evaluation;

import static io.connectops.alerting.AlertingFixtures.awaitSamplesApplied;
import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.connectops.alerting.AlertingFixtures.fingerprint;
import static io.connectops.alerting.AlertingFixtures.sendMinutes;
import static io.connectops.alerting.AlertingFixtures.statesUntil;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent.State;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Pending timers survive a crash, and two instances share the partitions without publishing anything twice. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EvaluatorResilienceTest {

    private static final String METRIC = "abandonment_rate";

    @Inject
    MetricStreamEvaluator evaluator;

    @Test
    void aCrashInTheMiddleOfAPendingPeriodStillFiresOnceAtTheRightSampleTime() {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT15M", "PT5M", "P2");
        String fingerprint = fingerprint(rule, instance, METRIC);

        sendMinutes(instance, METRIC, 0, 6, 6.0);
        awaitSamplesApplied(instance, 7);
        // Two more samples, then the process "dies" before (or while) checkpointing them.
        sendMinutes(instance, METRIC, 7, 8, 6.0);
        evaluator.workers().forEach(MetricStreamEvaluator.Worker::crash);
        evaluator.startWorker();
        sendMinutes(instance, METRIC, 9, 16, 6.0);
        sendMinutes(instance, METRIC, 17, 30, 3.0);

        assertThat(statesUntil(fingerprint, State.RESOLVED, 1)).containsExactly(State.PENDING, State.FIRING, State.RESOLVED);
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}/history", fingerprint).then().statusCode(200)
                .body("items.state", equalTo(List.of("PENDING", "FIRING", "RESOLVED")))
                .body("items[0].occurredAt", equalTo("2026-11-22T10:00:00Z"))
                .body("items[1].occurredAt", equalTo("2026-11-22T10:15:00Z"));
        awaitSamplesApplied(instance, 31);
    }

    @Test
    void twoInstancesShareThePartitionsAndPublishEachTransitionOnce() {
        List<String> instances = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String instance = uniqueInstance();
            instances.add(instance);
            fingerprints.add(fingerprint(createRule(instance, METRIC, "GT", 5, "PT15M", "PT0S", "P2"), instance, METRIC));
        }
        for (String instance : instances) {
            sendMinutes(instance, METRIC, 0, 7, 6.0);
        }
        // A second instance joins in the middle of the pending periods: partitions move, with their state.
        MetricStreamEvaluator.Worker second = evaluator.startWorker();
        try {
            for (String instance : instances) {
                sendMinutes(instance, METRIC, 8, 16, 6.0);
                sendMinutes(instance, METRIC, 17, 17, 1.0);
            }
            for (String fingerprint : fingerprints) {
                assertThat(statesUntil(fingerprint, State.RESOLVED, 1))
                        .containsExactly(State.PENDING, State.FIRING, State.RESOLVED);
            }
        } finally {
            second.stop();
        }
    }
}
