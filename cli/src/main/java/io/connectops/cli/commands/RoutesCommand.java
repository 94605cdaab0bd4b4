package io.connectops.cli.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.cli.client.Service;
import io.connectops.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "Notification routes as code: export them to YAML, review the diff, apply the file.",
        subcommands = {RoutesCommand.Export.class, RoutesCommand.Diff.class, RoutesCommand.Apply.class,
                RoutesCommand.Test.class})
public class RoutesCommand {

    /** The fields of notifications' route draft. */
    static final DeclaredObjects ROUTES = new DeclaredObjects("routes", Service.NOTIFICATIONS, "/api/v1/routes",
            List.of("name", "position", "enabled", "eventTypes", "severities", "labels", "queues", "channelIds",
                    "channelTypes", "continue", "repeatInterval", "quietHours", "digest"));

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Print every route as YAML (or -f FILE).")
    static class Export extends DeclaredObjects.ExportCommand {

        @Override
        DeclaredObjects objects() {
            return ROUTES;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "What apply would change; exit 1 when something differs.")
    static class Diff extends DeclaredObjects.DiffCommand {

        @Override
        DeclaredObjects objects() {
            return ROUTES;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Print the plan, then create and update routes so that the server holds the file.")
    static class Apply extends DeclaredObjects.ApplyCommand {

        @Override
        DeclaredObjects objects() {
            return ROUTES;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Which channels an event would reach now, through which route (as amtool config routes",
                    "test): notifications answers with the same choice its planner makes, and sends nothing."})
    static class Test extends Leaf.Action {

        @Option(names = "--event-type", defaultValue = "connectops.incident.opened.v1",
                description = "CloudEvent type (default ${DEFAULT-VALUE}; connectops.alert.firing.v1 for an alert).")
        String eventType;

        @Option(names = "--severity", description = "P1…P4.")
        String severity;

        @Option(names = {"-l", "--label"}, description = "A label of the event: k=v (repeatable).")
        Map<String, String> labels = new LinkedHashMap<>();

        @Option(names = {"-q", "--queue"}, description = "A queue of the event (repeatable).")
        List<String> queues = new ArrayList<>();

        @Override
        void run() {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventType", eventType);
            event.put("severity", severity);
            event.put("labels", labels);
            event.put("queues", queues);
            JsonNode answer = api().post(Service.NOTIFICATIONS, ROUTES.path + "/test", event);
            List<JsonNode> targets = new ArrayList<>();
            answer.path("targets").forEach(targets::add);
            out().table(targets, Column.of("CHANNEL", "channelName"), Column.of("TYPE", "channelType"),
                    Column.of("ROUTE", "routeName"), Column.of("DIGEST", "digest"), Column.of("NOT BEFORE", "notBefore"));
        }
    }
}
