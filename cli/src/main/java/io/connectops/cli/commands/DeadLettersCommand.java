package io.connectops.cli.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.connectops.cli.client.ApiClient;
import io.connectops.cli.client.Service;
import io.connectops.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Dead letters: records a service could never apply, and their redrive (role admin).",
        subcommands = {DeadLettersCommand.Ls.class, DeadLettersCommand.Show.class, DeadLettersCommand.Redrive.class})
public class DeadLettersCommand {

    static final String PATH = "/api/v1/dead-letters";

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"Without a topic: the dead-letter topics of every service (or --service) with their counts.",
                    "With a topic: its records as --service wrote them."})
    static class Ls extends Leaf.Action {

        @Option(names = "--service", description = "metrics-ingest, alerting, incidents, scheduling, notifications.")
        String service;

        @Parameters(index = "0", arity = "0..1", description = "A dead-letter topic (ops.alerts.v1.dlq).")
        String topic;

        @Override
        void run() {
            ApiClient api = api();
            if (topic != null) {
                out().table(api.all(serviceOrRefuse(service), PATH + "/" + topic, Map.of()),
                        Column.of("PARTITION", "partition"), Column.of("OFFSET", "offset"),
                        Column.of("AT", "deadLetteredAt"), Column.of("TYPE", "eventType"), Column.of("REDRIVEN", "redrivenAt"),
                        Column.of("REASON", "reason"));
                return;
            }
            List<JsonNode> rows = new ArrayList<>();
            for (Service each : service == null ? List.of(Service.values()) : List.of(Service.ofKey(service))) {
                for (JsonNode topicRow : api.get(each, PATH)) {
                    ObjectNode row = topicRow.deepCopy();
                    row.put("service", each.key());
                    rows.add(row);
                }
            }
            out().table(rows, Column.of("SERVICE", "service"), Column.of("TOPIC", "topic"),
                    Column.of("HELD", "records"), Column.of("REDRIVEN", "redriven"));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One dead letter with its payload.")
    static class Show extends Leaf.Action {

        @Option(names = "--service", required = true, description = "The service that dead-lettered it.")
        String service;

        @Parameters(index = "0", description = "Dead-letter topic.")
        String topic;

        @Parameters(index = "1", description = "Partition.")
        int partition;

        @Parameters(index = "2", description = "Offset.")
        long offset;

        @Override
        void run() {
            JsonNode record = api().get(Service.ofKey(service), PATH + "/" + topic + "/" + partition + "/" + offset);
            out().object(record, Column.of("topic", "topic"), Column.of("partition", "partition"),
                    Column.of("offset", "offset"), Column.of("key", "key"), Column.of("reason", "reason"),
                    Column.of("origin", "origin"), Column.of("cause", "cause"), Column.of("redriven", "redrivenAt"),
                    Column.of("payload", "payload"));
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Send dead letters back to their topic: one record (topic partition offset), or every",
                    "record of the topic not redriven before. Consumers apply each event once, so a redrive is safe."})
    static class Redrive extends Leaf.Action {

        @Option(names = "--service", required = true, description = "The service that dead-lettered them.")
        String service;

        @Parameters(index = "0", description = "Dead-letter topic.")
        String topic;

        @Parameters(index = "1", arity = "0..1", description = "Partition (with offset: one record).")
        Integer partition;

        @Parameters(index = "2", arity = "0..1", description = "Offset.")
        Long offset;

        @Override
        void run() {
            if ((partition == null) != (offset == null)) {
                throw new IllegalArgumentException("give both partition and offset for one record, or neither for all");
            }
            String path = partition == null ? PATH + "/" + topic + "/redrive"
                    : PATH + "/" + topic + "/" + partition + "/" + offset + "/redrive";
            JsonNode answer = api().post(Service.ofKey(service), path, null);
            out().object(answer, Column.of("redriven", "redriven"), Column.of("topic", "topic"));
        }
    }

    static Service serviceOrRefuse(String service) {
        if (service == null) {
            throw new IllegalArgumentException("--service is needed with a topic: each service lists the dead "
                    + "letters it wrote");
        }
        return Service.ofKey(service);
    }
}
