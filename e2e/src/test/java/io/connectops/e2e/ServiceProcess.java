package io.connectops.e2e;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;

import io.connectops.platform.testing.RealServers;
import io.connectops.platform.testing.TestOidcServer;
import io.connectops.platform.testing.console.ConsoleLoginProvider;

/**
 * One service run as a separate process from its packaged {@code quarkus-run.jar}, as in production, so that it
 * can be killed with SIGKILL and started again in the middle of a story.
 */
final class ServiceProcess {

    /**
     * Where the packaged services are: a checkout whose {@code <service>/target/quarkus-app} holds them, this one
     * unless the system property names another (a build of its own that no other build of this tree overwrites
     * while the processes run from it).
     */
    static final String SERVICES_ROOT = "connectops.e2e.services-root";

    static final int KAFKA_PORT = Stage.PLATFORM.kafkaPort();
    static final String DATABASE = Stage.PLATFORM.database();

    /** Encrypts the console's session cookie; the same for every replica, so a session holds across them. */
    private static final String CONSOLE_SESSION_SECRET = UUID.randomUUID() + "-" + UUID.randomUUID();

    private final Stage stage;
    private final String service;
    private final String name;
    private final int port;
    private final Map<String, String> environment;
    private final Map<String, String> systemProperties;
    private final Path log;
    private Process process;

    private ServiceProcess(Stage stage, String service, String name, Map<String, String> extraEnvironment,
            Map<String, String> systemProperties) {
        this.stage = stage;
        this.service = service;
        this.name = name;
        this.port = freePort();
        this.environment = new HashMap<>(extraEnvironment);
        this.systemProperties = Map.copyOf(systemProperties);
        this.log = RealServers.projectRoot().resolve(".run/e2e/" + stage.logPrefix() + name + ".log");
    }

    /** Starts the service against the end-to-end Kafka, database and OIDC provider, and waits until it is ready. */
    static ServiceProcess start(String service, Map<String, String> extraEnvironment) {
        return start(service, extraEnvironment, Map.of());
    }

    /**
     * As {@link #start(String, Map)}, with configuration given as JVM system properties: the form that keeps the
     * case of map keys (such as {@code connectops.incidents.sla.P4.assess}), which environment variable names cannot.
     */
    static ServiceProcess start(String service, Map<String, String> extraEnvironment,
            Map<String, String> systemProperties) {
        return start(Stage.PLATFORM, service, extraEnvironment, systemProperties);
    }

    /** As {@link #start(String, Map, Map)}, on the broker and database of {@code stage}. */
    static ServiceProcess start(Stage stage, String service, Map<String, String> extraEnvironment,
            Map<String, String> systemProperties) {
        RealServers.ensurePostgres(stage.database());
        RealServers.ensureKafka(stage.kafkaPort());
        ServiceProcess process = new ServiceProcess(stage, service, service, extraEnvironment, systemProperties);
        process.launch(1);
        return process;
    }

    /**
     * Another process of the same service with the same configuration, as a second pod of a deployment: same
     * database, same consumer groups, its own port (and log, {@code <service>-<replica>.log}). Not started yet.
     */
    ServiceProcess replica(int replica) {
        return new ServiceProcess(stage, service, service + "-" + replica, environment, systemProperties);
    }

    /** Starts a process made by {@link #replica(int)} and waits until it is ready. */
    ServiceProcess start() {
        launch(1);
        return this;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Everything the process wrote, over its restarts. */
    Path log() {
        return log;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed; what the service promised must survive this. */
    void kill() {
        process.destroyForcibly();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    void restart() {
        if (process.isAlive()) {
            kill();
        }
        launch(1);
    }

    void stop() {
        terminate();
        if (process != null) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
        }
    }

    /** SIGTERM without waiting, so that many processes shut down at once. */
    void terminate() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void launch(int attempt) {
        Path jar = packagedApp(service).resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        // Small heaps, one GC thread and the client compiler only: up to ten of these share two cores with the
        // broker, the database and the build, and most of their CPU would otherwise go to C2 compiling at boot.
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + stage.kafkaPort());
        // With a parameter of its own, as platform teams write it (?sslmode=verify-full in production): every
        // service must start with a URL that already carries a query.
        env.put("CONNECTOPS_DATABASE_URL", RealServers.databaseUrl(stage.database()) + "?sslmode=disable");
        env.put("CONNECTOPS_DB_USER", RealServers.DB_USER);
        env.put("CONNECTOPS_DB_PASSWORD", RealServers.DB_PASSWORD);
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", TestOidcServer.get().issuer());
        if ("incidents".equals(service)) {
            // People sign in to the console at the login provider (TestOidcServer only serves machines), and the
            // links in events lead to this process's own pages.
            env.put("QUARKUS_OIDC_CONSOLE_AUTH_SERVER_URL", ConsoleLoginProvider.get().issuer());
            env.put("CONNECTOPS_INCIDENTS_CONSOLE_CLIENT_SECRET", ConsoleLoginProvider.CLIENT_SECRET);
            env.put("CONNECTOPS_INCIDENTS_CONSOLE_SESSION_SECRET", CONSOLE_SESSION_SECRET);
            env.put("CONNECTOPS_INCIDENTS_PUBLIC_URL", baseUrl());
        }
        env.putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name, e);
        }
        Awaitility.await(name + " ready on " + port).atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        if (attempt < 2) {
                            // As a pod is restarted when its start fails: on a saturated machine a start can time
                            // out waiting for a database connection. A second failure is the service's.
                            launch(attempt + 1);
                            return true;
                        }
                        throw new IllegalStateException(name + " exited twice while starting; see " + log);
                    }
                    return ready();
                });
    }

    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + "/q/health/ready").toURL()
                    .openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The directory the service's build packaged it in ({@code <service>/target/quarkus-app}). */
    static Path packagedApp(String service) {
        String root = System.getProperty(SERVICES_ROOT);
        return (root == null || root.isBlank() ? RealServers.projectRoot() : Path.of(root))
                .resolve(service + "/target/quarkus-app");
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
