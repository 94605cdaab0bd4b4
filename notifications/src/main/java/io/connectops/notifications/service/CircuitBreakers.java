package io.connectops.notifications.service;

import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.connectops.notifications.config.NotificationsConfig;

/**
 * One circuit per channel. After {@code failureThreshold} failed attempts in a row (5xx, timeouts; not 429, which
 * is pacing, and not 4xx, which is configuration) the channel's deliveries wait {@code openFor} without spending
 * their retry budget; then one probe goes, and its outcome closes or re-opens the circuit.
 */
@ApplicationScoped
public class CircuitBreakers {

    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);

    @Inject
    NotificationsConfig config;

    private static final class Circuit {
        int failures;
        Instant openUntil;
        boolean probing;
    }

    private final Map<UUID, Circuit> circuits = new ConcurrentHashMap<>();

    /** Null when a send may go now, else when to try again. */
    public synchronized Instant blockedUntil(UUID channelId, Instant now) {
        Circuit circuit = circuits.get(channelId);
        if (circuit == null || circuit.openUntil == null) {
            return null;
        }
        if (now.isBefore(circuit.openUntil)) {
            return circuit.openUntil;
        }
        if (circuit.probing) {
            return now.plusSeconds(1);
        }
        circuit.probing = true;
        return null;
    }

    public synchronized void record(UUID channelId, SendResult result, Instant now) {
        if (result.delivered()) {
            if (circuits.remove(channelId) != null) {
                LOG.infof("Channel %s answers again; circuit closed", channelId);
            }
            return;
        }
        boolean outage = result.outcome() == SendResult.Outcome.RETRY
                && (result.httpStatus() == null || result.httpStatus() != 429);
        Circuit circuit = circuits.computeIfAbsent(channelId, id -> new Circuit());
        if (!outage) {
            circuit.probing = false;
            return;
        }
        circuit.failures++;
        if (circuit.probing || circuit.failures >= config.breaker().failureThreshold()) {
            circuit.openUntil = now.plus(config.breaker().openFor());
            circuit.probing = false;
            LOG.warnf("Channel %s failed %d times in a row; circuit open until %s", channelId, circuit.failures,
                    circuit.openUntil);
        }
    }

    /** Channels whose deliveries must not even be claimed now. */
    public synchronized Set<UUID> openCircuits(Instant now) {
        Set<UUID> open = new HashSet<>();
        circuits.forEach((channelId, circuit) -> {
            if (circuit.openUntil != null && (now.isBefore(circuit.openUntil) || circuit.probing)) {
                open.add(channelId);
            }
        });
        return open;
    }

    public synchronized boolean isOpen(UUID channelId) {
        Circuit circuit = circuits.get(channelId);
        return circuit != null && circuit.openUntil != null;
    }
}
