package io.connectops.cli.commands;

import java.util.LinkedHashMap;
import java.util.Map;

import io.connectops.cli.client.Service;
import io.connectops.cli.output.Output.Column;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "staffing", mixinStandardHelpOptions = true, description = "Staffing what-ifs for supervisors.",
        subcommands = {StaffingCommand.ErlangC.class})
public class StaffingCommand {

    @Command(name = "erlang-c", mixinStandardHelpOptions = true,
            description = {"Agents needed for a service level (--target), or the service level of --agents, for one",
                    "interval; with --patience, Erlang A (callers who hang up)."})
    static class ErlangC extends Leaf.Action {

        @Option(names = "--contacts", required = true, description = "Contacts in the interval.")
        double contacts;

        @Option(names = "--interval", defaultValue = "900", description = "Interval in seconds (default 900).")
        int intervalSeconds;

        @Option(names = "--aht", required = true, description = "Average handle time, seconds.")
        double ahtSeconds;

        @Option(names = "--answer-within", defaultValue = "20",
                description = "Service-level threshold in seconds (default 20: 80/20).")
        double serviceLevelSeconds;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Question question;

        @Option(names = "--max-occupancy", description = "Cap on occupancy, 0–1.")
        Double maxOccupancy;

        @Option(names = "--shrinkage", description = "Share of paid time away from the phones, 0–0.99.")
        Double shrinkage;

        @Option(names = "--patience", description = "Average patience in seconds: Erlang A.")
        Double patienceSeconds;

        static class Question {

            @Option(names = "--target", description = "Target service level, 0–1 (0.8): how many agents?")
            Double targetServiceLevel;

            @Option(names = "--agents", description = "Agents on the phones: which service level?")
            Integer agents;
        }

        @Override
        void run() {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("contacts", contacts);
            request.put("intervalSeconds", intervalSeconds);
            request.put("ahtSeconds", ahtSeconds);
            request.put("serviceLevelSeconds", serviceLevelSeconds);
            request.put("agents", question.agents);
            request.put("targetServiceLevel", question.targetServiceLevel);
            request.put("maxOccupancy", maxOccupancy);
            request.put("shrinkage", shrinkage);
            request.put("patienceSeconds", patienceSeconds);
            request.values().removeIf(value -> value == null);
            out().object(api().post(Service.SCHEDULING, "/api/v1/staffing/erlang-c", request),
                    Column.of("agents", "agents"), Column.of("scheduled agents", "scheduledAgents"),
                    Column.of("traffic (Erlangs)", "trafficErlangs"), Column.of("service level", "serviceLevel"),
                    Column.of("average wait (s)", "asaSeconds"),
                    Column.of("occupancy", "occupancy"), Column.of("wait probability", "waitProbability"), Column.of("abandonment", "abandonProbability"),
                    Column.of("model", "model"));
        }
    }
}
