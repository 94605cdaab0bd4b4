package io.connectops.platform.deadletter;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.connectops.contracts.Topics;

/**
 * The dead-letter topics this service fills: the {@code dead-letter-queue.topic} of each of its incoming channels,
 * and those its own workers write to ({@code connectops.dead-letters.extra-topics}, e.g. alerting's evaluator).
 */
@ApplicationScoped
public class DeadLetterTopics {

    private volatile List<String> topics;

    public List<String> all() {
        if (topics == null) {
            Config config = ConfigProvider.getConfig();
            TreeSet<String> found = new TreeSet<>();
            for (String name : config.getPropertyNames()) {
                if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".dead-letter-queue.topic")) {
                    config.getOptionalValue(name, String.class).ifPresent(found::add);
                }
            }
            Optional<String[]> extra = config.getOptionalValue("connectops.dead-letters.extra-topics", String[].class);
            extra.ifPresent(names -> Collections.addAll(found, names));
            topics = List.copyOf(found);
        }
        return topics;
    }

    public boolean owns(String topic) {
        return all().contains(topic);
    }

    /** The topic a dead letter came from: its header when SmallRye wrote it, else the DLQ's twin. */
    public static String originOf(String deadLetterTopic, String headerTopic) {
        if (headerTopic != null && !headerTopic.isBlank()) {
            return headerTopic;
        }
        return deadLetterTopic.endsWith(Topics.DLQ_SUFFIX)
                ? deadLetterTopic.substring(0, deadLetterTopic.length() - Topics.DLQ_SUFFIX.length())
                : deadLetterTopic;
    }
}
