package io.connectops.cli.commands;

import java.util.List;

import io.connectops.cli.client.Service;
import picocli.CommandLine.Command;

@Command(name = "routes", mixinStandardHelpOptions = true,
        description = "Notification routes as code: export them to YAML, review the diff, apply the file.",
        subcommands = {RoutesCommand.Export.class, RoutesCommand.Diff.class, RoutesCommand.Apply.class})
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
}
