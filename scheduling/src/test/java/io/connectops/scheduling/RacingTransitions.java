package io.connectops.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/** Real races for the tests of conditional state changes: calls released together, and what they left behind. */
public final class RacingTransitions {

    private RacingTransitions() {
    }

    /** Runs the calls on threads of their own, released at the same instant; their results in call order. */
    @SafeVarargs
    public static <T> List<T> race(Callable<T>... calls) throws Exception {
        CyclicBarrier start = new CyclicBarrier(calls.length);
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return call.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The types of the events written to the outbox for {@code key}, oldest first. */
    @SuppressWarnings("unchecked")
    public static List<String> outboxTypes(EntityManager entityManager, String key) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT event_type FROM outbox_event WHERE record_key = ?1 ORDER BY seq")
                .setParameter(1, key).getResultList());
    }
}
