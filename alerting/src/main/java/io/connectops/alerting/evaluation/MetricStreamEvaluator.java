package io.connectops.alerting.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.connectops.alerting.alerts.GroupTimers;
import io.connectops.alerting.alerts.TransitionRecorder;
import io.connectops.alerting.config.AlertingConfig;
import io.connectops.alerting.rules.RuleCatalog;
import io.connectops.platform.kafka.KafkaClientSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Runs the evaluation of ops.metrics.v1 on this instance: one {@link EvaluationWorker} in the consumer group that all
 * instances share, so Kafka spreads the partitions (and the series on them) over the instances.
 */
@ApplicationScoped
public class MetricStreamEvaluator {

    /** Handle on a running worker. */
    public interface Worker {
        /** Stops after a final checkpoint. */
        void stop();

        /** Stops as if the process had died: no final checkpoint. */
        void crash();

        /**
         * Next offset to evaluate of each partition of ops.metrics.v1 the worker owns: what it has read through, for
         * whoever waits for given records to be evaluated whatever else the topic carries.
         */
        Map<Integer, Long> positions();
    }

    @Inject
    AlertingConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    EvaluationStore store;

    @Inject
    TransitionRecorder recorder;

    @Inject
    GroupTimers timers;

    @Inject
    RuleCatalog catalog;

    @Inject
    EvaluationMetrics metrics;

    private final List<EvaluationWorker> workers = new ArrayList<>();
    private KafkaProducer<String, String> deadLetters;

    void start(@Observes StartupEvent startup) {
        if (config.evaluation().enabled()) {
            startWorker();
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        List<EvaluationWorker> running;
        synchronized (workers) {
            running = new ArrayList<>(workers);
            workers.clear();
        }
        running.forEach(EvaluationWorker::stop);
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    /**
     * Starts one more worker in the group. The service runs one; a second one in the same process behaves as a second
     * instance of the service would, which is how tests check that instances share partitions without double alerts.
     */
    public synchronized Worker startWorker() {
        if (deadLetters == null) {
            deadLetters = new KafkaProducer<>(
                    KafkaClientSettings.reliableProducer(kafkaConfig, "alert-dead-letters", StringSerializer.class));
        }
        String name = "alert-evaluator-" + UUID.randomUUID().toString().substring(0, 8);
        EvaluationWorker worker = new EvaluationWorker(name, new EvaluationWorker.Dependencies(consumerConfig(name),
                deadLetters, store, recorder, catalog, metrics, config.evaluation().checkpointInterval(),
                config.evaluation().checkpointIntervalUnderLoad(),
                config.evaluation().sweepInterval(), config.evaluation().noDataAfter(), config.evaluation().evictAfter(),
                config.evaluation().instanceSilentAfter(), timers::announcedAtOnce));
        synchronized (workers) {
            workers.add(worker);
        }
        worker.start();
        return handleOf(worker);
    }

    /** The workers of this process, first the one started at start-up. */
    public List<Worker> workers() {
        synchronized (workers) {
            return workers.stream().map(this::handleOf).toList();
        }
    }

    /** Progress of each running worker, for readiness. */
    List<EvaluationWorker.Progress> progress() {
        synchronized (workers) {
            return workers.stream().map(EvaluationWorker::progress).toList();
        }
    }

    private Worker handleOf(EvaluationWorker worker) {
        return new Worker() {
            @Override
            public void stop() {
                forget(worker);
                worker.stop();
            }

            @Override
            public void crash() {
                forget(worker);
                worker.crash();
            }

            @Override
            public Map<Integer, Long> positions() {
                return worker.positions();
            }
        };
    }

    private void forget(EvaluationWorker worker) {
        synchronized (workers) {
            workers.remove(worker);
        }
    }

    private Map<String, Object> consumerConfig(String clientId) {
        Map<String, Object> consumerConfig = KafkaClientSettings.consumer(kafkaConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, config.evaluation().groupId());
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.evaluation().maxPollRecords());
        consumerConfig.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // Samples are parsed from their UTF-8 bytes; a String of each record first would be a copy for nothing.
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return consumerConfig;
    }
}
