package io.connectops.cli.commands;

import java.util.LinkedHashMap;
import java.util.Map;

import io.connectops.cli.client.Service;
import io.connectops.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Alerts as alerting holds them.",
        subcommands = {AlertsCommand.Ls.class, AlertsCommand.Show.class})
public class AlertsCommand {

    static final String PATH = "/api/v1/alerts";

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List alerts (firing ones by default).")
    static class Ls extends Leaf.Action {

        @Option(names = "--state", defaultValue = "FIRING", description = "PENDING, FIRING or RESOLVED.")
        String state;

        @Option(names = "--severity", description = "P1…P4.")
        String severity;

        @Option(names = "--queue", description = "Queue id.")
        String queue;

        @Override
        void run() {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("state", state);
            query.put("severity", severity);
            query.put("queueId", queue);
            out().table(api().all(Service.ALERTING, PATH, query), Column.of("FINGERPRINT", "fingerprint"),
                    Column.of("SEVERITY", "severity"), Column.of("STATE", "state"), Column.of("SINCE", "startsAt"),
                    Column.of("RULE", "ruleName"), Column.of("LABELS", "labels"));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One alert.")
    static class Show extends Leaf.Action {

        @Parameters(index = "0", description = "Alert fingerprint.")
        String fingerprint;

        @Override
        void run() {
            out().object(api().get(Service.ALERTING, PATH + "/" + fingerprint), Column.of("fingerprint", "fingerprint"),
                    Column.of("rule", "ruleName"), Column.of("state", "state"), Column.of("severity", "severity"),
                    Column.of("value", "value"), Column.of("threshold", "threshold"), Column.of("since", "startsAt"),
                    Column.of("ended", "endsAt"), Column.of("group", "groupKey"), Column.of("labels", "labels"),
                    Column.of("summary", "summary"));
        }
    }
}
