package io.connectops.notifications.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryInterpretationCache;
import org.junit.jupiter.api.Test;

import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The dispatcher claims many times a second for as long as the service runs. A Hibernate native query with a basic
 * result class and a single-valued parameter (the due deliveries' ids as UUIDs, LIMIT :max) is cached under a key
 * whose result builder equals only itself, so each call added a plan under the same hash: the cache filled to its
 * 2,048 entries and every look-up walked them (a third of the service's CPU under load). Claim rounds and
 * acknowledgement look-ups must leave the cache as they found it.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class QueryPlanCacheTest {

    private static final int ROUNDS = 200;

    @Inject
    DeliveryQueue queue;

    @Inject
    Acknowledgements acknowledgements;

    @Inject
    EntityManagerFactory entityManagerFactory;

    @Test
    void repeatedClaimRoundsAndAcknowledgementLookUpsAddNoQueryPlans() {
        QueryInterpretationCache cache = entityManagerFactory.unwrap(SessionFactoryImplementor.class)
                .getQueryEngine().getInterpretationCache();
        // Rounds that may take nothing (max 0), so that other tests' deliveries are left to the dispatcher; the
        // query that finds due deliveries runs all the same. Once each first: their plans are cached then, as they
        // should be.
        queue.claim(0, Instant.now().plusSeconds(60), Instant.now());
        Set<String> acknowledged = QuarkusTransaction.requiringNew()
                .call(() -> acknowledgements.acknowledgedAmong(List.of("plan-cache-a", "plan-cache-b")));
        int before = cache.getNumberOfCachedQueryPlans();

        for (int i = 0; i < ROUNDS; i++) {
            assertThat(queue.claim(0, Instant.now().plusSeconds(60), Instant.now()).jobs()).isEmpty();
            QuarkusTransaction.requiringNew()
                    .call(() -> acknowledgements.acknowledgedAmong(List.of("plan-cache-a", "plan-cache-b")));
        }

        assertThat(acknowledged).isEmpty();
        // The running dispatcher and consumers share the cache: a few plans of their own may appear meanwhile, not
        // one for each of the 400 calls made here.
        assertThat(cache.getNumberOfCachedQueryPlans() - before).isLessThan(20);
    }
}
