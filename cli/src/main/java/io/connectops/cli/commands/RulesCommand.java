package io.connectops.cli.commands;

import java.util.List;

import io.connectops.cli.client.Service;
import picocli.CommandLine.Command;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Alert rules as code: export them to YAML, review the diff, apply the file.",
        subcommands = {RulesCommand.Export.class, RulesCommand.Diff.class, RulesCommand.Apply.class})
public class RulesCommand {

    /** The fields of alerting's rule draft: what a file holds and what apply compares. */
    static final DeclaredObjects RULES = new DeclaredObjects("rules", Service.ALERTING, "/api/v1/rules", List.of(
            "name", "metric", "instanceId", "queueId", "channel", "aggregation", "window", "comparator", "threshold",
            "thresholdUnit", "forDuration", "keepFiringFor", "noData", "severity", "labels", "summary", "description",
            "runbookUrl", "enabled", "denominatorMetric", "groupWait", "groupInterval", "repeatInterval"));

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Print every rule as YAML (or -f FILE).")
    static class Export extends DeclaredObjects.ExportCommand {

        @Override
        DeclaredObjects objects() {
            return RULES;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "What apply would change; exit 1 when something differs.")
    static class Diff extends DeclaredObjects.DiffCommand {

        @Override
        DeclaredObjects objects() {
            return RULES;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Print the plan, then create and replace rules so that the server holds the file.")
    static class Apply extends DeclaredObjects.ApplyCommand {

        @Override
        DeclaredObjects objects() {
            return RULES;
        }
    }
}
