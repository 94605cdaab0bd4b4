package io.connectops.cli.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.connectops.cli.ExitCodes;
import io.connectops.cli.client.Service;
import io.connectops.cli.output.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Alert rules as code: export them to YAML, review the diff, apply the file.",
        subcommands = {RulesCommand.Export.class, RulesCommand.Diff.class, RulesCommand.Apply.class,
                RulesCommand.Test.class})
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

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run recorded series against rules and check the alerts expected at given times, as",
                    "promtool test rules does. alerting evaluates them with the evaluator it runs (event time,",
                    "forDuration, keepFiringFor, no data) and stores nothing. Exit 1 when a case fails."})
    static class Test extends Leaf {

        @Parameters(paramLabel = "TESTS", description = "The test file (YAML): evaluationInterval and tests.")
        Path tests;

        @Option(names = {"-f", "--rules"}, paramLabel = "RULES",
                description = "Rules to test (a rules.yaml as apply takes); without it, the rules alerting holds now.")
        Path rules;

        @Override
        public Integer call() throws IOException {
            ObjectNode request = DeclaredObjects.YAML.createObjectNode();
            if (rules == null) {
                request.putNull("rules");
            } else {
                request.putArray("rules").addAll(RULES.read(rules));
            }
            JsonNode testFile = DeclaredObjects.YAML.readTree(Files.readString(tests));
            if (testFile == null || !testFile.isObject()) {
                throw new IllegalArgumentException(tests + ": expected evaluationInterval and tests");
            }
            request.set("tests", testFile);
            JsonNode answer = api().post(Service.ALERTING, RULES.path + "/test", request);
            if (out().format() == Output.Format.JSON) {
                out().json(answer);
            } else {
                describe(answer, out().writer());
            }
            return answer.path("passed").asBoolean(false) ? ExitCodes.OK : ExitCodes.DIFFERS;
        }

        /** {@code [FIRING P2 {queue_id=q1} 8.0 since PT15M]}, or {@code none}. */
        private static String alerts(JsonNode alerts) {
            if (alerts.isEmpty()) {
                return "none";
            }
            List<String> described = new ArrayList<>();
            for (JsonNode alert : alerts) {
                StringBuilder text = new StringBuilder(alert.path("state").asText("FIRING"));
                if (alert.hasNonNull("severity")) {
                    text.append(' ').append(alert.path("severity").asText());
                }
                text.append(' ').append(alert.path("labels"));
                if (alert.hasNonNull("value")) {
                    text.append(' ').append(alert.path("value").asText());
                }
                if (alert.hasNonNull("activeAt")) {
                    text.append(" since ").append(alert.path("activeAt").asText());
                }
                described.add(text.toString());
            }
            return String.join("; ", described);
        }

        private static List<String> texts(JsonNode array) {
            List<String> texts = new ArrayList<>();
            array.forEach(item -> texts.add(item.asText()));
            return texts;
        }

        private static void describe(JsonNode answer, PrintWriter out) {
            int passed = 0;
            for (JsonNode test : answer.path("tests")) {
                out.println((test.path("passed").asBoolean() ? "PASS  " : "FAIL  ") + test.path("name").asText());
                for (JsonNode failure : test.path("failures")) {
                    out.println("      " + failure.path("field").asText() + ": at " + failure.path("evalTime").asText()
                            + ", rule " + failure.path("rule").asText());
                    out.println("        expected: " + alerts(failure.path("expected")));
                    out.println("        got:      " + alerts(failure.path("got")));
                }
                if (test.path("passed").asBoolean()) {
                    passed++;
                }
            }
            out.println(passed + " of " + answer.path("tests").size() + " tests passed");
            if (!answer.path("untestedRules").isEmpty()) {
                out.println("rules no alert test names: " + String.join(", ", texts(answer.path("untestedRules"))));
            }
            out.flush();
        }
    }
}
