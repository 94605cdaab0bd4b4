package io.connectops.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The repository as the deployment files see it: the services, their ports and the topics, read from the sources. */
final class Repo {

    static final List<String> SERVICES = List.of("metrics-ingest", "alerting", "incidents", "scheduling", "notifications");
    static final String IMAGE_TAG = "0.1.0";

    private static final Pattern TOPIC_CONSTANT = Pattern.compile("=\\s*\"(ops\\.[a-z0-9.-]+)\"");
    /** Where each image writes its class archive ({@code RUN} in Dockerfile.jvm). */
    static final String IMAGE_CLASS_ARCHIVE = "/deployments/app-cds.jsa";
    private static final String PLATFORM_CLASS_ARCHIVE = "-XX:SharedArchiveFile=app-cds.jsa";
    private static final Pattern PLATFORM_JAVA_OPTIONS =
            Pattern.compile("JAVA_SERVICE_OPTS=\\$\\{JAVA_SERVICE_OPTS:-\"([^\"]+)\"}");

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("connectops.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("docker-compose.yml")) && Files.exists(dir.resolve("platform"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No Connect Ops repository above " + start);
    }

    static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties properties(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static Properties applicationProperties(String service) {
        return properties(path(service, "src", "main", "resources", "application.properties"));
    }

    static int httpPort(String service) {
        return Integer.parseInt(applicationProperties(service).getProperty("quarkus.http.port").trim());
    }

    static String image(String service) {
        return "connectops/" + service + ":" + IMAGE_TAG;
    }

    static Path dockerfile(String service) {
        return path(service, "src", "main", "docker", "Dockerfile.jvm");
    }

    /** The JVM settings infra/bin/platform.sh runs the services with, those bench/run.sh measures. */
    static String platformJavaOptions() {
        Matcher options = PLATFORM_JAVA_OPTIONS.matcher(read(path("infra", "bin", "platform.sh")));
        if (!options.find()) {
            throw new IllegalStateException("infra/bin/platform.sh sets no default JAVA_SERVICE_OPTS");
        }
        return options.group(1);
    }

    /**
     * The same settings in an image: the class archive is the one the image wrote, at its absolute path, where the
     * local platform reads the build's from the directory each service runs in.
     */
    static String imageJavaOptions() {
        String options = platformJavaOptions();
        if (!options.contains(PLATFORM_CLASS_ARCHIVE)) {
            throw new IllegalStateException("JAVA_SERVICE_OPTS names no class archive: " + options);
        }
        return options.replace(PLATFORM_CLASS_ARCHIVE, "-XX:SharedArchiveFile=" + IMAGE_CLASS_ARCHIVE);
    }

    /** The event topics of {@code Topics.java}, without their dead-letter twins. */
    static Set<String> eventTopics() {
        String source = read(path("event-contracts", "src", "main", "java", "io", "connectops", "contracts", "Topics.java"));
        Set<String> topics = new LinkedHashSet<>();
        Matcher matcher = TOPIC_CONSTANT.matcher(source);
        while (matcher.find()) {
            topics.add(matcher.group(1));
        }
        return topics;
    }

    static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yamlMap(Path file) {
        return (Map<String, Object>) yaml().load(read(file));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String text) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(text)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }
}
