package io.connectops.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logging.Logger;

import io.connectops.contracts.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Creates every Connect Ops topic and its dead-letter twin when missing, so that consumers never start on a
 * topic that does not exist and partitions are chosen on purpose rather than by broker defaults.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    @ConfigMapping(prefix = "connectops.kafka.topics")
    public interface TopicsConfig {
        /** Create missing topics at start-up; off where topics are managed elsewhere (a k8s Job, a platform team). */
        @WithDefault("true")
        boolean provision();

        /** Partitions of an event topic: the most consumer instances that can share it. */
        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        int deadLetterPartitions();

        @WithDefault("1")
        short replicationFactor();

        /** How long an event topic keeps its records; applied-event ids are kept longer (OutboxConfig). */
        @WithDefault("P7D")
        Duration retention();

        /** How long a dead-letter topic keeps its records: long enough to notice, inspect and redrive them. */
        @WithDefault("P14D")
        Duration deadLetterRetention();
    }

    @Inject
    TopicsConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    void provision(@Observes @Priority(10) StartupEvent startup) {
        if (!config.provision()) {
            return;
        }
        try (Admin admin = Admin.create(KafkaClientSettings.admin(kafkaConfig))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : Topics.EVENT_TOPICS) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, config.partitions(), config.replicationFactor())
                            .configs(Map.of("retention.ms", String.valueOf(config.retention().toMillis()))));
                }
                String deadLetter = Topics.deadLetterOf(topic);
                if (!existing.contains(deadLetter)) {
                    missing.add(new NewTopic(deadLetter, config.deadLetterPartitions(), config.replicationFactor())
                            .configs(Map.of("retention.ms",
                                    String.valueOf(config.deadLetterRetention().toMillis()))));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).values().forEach((topic, created) -> {
                    try {
                        created.get(30, TimeUnit.SECONDS);
                        LOG.infof("Created topic %s", topic);
                    } catch (Exception e) {
                        // Another instance may have created it a moment ago; that is the outcome we want.
                        LOG.debugf("Topic %s not created here: %s", topic, e.getMessage());
                    }
                });
            }
        } catch (Exception e) {
            LOG.warnf("Could not provision Kafka topics (consumers will wait for them): %s", e.getMessage());
        }
    }
}
