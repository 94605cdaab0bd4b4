package io.connectops.alerting.alerts;

import static io.connectops.alerting.AlertingFixtures.createRule;
import static io.connectops.alerting.AlertingFixtures.fingerprint;
import static io.connectops.alerting.AlertingFixtures.sendMinutes;
import static io.connectops.alerting.AlertingFixtures.statesUntil;
import static io.connectops.alerting.AlertingFixtures.uniqueInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.AlertEvent.State;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The alert history is kept for its retention (P90D), except the history of an alert still open. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class AlertHistoryRetentionTest {

    private static final String METRIC = "abandonment_rate";

    @Inject
    AlertHistoryRetentionJob job;

    @Inject
    EntityManager entityManager;

    /** An alert of a new instance that fired, and resolved unless {@code stillFiring}; returns its fingerprint. */
    private static String alert(boolean stillFiring) {
        String instance = uniqueInstance();
        String rule = createRule(instance, METRIC, "GT", 5, "PT0S", "PT0S", "P3");
        String fingerprint = fingerprint(rule, instance, METRIC);
        sendMinutes(instance, METRIC, 0, 0, 9.0);
        statesUntil(fingerprint, State.FIRING, 1);
        if (!stillFiring) {
            sendMinutes(instance, METRIC, 1, 1, 1.0);
            statesUntil(fingerprint, State.RESOLVED, 1);
        }
        return fingerprint;
    }

    private void recordedDaysAgo(String fingerprint, int days) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "UPDATE alert_history SET recorded_at = now() - ?2 * interval '1 day' WHERE fingerprint = ?1")
                .setParameter(1, fingerprint).setParameter(2, days).executeUpdate());
    }

    private static List<String> history(String fingerprint) {
        return ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}/history", fingerprint).then().statusCode(200)
                .extract().path("items.state");
    }

    @Test
    void historyOlderThanItsRetentionIsDeletedUnlessItsAlertIsStillOpen() {
        String old = alert(false);
        String recent = alert(false);
        String openForLong = alert(true);
        recordedDaysAgo(old, 91);
        recordedDaysAgo(recent, 89);
        recordedDaysAgo(openForLong, 200);
        assertThat(history(old)).containsExactly("FIRING", "RESOLVED");

        long deleted = job.purge(Instant.now());

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(history(old)).isEmpty();
        assertThat(history(recent)).containsExactly("FIRING", "RESOLVED");
        assertThat(history(openForLong)).containsExactly("FIRING");
        // The alert itself stays: what it is now, without its past.
        ApiSecurity.as(Roles.VIEWER).get("/api/v1/alerts/{fp}", old).then().statusCode(200)
                .body("state", equalTo("RESOLVED"));
        assertThat(job.purge(Instant.now())).isZero();
        assertThat(job.purge(Instant.now().plus(Duration.ofDays(2)))).isGreaterThanOrEqualTo(2);
        assertThat(history(recent)).isEmpty();
    }
}
