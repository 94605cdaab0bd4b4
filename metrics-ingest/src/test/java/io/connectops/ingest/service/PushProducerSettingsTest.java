package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The push producer compresses as {@code connectops.ingest.push.compression} says (none by default), in batches sized
 * for a push rather than for the outbox relay, and keeps what a 202 relies on: idempotent, acknowledged by all in-sync
 * replicas, giving up on a record when the request does.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class PushProducerSettingsTest {

    @Inject
    AcknowledgedProducer producer;

    @Test
    void thePushProducerSendsUncompressedBatchesOf64KiBAndStaysIdempotentAndAcknowledgedByAll() {
        Map<String, Object> settings = producer.producerConfig();

        assertThat(settings).containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    }
}
