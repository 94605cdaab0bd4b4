package io.connectops.ingest.receivers;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.contracts.ExternalAlert;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.service.MetricPublisher;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Publishes the alerts that Alertmanager, Grafana and Prometheus send as external alerts, once per change: an alert
 * sent again in the state it was last published in (Prometheus every evaluation, Alertmanager's repeat and group
 * notifications, an HA pair's twin) publishes nothing, and only refreshes when it expires. A payload is published
 * whole or not at all: its alerts are decided and written to the outbox in one transaction.
 */
@ApplicationScoped
public class AlertReceiverService {

    private static final Logger LOG = Logger.getLogger(AlertReceiverService.class);

    @Inject
    AlertReceiptStore receipts;

    @Inject
    MetricPublisher publisher;

    @Inject
    IngestConfig config;

    private AlertSeverities severities;

    @PostConstruct
    void init() {
        IngestConfig.Receivers receivers = config.receivers();
        severities = new AlertSeverities(receivers.severity(), receivers.defaultSeverity().orElse(null));
    }

    /** An Alertmanager ({@code origin} alertmanager) or Grafana ({@code grafana}) webhook. */
    public ReceiptView receiveWebhook(String origin, WebhookPayload payload) {
        List<ReceivedAlerts.Received> alerts = ReceivedAlerts.fromWebhook(origin, payload, severities, now());
        int truncated = payload.truncatedAlerts() == null ? 0 : payload.truncatedAlerts();
        if (truncated > 0) {
            LOG.warnf("The %s receiver %s left out %d alerts of group %s (its max_alerts): they are not received",
                    origin, payload.receiver(), truncated, payload.groupKey());
        }
        return new ReceiptView(alerts.size(), publish(alerts), truncated);
    }

    /** Alerts posted to Alertmanager's {@code POST /api/v2/alerts} by a Prometheus server. */
    public ReceiptView receivePosted(List<PostableAlert> posted) {
        List<ReceivedAlerts.Received> alerts = ReceivedAlerts.fromPostable(posted, severities, now(),
                config.receivers().resolveTimeout());
        return new ReceiptView(alerts.size(), publish(alerts), 0);
    }

    /** Microseconds, as PostgreSQL keeps a receipt's times: an expiry published from it says the time it was given. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Decides and publishes each alert against its receipt. Alerts are taken in key order (the order of one alert's
     * states kept) so that two requests sharing alerts lock their receipts in the same order and cannot deadlock.
     */
    int publish(List<ReceivedAlerts.Received> alerts) {
        List<ReceivedAlerts.Received> inKeyOrder = alerts.stream()
                .sorted(Comparator.comparing((ReceivedAlerts.Received r) -> r.alert().key())).toList();
        return QuarkusTransaction.requiringNew().call(() -> {
            int published = 0;
            for (ReceivedAlerts.Received received : inKeyOrder) {
                published += apply(received) ? 1 : 0;
            }
            return published;
        });
    }

    private boolean apply(ReceivedAlerts.Received received) {
        ExternalAlert alert = received.alert();
        String key = alert.key();
        String json = encode(alert);
        String status = alert.status().name();
        Optional<AlertReceiptStore.Receipt> current = receipts.lock(key);
        if (current.isEmpty()) {
            if (receipts.insert(key, status, 1, alert.startsAt(), received.expiresAt(), json)) {
                publish(alert, 1);
                return true;
            }
            current = receipts.lock(key);
        }
        AlertReceiptStore.Receipt receipt = current.orElseThrow();
        boolean wasFiring = ExternalAlert.Status.FIRING.name().equals(receipt.status());
        if (alert.status() == ExternalAlert.Status.FIRING) {
            if (wasFiring) {
                // Sent again while firing: only its expiry moves on.
                receipts.update(key, status, receipt.episode(), receipt.startsAt(), received.expiresAt(), json);
                return false;
            }
            long episode = receipt.episode() + 1;
            receipts.update(key, status, episode, alert.startsAt(), received.expiresAt(), json);
            publish(alert, episode);
            return true;
        }
        if (!wasFiring) {
            return false;
        }
        receipts.update(key, status, receipt.episode(), receipt.startsAt(), null, json);
        publish(alert, receipt.episode());
        return true;
    }

    void publish(ExternalAlert alert, long episode) {
        Instant changedAt = alert.status() == ExternalAlert.Status.FIRING ? alert.startsAt() : alert.endsAt();
        publisher.publishExternalAlert(alert, changedAt, episode);
    }

    static String encode(ExternalAlert alert) {
        try {
            return EventCodec.mapper().writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An external alert cannot be written as JSON", e);
        }
    }
}
