package io.connectops.ingest.receivers;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.connectops.contracts.EventCodec;
import io.connectops.contracts.ExternalAlert;
import io.connectops.ingest.config.IngestConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Resolves alerts posted to {@code /api/v2/alerts} whose {@code endsAt} passed without being posted again, as
 * Alertmanager does: a Prometheus server re-sends its firing alerts with an end a few evaluations ahead, so an alert
 * it stopped sending (it resolved while the resolution was lost, or the server is gone) has ended. The RESOLVED is
 * published here, so that alerting needs no timer of its own; replicas share the work by skipping locked rows.
 */
@ApplicationScoped
public class AlertExpiryJob {

    private static final Logger LOG = Logger.getLogger(AlertExpiryJob.class);
    private static final int BATCH = 500;

    @Inject
    AlertReceiptStore receipts;

    @Inject
    AlertReceiverService service;

    @Inject
    IngestConfig config;

    @Scheduled(every = "${connectops.ingest.receivers.expiry-tick:5s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void resolveExpired() {
        int resolved;
        do {
            resolved = QuarkusTransaction.requiringNew().call(this::resolveBatch);
        } while (resolved == BATCH);
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void forgetResolved() {
        Instant before = Instant.now().minus(config.receivers().resolvedRetention());
        QuarkusTransaction.requiringNew().run(() -> receipts.forgetResolved(before));
    }

    int resolveBatch() {
        List<AlertReceiptStore.Expired> expired = receipts.lockExpired(Instant.now(), BATCH);
        for (AlertReceiptStore.Expired row : expired) {
            ExternalAlert last;
            try {
                last = EventCodec.mapper().readValue(row.alert(), ExternalAlert.class);
            } catch (JsonProcessingException e) {
                // Written by this service from a record; unreadable only after an incompatible change of it.
                LOG.errorf("The receipt of %s cannot be read; resolving it without publishing: %s", row.key(),
                        e.getOriginalMessage());
                receipts.update(row.key(), ExternalAlert.Status.RESOLVED.name(), row.episode(), row.startsAt(), null,
                        row.alert());
                continue;
            }
            ExternalAlert resolved = new ExternalAlert(last.origin(), last.fingerprint(), last.name(),
                    ExternalAlert.Status.RESOLVED, last.severity(), last.labels(), last.annotations(), last.startsAt(),
                    row.expiresAt(), last.value(), last.threshold(), last.generatorUrl());
            receipts.update(row.key(), resolved.status().name(), row.episode(), row.startsAt(), null,
                    AlertReceiverService.encode(resolved));
            service.publish(resolved, row.episode());
        }
        if (!expired.isEmpty()) {
            LOG.infof("Resolved %d received alerts whose endsAt passed without them being sent again", expired.size());
        }
        return expired.size();
    }
}
