package io.connectops.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaClientSettingsTest {

    private static final Map<String, Object> BROKER = Map.of(
            "bootstrap.servers", "kafka:9092",
            "security.protocol", "SASL_SSL",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
            "ssl.truststore.location", "/etc/kafka/truststore.jks",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
            ProducerConfig.LINGER_MS_CONFIG, 20);

    @Test
    void eachClientGetsItsOwnKeysAndEverySecuritySetting() {
        Map<String, Object> consumer = KafkaClientSettings.consumer(BROKER);
        Map<String, Object> admin = KafkaClientSettings.admin(BROKER);

        assertThat(consumer).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SASL_SSL").containsKey("sasl.jaas.config")
                .containsKey("ssl.truststore.location").containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500)
                .doesNotContainKey(ProducerConfig.LINGER_MS_CONFIG);
        assertThat(admin).containsEntry("bootstrap.servers", "kafka:9092").containsKey("sasl.jaas.config")
                .doesNotContainKey(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
    }

    @Test
    void theReliableProducerIsIdempotentAndAcknowledgedByAllReplicasWhateverTheBrokerSays() {
        Map<String, Object> broker = new HashMap<>(BROKER);
        broker.put(ProducerConfig.ACKS_CONFIG, "1");
        broker.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);

        Map<String, Object> producer = KafkaClientSettings.reliableProducer(broker, "metrics-push",
                ByteArraySerializer.class);

        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsKey("sasl.jaas.config")
                .doesNotContainKey(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        assertThat((String) producer.get(ProducerConfig.CLIENT_ID_CONFIG)).startsWith("metrics-push-");
    }
}
