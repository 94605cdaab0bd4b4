package io.connectops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service container really reads, derived from the sources rather than listed by hand:
 * every configuration key of platform's microprofile-config.properties and of the service's application.properties
 * (in the environment-variable form Quarkus maps back to the key), every {@code ${VARIABLE}} those files expand,
 * the keys of {@code @ConfigMapping} interfaces and {@code @ConfigProperty} injections in platform and the service,
 * the variables the image's entrypoint reads ({@code ENV} lines of Dockerfile.jvm), and the Quarkus runtime keys
 * that operators set on purpose without a default in our files (quarkus-runtime-keys.txt, each with its reason).
 */
final class ConfigVariables {

    private static final Pattern EXPANSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING_METHOD = Pattern.compile("^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*[\\w<>,.?\\[\\] ]+\\s+(\\w+)\\(\\);",
            Pattern.MULTILINE);
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]+)\"\\)");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern DOCKER_ENV = Pattern.compile("^ENV\\s+([A-Z_][A-Z0-9_]*)=", Pattern.MULTILINE);

    private ConfigVariables() {
    }

    static Set<String> readBy(String service) {
        Set<String> names = new TreeSet<>();
        addPropertiesFile(names, Repo.path("platform", "src", "main", "resources", "META-INF", "microprofile-config.properties"));
        addPropertiesFile(names, Repo.path(service, "src", "main", "resources", "application.properties"));
        addJavaSources(names, Repo.path("platform", "src", "main", "java"));
        addJavaSources(names, Repo.path(service, "src", "main", "java"));
        Matcher dockerEnv = DOCKER_ENV.matcher(Repo.read(Repo.dockerfile(service)));
        while (dockerEnv.find()) {
            names.add(dockerEnv.group(1));
        }
        for (String line : Repo.read(Repo.path("deploy-checks", "src", "test", "resources", "quarkus-runtime-keys.txt")).split("\n")) {
            String key = line.replaceFirst("#.*", "").trim();
            if (!key.isEmpty()) {
                names.add(environmentName(key));
            }
        }
        return names;
    }

    /** The environment variable Quarkus maps to a configuration key (the MicroProfile Config rule). */
    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static void addPropertiesFile(Set<String> names, Path file) {
        for (String line : Repo.read(file).split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                continue;
            }
            String key = trimmed.substring(0, trimmed.indexOf('=')).trim();
            // Test and dev profiles never apply in a container.
            if (key.startsWith("%test.") || key.startsWith("%dev.")) {
                continue;
            }
            names.add(environmentName(key.replaceFirst("^%[\\w,-]+\\.", "")));
            Matcher expansion = EXPANSION.matcher(trimmed);
            while (expansion.find()) {
                names.add(expansion.group(1));
            }
        }
    }

    private static void addJavaSources(Set<String> names, Path sources) {
        if (!Files.isDirectory(sources)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> addJavaSource(names, Repo.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addJavaSource(Set<String> names, String source) {
        Matcher property = CONFIG_PROPERTY.matcher(source);
        while (property.find()) {
            names.add(environmentName(property.group(1)));
        }
        Matcher prefix = MAPPING_PREFIX.matcher(source);
        if (!prefix.find()) {
            return;
        }
        // Methods of nested groups are taken as if they sat at the top: a superset, never a false refusal of a
        // top-level key. Nested keys a deployment sets would be refused, which shows as a failing test to refine.
        Matcher method = MAPPING_METHOD.matcher(source);
        while (method.find()) {
            names.add(environmentName(prefix.group(1) + "." + kebab(method.group(1))));
        }
        Matcher withName = WITH_NAME.matcher(source);
        while (withName.find()) {
            names.add(environmentName(prefix.group(1) + "." + withName.group(1)));
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
