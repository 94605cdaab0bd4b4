package io.connectops.platform.inbox;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.connectops.contracts.EventCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Applies a consumed record in a transaction of its own and settles it by what the outcome means:
 * <ul>
 * <li>applied: acknowledged;</li>
 * <li>a transient failure (the database unreachable or failing over, the pool exhausted, a serialisation
 * conflict): applied again after a pause, for as long as it takes; the consumer's partitions wait, which is what a
 * dependency outage should do, and nothing good is dead-lettered;</li>
 * <li>any other failure (an unreadable or invalid record, a bug): nacked, which sends it to the topic's
 * {@code .dlq} twin with the reason, and the partition goes on;</li>
 * <li>a failure once shutdown has begun: left unacknowledged, so the next instance consumes it again.</li>
 * </ul>
 */
@ApplicationScoped
public class Settlement {

    private static final Logger LOG = Logger.getLogger(Settlement.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    @Inject
    MeterRegistry registry;

    private volatile boolean stopping;

    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent shutdown) {
        stopping = true;
    }

    /** Applies {@code application} to the record in a new transaction, retrying transient failures. */
    public CompletionStage<Void> apply(String consumer, Message<?> record, Runnable application) {
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                QuarkusTransaction.requiringNew().run(application);
                return record.ack();
            } catch (RuntimeException e) {
                if (e instanceof EventCodec.MalformedEventException) {
                    // Unreadable now, unreadable on any instance: dead-lettered even while stopping.
                    registry.counter("connectops.consumer.dead.lettered", "consumer", consumer).increment();
                    return record.nack(e);
                }
                if (stopping) {
                    LOG.infof("%s: record left for redelivery, the service is stopping (%s)", consumer,
                            e.getClass().getSimpleName());
                    return CompletableFuture.completedFuture(null);
                }
                if (!isTransient(e)) {
                    registry.counter("connectops.consumer.dead.lettered", "consumer", consumer).increment();
                    return record.nack(e);
                }
                registry.counter("connectops.consumer.transient.retries", "consumer", consumer).increment();
                LOG.warnf("%s: transient failure, applying the record again in %d ms: %s", consumer, pause.toMillis(),
                        rootMessage(e));
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return CompletableFuture.completedFuture(null);
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /**
     * True for failures that say nothing about the record: the database cannot be reached or is shutting down
     * (SQLState classes 08, 53, 57P), a serialisation failure or deadlock (40001, 40P01), the pool gave no
     * connection in time, or a lock or transaction timed out.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String type = t.getClass().getName();
            if (type.equals("org.hibernate.exception.JDBCConnectionException")
                    || type.equals("org.hibernate.exception.LockAcquisitionException")
                    || type.equals("org.hibernate.PessimisticLockException")
                    || type.equals("jakarta.persistence.LockTimeoutException")
                    || type.equals("jakarta.persistence.QueryTimeoutException")
                    || type.equals("java.sql.SQLTransientException")
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                String message = sql.getMessage() == null ? "" : sql.getMessage().toLowerCase();
                if (state == null ? message.contains("acquisition timeout") || message.contains("connection")
                        : state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                                || state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
                    return true;
                }
            }
            if (type.equals("jakarta.transaction.RollbackException") && t.getCause() == null) {
                // The transaction manager rolled back on its own timeout: nothing wrong with the record.
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
