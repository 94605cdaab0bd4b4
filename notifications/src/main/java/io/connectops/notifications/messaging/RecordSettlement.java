package io.connectops.notifications.messaging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.connectops.contracts.EventCodec;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Acknowledges a record once it is applied, and decides what a failure means. An unreadable record is nacked, which
 * sends it to the topic's {@code .dlq} twin. Any other failure after shutdown has begun (the database pool closing,
 * the container stopping) says nothing about the record: it is left unacknowledged, so its offset is not committed
 * and the next instance consumes it again, instead of dead-lettering a good record.
 */
@ApplicationScoped
public class RecordSettlement {

    private static final Logger LOG = Logger.getLogger(RecordSettlement.class);

    private volatile boolean stopping;

    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent shutdown) {
        stopping = true;
    }

    /** For tests: behave as during shutdown. */
    void markStopping() {
        stopping = true;
    }

    public CompletionStage<Void> apply(Message<String> record, Runnable application) {
        try {
            application.run();
        } catch (RuntimeException e) {
            if (stopping && !(e instanceof EventCodec.MalformedEventException)) {
                LOG.infof("Record left for redelivery, the service is stopping (%s)", e.getClass().getSimpleName());
                return CompletableFuture.completedFuture(null);
            }
            return record.nack(e);
        }
        return record.ack();
    }
}
