package io.connectops.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

import io.connectops.platform.testing.RealServers;

/**
 * A broker and a database that a set of service processes share, and nothing else does: the platform of the
 * stories, or the few services {@link DefaultRulesFireTest} runs with the default rules left in place (which watch
 * every instance, and would fire on the stories' surges).
 *
 * @param logPrefix prepended to the processes' log names, so two stages never write one log
 */
record Stage(int kafkaPort, String database, String logPrefix) {

    static final Stage PLATFORM = new Stage(29092, "connectops_e2e", "");
    /** Its own broker (controller on 29193) and database. */
    static final Stage DEFAULT_RULES = new Stage(29192, "connectops_e2e_rules", "rules-");

    String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    /**
     * Empty schemas and empty topics: the services' first migrations are still rewritten (nothing is deployed yet),
     * and a run must not replay the samples and alerts of the runs before it.
     */
    void startFromScratch(List<String> schemas) {
        RealServers.ensurePostgres(database);
        RealServers.ensureKafka(kafkaPort);
        try (Connection connection = DriverManager.getConnection(RealServers.databaseUrl(database),
                RealServers.DB_USER, RealServers.DB_PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + String.join(", ", schemas) + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty the database " + database, e);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(topic ->
                    topic.partitions().forEach(partition -> ends.put(
                            new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
            Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).forEach((partition, end) ->
                    deletions.put(partition, RecordsToDelete.beforeOffset(end.offset())));
            admin.deleteRecords(deletions).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot empty the topics on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the broker {@link RealServers#ensureKafka} started on this stage's port (the tests' run directory). */
    void stopBroker() {
        Path root = RealServers.projectRoot();
        ProcessBuilder stop = new ProcessBuilder("bash", root.resolve("infra/bin/kafka.sh").toString(), "stop")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        stop.environment().put("KAFKA_PORT", String.valueOf(kafkaPort));
        stop.environment().put("CONNECTOPS_RUN_DIR", root.resolve(".run/test").toString());
        try {
            stop.start().waitFor(60, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot stop the broker on " + kafkaPort, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
