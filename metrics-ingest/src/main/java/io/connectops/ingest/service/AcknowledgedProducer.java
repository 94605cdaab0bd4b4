package io.connectops.ingest.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.connectops.ingest.config.IngestConfig;
import io.connectops.platform.kafka.KafkaClientSettings;
import io.smallrye.common.annotation.Identifier;

/**
 * Sends records straight to Kafka and returns only once the broker has acknowledged every one of them, for
 * events that announce no database change and so need no outbox (pushed samples). The producer has the outbox
 * relay's settings: idempotent, acknowledged by all in-sync replicas, so a retried send is written once; only its
 * compression ({@code connectops.ingest.push.compression}, none by default) and its batch size are its own.
 */
@ApplicationScoped
public class AcknowledgedProducer {

    /** The push producer's batch.size: room for the batches a push makes, not for the outbox relay's. */
    static final int PUSH_BATCH_BYTES = 64 * 1024;

    /** Kafka did not acknowledge every record in time: the caller must not claim any of them accepted. */
    public static class NotAcknowledgedException extends RuntimeException {
        NotAcknowledgedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    IngestConfig config;

    private KafkaProducer<String, byte[]> producer;

    @PostConstruct
    void start() {
        producer = new KafkaProducer<>(producerConfig());
    }

    @PreDestroy
    void stop() {
        producer.close(Duration.ofSeconds(5));
    }

    /**
     * Sends {@code records} and waits for all their acknowledgements, within the push acknowledgement timeout.
     *
     * @throws NotAcknowledgedException when a record failed or the time ran out; some records may still have been
     *         written, but none is acknowledged to the caller
     */
    public void sendAll(List<ProducerRecord<String, byte[]>> records) {
        long deadline = System.nanoTime() + config.push().ackTimeout().toNanos();
        List<Future<RecordMetadata>> acknowledgements = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<String, byte[]> record : records) {
                Future<RecordMetadata> acknowledgement = producer.send(record);
                // A send that failed at once (no metadata within max.block.ms) fails the batch now, rather than after
                // every other record has waited as long.
                if (acknowledgement.isDone()) {
                    acknowledgement.get();
                }
                acknowledgements.add(acknowledgement);
            }
            for (Future<RecordMetadata> acknowledgement : acknowledgements) {
                acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new NotAcknowledgedException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new NotAcknowledgedException("no acknowledgement within " + config.push().ackTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotAcknowledgedException("interrupted while waiting for Kafka", e);
        } catch (KafkaException e) {
            throw new NotAcknowledgedException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The outbox relay's producer settings, with Kafka's own timeouts bounded by the push acknowledgement timeout. */
    Map<String, Object> producerConfig() {
        // Values arrive as the UTF-8 JSON bytes Jackson wrote, with no String in between.
        Map<String, Object> producerConfig = KafkaClientSettings.reliableProducer(kafkaConfig, "metrics-push",
                ByteArraySerializer.class);
        // The producer gives up on a record when the request does, so that a batch answered 503 is not written
        // much later behind the client's back (its retry is then the only copy, barring an acknowledgement lost
        // in flight).
        // See IngestConfig.Push#compression: the outbox relay's lz4 costs more than it saves on a push's small batches.
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.push().compression());
        // A push's batches close after linger.ms at about 35 KB (see IngestConfig.Push#compression), but each takes a
        // whole batch.size buffer from the producer's pool, which keeps the buffers it handed out for the next
        // batches: with the outbox relay's 256 KiB, byte arrays held 21.8 MB of live heap after bench/run.sh's pushes,
        // with 64 KiB 14.3 MB, at the same push rate.
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, PUSH_BATCH_BYTES);
        int timeoutMs = (int) config.push().ackTimeout().toMillis();
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Math.max(1, Math.min(30_000, timeoutMs - lingerMs(producerConfig))));
        return producerConfig;
    }

    private static int lingerMs(Map<String, Object> producerConfig) {
        return Integer.parseInt(String.valueOf(producerConfig.get(ProducerConfig.LINGER_MS_CONFIG)));
    }
}
