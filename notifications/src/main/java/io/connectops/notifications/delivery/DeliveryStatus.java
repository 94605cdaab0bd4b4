package io.connectops.notifications.delivery;

/** PENDING and RETRYING wait for their {@code nextAttemptAt}; SENDING is claimed by a worker. */
public enum DeliveryStatus {
    PENDING, SENDING, RETRYING, DELIVERED, DEAD_LETTERED
}
