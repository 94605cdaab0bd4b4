package io.connectops.platform.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the real Kafka broker and PostgreSQL server that tests run against, through the same scripts as the
 * local platform (infra/bin), unless they already answer. Tests use their own broker port and database, so a
 * locally running platform and a test run never read each other's records.
 */
public final class RealServers {

    public static final int KAFKA_PORT = Integer.getInteger("connectops.test.kafka-port", 19092);
    public static final int POSTGRES_PORT = Integer.getInteger("connectops.test.postgres-port", 5432);
    public static final String DATABASE = "connectops_test";
    public static final String DB_USER = "connectops";
    public static final String DB_PASSWORD = System.getenv().getOrDefault("CONNECTOPS_DB_PASSWORD", "connectops");

    private RealServers() {
    }

    public static String kafkaBootstrapServers() {
        return "localhost:" + KAFKA_PORT;
    }

    public static String databaseUrl() {
        return databaseUrl(DATABASE);
    }

    public static synchronized void ensureRunning() {
        ensurePostgres(DATABASE);
        ensureKafka(KAFKA_PORT);
    }

    /** PostgreSQL on {@link #POSTGRES_PORT} with {@code database} owned by the connectops role. */
    public static synchronized void ensurePostgres(String database) {
        if (!answers(POSTGRES_PORT) || !databaseReachable(databaseUrl(database))) {
            run("postgres.sh", Map.of("PGPORT", String.valueOf(POSTGRES_PORT)), "start", database);
        }
    }

    /** A Kafka broker on {@code port}, started with empty logs when nothing answers there. */
    public static synchronized void ensureKafka(int port) {
        if (!answers(port)) {
            run("kafka.sh", Map.of("KAFKA_PORT", String.valueOf(port), "KAFKA_FRESH", "1",
                    "CONNECTOPS_RUN_DIR", projectRoot().resolve(".run/test").toString()), "start");
        }
    }

    public static String databaseUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + POSTGRES_PORT + "/" + database;
    }

    /** The repository root: surefire passes it; running from an IDE inside a module falls back to the parent. */
    public static Path projectRoot() {
        String configured = System.getProperty("connectops.root");
        Path candidate = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = candidate.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/bin/kafka.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Connect Ops root (infra/bin) from " + candidate);
    }

    private static boolean databaseReachable(String url) {
        try (var connection = DriverManager.getConnection(url, DB_USER, DB_PASSWORD)) {
            return connection.isValid(5);
        } catch (Exception e) {
            return false;
        }
    }

    /** True when something accepts connections on 127.0.0.1:{@code port}. */
    public static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(String script, Map<String, String> environment, String... arguments) {
        Path root = projectRoot();
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("infra/bin/" + script).toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(script + " " + String.join(" ", arguments) + " failed (" + exit + "):\n"
                        + output);
            }
            System.getLogger(RealServers.class.getName()).log(System.Logger.Level.INFO, output.strip());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + script, e);
        }
    }
}
