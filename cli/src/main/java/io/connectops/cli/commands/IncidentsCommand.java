package io.connectops.cli.commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.cli.client.ApiClient;
import io.connectops.cli.client.ApiProblem;
import io.connectops.cli.client.Service;
import io.connectops.cli.output.Output;
import io.connectops.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "incidents", mixinStandardHelpOptions = true,
        description = "Find incidents and move them through their lifecycle.",
        subcommands = {IncidentsCommand.Ls.class, IncidentsCommand.Show.class, IncidentsCommand.Ack.class,
                IncidentsCommand.Assess.class, IncidentsCommand.Mitigate.class, IncidentsCommand.Resolve.class,
                IncidentsCommand.Timeline.class, IncidentsCommand.Watch.class})
public class IncidentsCommand {

    static final String PATH = "/api/v1/incidents";

    static final Column[] LIST = {Column.of("REFERENCE", "reference"), Column.of("SEVERITY", "severity"),
        Column.of("STATUS", "status"), Column.of("CREATED", "createdAt"), Column.of("TITLE", "title")};

    static final Column[] DETAIL = {Column.of("reference", "reference"), Column.of("id", "id"),
        Column.of("title", "title"), Column.of("status", "status"), Column.of("severity", "severity"),
        Column.of("queues", "queues"), Column.of("impact", "impact"), Column.of("summary", "summary"),
        Column.of("commander", "commander"), Column.of("mitigation", "mitigation"),
        Column.of("resolution", "resolution"), Column.of("escalation", "escalationLevel"),
        Column.of("created", "createdAt"), Column.of("acknowledged", "acknowledgedAt"),
        Column.of("acknowledged by", "acknowledgedBy"), Column.of("resolved", "resolvedAt"),
        Column.of("next actions", "allowedActions")};

    static final Column[] TIMELINE = {Column.of("AT", "occurredAt"), Column.of("KIND", "kind"), Column.of("ACTOR", "actorName"),
        Column.of("TEXT", "text")};

    /** An incident named by its id or its reference ({@code INC-000042}), as people quote it. */
    static String idOf(ApiClient api, String idOrReference) {
        try {
            return UUID.fromString(idOrReference).toString();
        } catch (IllegalArgumentException notAnId) {
            for (JsonNode found : api.all(Service.INCIDENTS, PATH, Map.of("q", idOrReference))) {
                if (idOrReference.equalsIgnoreCase(found.path("reference").asText())) {
                    return found.path("id").asText();
                }
            }
            throw new ApiProblem(404, "no incident " + idOrReference, List.of());
        }
    }

    /** Runs one lifecycle step and shows the incident as the step left it. */
    abstract static class Step extends Leaf.Action {

        @Parameters(index = "0", description = "Incident id or reference (INC-000042).")
        String incident;

        abstract String action();

        abstract Map<String, Object> body();

        @Override
        void run() {
            ApiClient api = api();
            JsonNode after = api.post(Service.INCIDENTS, PATH + "/" + idOf(api, incident) + "/" + action(), body());
            Output out = out();
            out.object(after, DETAIL);
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List incidents, newest first.")
    static class Ls extends Leaf.Action {

        @Option(names = "--status", split = ",", description = "TRIAGE, MITIGATING, MONITORING, RESOLVED, …")
        List<String> statuses = new ArrayList<>();

        @Option(names = "--severity", split = ",", description = "P1…P4.")
        List<String> severities = new ArrayList<>();

        @Option(names = "--queue", description = "Queue id.")
        String queue;

        @Option(names = {"-q", "--search"}, description = "Text in title or description, or a reference.")
        String text;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        void run() {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("status", statuses);
            query.put("severity", severities);
            query.put("queue", queue);
            query.put("q", text);
            query.put("size", Math.min(limit, 200));
            JsonNode page = api().get(Service.INCIDENTS, PATH, query);
            List<JsonNode> items = new ArrayList<>();
            page.path("items").forEach(items::add);
            out().table(items.subList(0, Math.min(limit, items.size())), LIST);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One incident.")
    static class Show extends Leaf.Action {

        @Parameters(index = "0", description = "Incident id or reference.")
        String incident;

        @Override
        void run() {
            ApiClient api = api();
            out().object(api.get(Service.INCIDENTS, PATH + "/" + idOf(api, incident)), DETAIL);
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = "Acknowledge: you take it on; stops the acknowledgement escalation.")
    static class Ack extends Step {

        @Override
        String action() {
            return "acknowledge";
        }

        @Override
        Map<String, Object> body() {
            return Map.of();
        }
    }

    @Command(name = "assess", mixinStandardHelpOptions = true,
            description = "Assess: severity, impact, summary and commander.")
    static class Assess extends Step {

        @Option(names = "--severity", required = true, description = "P1…P4.")
        String severity;

        @Option(names = "--impact", required = true, description = "Who or what is affected.")
        String impact;

        @Option(names = "--summary", required = true, description = "What is wrong.")
        String summary;

        @Option(names = "--commander", required = true, description = "Who leads.")
        String commander;

        @Override
        String action() {
            return "assess";
        }

        @Override
        Map<String, Object> body() {
            return Map.of("severity", severity, "impact", impact, "summary", summary, "commander", commander);
        }
    }

    @Command(name = "mitigate", mixinStandardHelpOptions = true, description = "Mitigate: what stopped the impact.")
    static class Mitigate extends Step {

        @Option(names = {"-m", "--mitigation"}, required = true, description = "What was done.")
        String mitigation;

        @Override
        String action() {
            return "mitigate";
        }

        @Override
        Map<String, Object> body() {
            return Map.of("mitigation", mitigation);
        }
    }

    @Command(name = "resolve", mixinStandardHelpOptions = true, description = "Resolve, with the resolution.")
    static class Resolve extends Step {

        @Option(names = {"-r", "--resolution"}, required = true, description = "How it was resolved.")
        String resolution;

        @Override
        String action() {
            return "resolve";
        }

        @Override
        Map<String, Object> body() {
            return Map.of("resolution", resolution);
        }
    }

    @Command(name = "timeline", mixinStandardHelpOptions = true, description = "Every step of an incident.")
    static class Timeline extends Leaf.Action {

        @Parameters(index = "0", description = "Incident id or reference.")
        String incident;

        @Override
        void run() {
            ApiClient api = api();
            out().table(api.all(Service.INCIDENTS, PATH + "/" + idOf(api, incident) + "/timeline", Map.of()), TIMELINE);
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Follow an incident's timeline live until it is resolved (or --for has passed).")
    static class Watch extends Leaf.Action {

        @Parameters(index = "0", description = "Incident id or reference.")
        String incident;

        @Option(names = "--every", defaultValue = "PT2S", description = "How often to look (default 2 s).")
        Duration every;

        @Option(names = "--for", description = "Stop after this long (default: until resolved, closed or cancelled).")
        Duration atMost;

        @Override
        void run() throws InterruptedException {
            ApiClient api = api();
            String id = idOf(api, incident);
            Output out = out();
            Set<String> shown = new HashSet<>();
            long stopAt = atMost == null ? Long.MAX_VALUE : System.nanoTime() + atMost.toNanos();
            while (true) {
                List<JsonNode> fresh = new ArrayList<>();
                for (JsonNode entry : api.all(Service.INCIDENTS, PATH + "/" + id + "/timeline", Map.of())) {
                    if (shown.add(entry.path("id").asText(entry.toString()))) {
                        fresh.add(entry);
                    }
                }
                fresh.forEach(entry -> out.writer().println(String.join("  ", Output.textOf(entry.path("occurredAt")),
                        Output.textOf(entry.path("kind")), Output.textOf(entry.path("actorName")),
                        Output.textOf(entry.path("text")))));
                out.writer().flush();
                String status = api.get(Service.INCIDENTS, PATH + "/" + id).path("status").asText();
                if (Set.of("RESOLVED", "CLOSED", "CANCELLED", "MERGED").contains(status) || System.nanoTime() > stopAt) {
                    return;
                }
                // A poll, at the pace the user chose: the timeline API is cheap and this is one person's terminal.
                Thread.sleep(every.toMillis());
            }
        }
    }
}
