package io.connectops.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Settings for the Kafka clients a service creates itself, beside its reactive-messaging channels, taken from the
 * broker configuration Quarkus builds ({@code @Identifier("default-kafka-broker")}): each client gets the keys it
 * knows, plus every security setting, so that a secured broker needs no extra configuration per client.
 */
public final class KafkaClientSettings {

    private KafkaClientSettings() {
    }

    public static Map<String, Object> admin(Map<String, Object> broker) {
        return known(broker, AdminClientConfig.configNames());
    }

    public static Map<String, Object> consumer(Map<String, Object> broker) {
        return known(broker, ConsumerConfig.configNames());
    }

    /**
     * A producer whose acknowledged records are written once, in order, on every in-sync replica: idempotent,
     * {@code acks=all}; batched (5 ms linger, 256 KiB) and lz4-compressed unless the broker configuration says
     * otherwise. String keys; values written by {@code valueSerializer}.
     */
    public static Map<String, Object> reliableProducer(Map<String, Object> broker, String clientIdPrefix,
            Class<? extends Serializer<?>> valueSerializer) {
        Map<String, Object> producer = known(broker, ProducerConfig.configNames());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer.getName());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        producer.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + ProcessHandle.current().pid());
        return producer;
    }

    private static Map<String, Object> known(Map<String, Object> broker, Set<String> names) {
        Map<String, Object> settings = new HashMap<>();
        broker.forEach((key, value) -> {
            if (names.contains(key) || key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                settings.put(key, value);
            }
        });
        return settings;
    }
}
