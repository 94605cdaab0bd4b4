package io.connectops.notifications.delivery;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.connectops.notifications.senders.ChannelType;

/**
 * A delivery with its attempts (the attempts only on the single-delivery read). {@code lastError} and attempt
 * {@code detail} carry receivers' answers only for admins and incident managers.
 */
public record DeliveryView(UUID id, String sourceEventId, String sourceEventType, Instant eventTime,
        String incidentId, String threadKey, String severity, UUID channelId, ChannelType channelType, UUID routeId,
        DeliveryStatus status, int attempts, int maxAttempts, Instant nextAttemptAt, String externalRef,
        String lastError, Instant createdAt, Instant deliveredAt, List<Attempt> attemptLog) {

    public record Attempt(int attempt, Instant startedAt, long durationMs, String outcome, Integer httpStatus,
            String detail) {
    }

    static DeliveryView of(Delivery delivery, List<DeliveryAttempt> attempts) {
        return of(delivery, attempts, true);
    }

    /** {@code receiverText}: whether the reader may see what receivers answered (admins, incident managers). */
    static DeliveryView of(Delivery delivery, List<DeliveryAttempt> attempts, boolean receiverText) {
        UnaryOperator<String> shown = receiverText ? UnaryOperator.identity() : ReceiverText::withoutReceiverText;
        return new DeliveryView(delivery.id, delivery.sourceEventId, delivery.sourceEventType, delivery.eventTime,
                delivery.incidentId, delivery.threadKey, delivery.severity, delivery.channelId, delivery.channelType,
                delivery.routeId, delivery.status, delivery.attempts, delivery.maxAttempts, delivery.nextAttemptAt,
                delivery.externalRef, shown.apply(delivery.lastError), delivery.createdAt, delivery.deliveredAt,
                attempts == null ? null : attempts.stream().map(a -> new Attempt(a.attempt, a.startedAt, a.durationMs,
                        a.outcome.name(), a.httpStatus, shown.apply(a.detail))).toList());
    }
}
