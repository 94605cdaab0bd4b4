package io.connectops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
 * the variables the image's entrypoint reads ({@code ENV} lines of Dockerfile.jvm), the C library's
 * ({@link #PROCESS_ENVIRONMENT}), and the Quarkus runtime keys
 * that operators set on purpose without a default in our files (quarkus-runtime-keys.txt, each with its reason).
 */
final class ConfigVariables {

    private static final Pattern EXPANSION = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");
    private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING_METHOD = Pattern.compile(
            "((?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*)([\\w.]+(?:<[\\w<>,.? ]*>)?(?:\\[\\])?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]+)\"\\)");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern DOCKER_ENV = Pattern.compile("^ENV\\s+([A-Z_][A-Z0-9_]*)=", Pattern.MULTILINE);

    /** Read by the C library of every process, not by Quarkus: glibc's malloc arenas (see k8s/README.md). */
    static final Set<String> PROCESS_ENVIRONMENT = Set.of("MALLOC_ARENA_MAX");

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
        names.addAll(PROCESS_ENVIRONMENT);
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
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> names.addAll(readFromJava(Repo.read(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variables one Java source reads through {@code @ConfigProperty} or a {@code @ConfigMapping} interface. */
    static Set<String> readFromJava(String source) {
        Set<String> names = new TreeSet<>();
        Matcher property = CONFIG_PROPERTY.matcher(source);
        while (property.find()) {
            names.add(environmentName(property.group(1)));
        }
        Matcher prefix = MAPPING_PREFIX.matcher(source);
        if (!prefix.find()) {
            return names;
        }
        String code = withoutCommentsAndStrings(source.substring(prefix.end()));
        Map<String, String> interfaces = new HashMap<>();
        Matcher declaration = INTERFACE.matcher(code);
        while (declaration.find()) {
            interfaces.put(declaration.group(1), body(code, declaration.end() - 1));
        }
        addMappingKeys(names, prefix.group(1), body(code, code.indexOf('{')), interfaces);
        return names;
    }

    /** A leaf method is one key; a method returning a group declared in the same file continues the key below it. */
    private static void addMappingKeys(Set<String> names, String prefix, String body, Map<String, String> interfaces) {
        Matcher method = MAPPING_METHOD.matcher(topLevel(body));
        while (method.find()) {
            Matcher withName = WITH_NAME.matcher(method.group(1));
            boolean parentName = method.group(1).contains("@WithParentName");
            String segment = withName.find() ? withName.group(1) : kebab(method.group(3));
            String key = parentName ? prefix : prefix + "." + segment;
            String type = method.group(2).trim();
            if (interfaces.containsKey(type)) {
                addMappingKeys(names, key, interfaces.get(type), interfaces);
            } else {
                names.add(environmentName(key));
            }
        }
    }

    /** The text between the brace at {@code open} and its partner. */
    private static String body(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            if (code.charAt(i) == '{') {
                depth++;
            } else if (code.charAt(i) == '}' && --depth == 0) {
                return code.substring(open + 1, i);
            }
        }
        return code.substring(open + 1);
    }

    /** The body without its nested blocks, so that only its own methods remain. */
    private static String topLevel(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (c == '{') {
                depth++;
                out.append(';');
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Java source without comments, and with the characters of string literals that could look like code ({}();/*)
     * replaced, so that {@code @WithName("...")} stays readable while {@code @WithDefault("https://...")} is harmless.
     */
    private static String withoutCommentsAndStrings(String source) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                out.append(' ');
            } else if (c == '"' || c == '\'') {
                out.append(c);
                int end = i + 1;
                while (end < source.length() && source.charAt(end) != c) {
                    char inside = source.charAt(end);
                    boolean escape = inside == '\\';
                    out.append("{}();/*".indexOf(inside) >= 0 || escape ? '_' : inside);
                    end += escape ? 2 : 1;
                }
                out.append(c);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
