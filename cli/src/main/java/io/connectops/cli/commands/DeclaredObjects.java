package io.connectops.cli.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.connectops.cli.ExitCodes;
import io.connectops.cli.client.ApiClient;
import io.connectops.cli.client.Service;
import io.connectops.cli.declarative.Plan;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Objects kept as code (rules, routes): a YAML file with a top-level list under {@link #kind}, exported from the
 * server, compared with it, and applied to it by name.
 */
final class DeclaredObjects {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)).findAndRegisterModules();

    final String kind;
    final Service service;
    final String path;
    final List<String> draftFields;

    DeclaredObjects(String kind, Service service, String path, List<String> draftFields) {
        this.kind = kind;
        this.service = service;
        this.path = path;
        this.draftFields = draftFields;
    }

    String export(ApiClient api) throws IOException {
        ObjectNode file = YAML.createObjectNode();
        var list = file.putArray(kind);
        for (JsonNode current : api.all(service, path, Map.of())) {
            list.add(Plan.exported(current, draftFields));
        }
        return YAML.writeValueAsString(file);
    }

    List<ObjectNode> read(Path file) {
        try {
            JsonNode tree = YAML.readTree(Files.readString(file));
            JsonNode objects = tree == null ? null : tree.get(kind);
            if (objects == null || !objects.isArray()) {
                throw new IllegalArgumentException(file + ": expected a list under '" + kind + ":'");
            }
            List<ObjectNode> desired = new ArrayList<>();
            for (JsonNode object : objects) {
                if (!object.isObject()) {
                    throw new IllegalArgumentException(file + ": every entry of '" + kind + "' is an object");
                }
                desired.add((ObjectNode) object);
            }
            return desired;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    Plan plan(ApiClient api, Path file, boolean prune) {
        return Plan.between(read(file), api.all(service, path, Map.of()), draftFields, prune);
    }

    /** Prints the plan, then carries it out unless it is a dry run; returns the exit code. */
    int apply(ApiClient api, Plan plan, boolean dryRun, PrintWriter out) {
        plan.describe().forEach(out::println);
        out.flush();
        if (dryRun || plan.isEmpty()) {
            return ExitCodes.OK;
        }
        for (Plan.Change change : plan.changes()) {
            switch (change.action()) {
                case CREATE -> api.post(service, path, change.desired());
                case UPDATE -> api.put(service, path + "/" + change.id(), change.desired());
                case DELETE -> api.delete(service, path + "/" + change.id());
            }
            out.println("done: " + change.action().name().toLowerCase() + " " + change.name());
            out.flush();
        }
        return ExitCodes.OK;
    }

    /** The options of diff and apply. */
    static class FileOption {

        @Option(names = {"-f", "--file"}, required = true, description = "The YAML file.")
        Path file;

        @Option(names = "--prune", description = "Also delete what the server has and the file does not name.")
        boolean prune;
    }

    /** {@code export}: every object as YAML, to the terminal or a file. */
    abstract static class ExportCommand extends Leaf.Action {

        @Option(names = {"-f", "--file"}, description = "Write to this file instead of the terminal.")
        Path file;

        abstract DeclaredObjects objects();

        @Override
        void run() throws IOException {
            String yaml = objects().export(api());
            if (file == null) {
                spec.commandLine().getOut().print(yaml);
                spec.commandLine().getOut().flush();
            } else {
                Files.writeString(file, yaml);
            }
        }
    }

    /** {@code diff}: what apply would change; exit 1 when something differs, as diff(1). */
    abstract static class DiffCommand extends Leaf {

        @Mixin
        FileOption options;

        abstract DeclaredObjects objects();

        @Override
        public Integer call() {
            Plan plan = objects().plan(api(), options.file, options.prune);
            plan.describe().forEach(spec.commandLine().getOut()::println);
            spec.commandLine().getOut().flush();
            return plan.isEmpty() ? ExitCodes.OK : ExitCodes.DIFFERS;
        }
    }

    /** {@code apply}: the plan first, then the changes; nothing when the server already holds the file. */
    abstract static class ApplyCommand extends Leaf {

        @Mixin
        FileOption options;

        @Option(names = "--dry-run", description = "Print the plan only.")
        boolean dryRun;

        abstract DeclaredObjects objects();

        @Override
        public Integer call() {
            var api = api();
            return objects().apply(api, objects().plan(api, options.file, options.prune), dryRun,
                    spec.commandLine().getOut());
        }
    }
}
