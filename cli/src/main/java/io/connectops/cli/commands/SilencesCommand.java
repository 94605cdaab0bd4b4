package io.connectops.cli.commands;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.connectops.cli.client.Service;
import io.connectops.cli.output.Output.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "silences", mixinStandardHelpOptions = true, description = "Mute alerts by label for a while.",
        subcommands = {SilencesCommand.Add.class, SilencesCommand.Ls.class, SilencesCommand.Expire.class})
public class SilencesCommand {

    static final String PATH = "/api/v1/silences";

    static final Column[] COLUMNS = {Column.of("ID", "id"), Column.of("MATCHERS", "matchers"),
        Column.of("ENDS", "endsAt"), Column.of("BY", "createdBy"), Column.of("COMMENT", "comment")};

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Silence alerts whose labels match every --matcher, from now for --for.")
    static class Add extends Leaf.Action {

        @Option(names = {"-m", "--matcher"}, required = true,
                description = "label=value or label=v1,v2 (any of the values); repeat for more labels.")
        List<String> matchers = new ArrayList<>();

        @Option(names = "--for", required = true, description = "How long: 2h, 30m, 1d, or ISO-8601 (PT2H).")
        String duration;

        @Option(names = {"-c", "--comment"}, required = true, description = "Why (shown to everyone).")
        String comment;

        @Override
        void run() {
            List<Map<String, Object>> parsed = new ArrayList<>();
            for (String matcher : matchers) {
                int equals = matcher.indexOf('=');
                if (equals <= 0 || equals == matcher.length() - 1) {
                    throw new IllegalArgumentException("--matcher takes label=value, not '" + matcher + "'");
                }
                parsed.add(Map.of("label", matcher.substring(0, equals),
                        "values", Arrays.asList(matcher.substring(equals + 1).split(","))));
            }
            Map<String, Object> draft = new LinkedHashMap<>();
            draft.put("matchers", parsed);
            draft.put("endsAt", Instant.now().plus(durationOf(duration)).toString());
            draft.put("comment", comment);
            out().object(api().post(Service.ALERTING, PATH, draft), Column.of("id", "id"),
                    Column.of("matchers", "matchers"), Column.of("ends", "endsAt"), Column.of("comment", "comment"));
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List silences (active ones by default).")
    static class Ls extends Leaf.Action {

        @Option(names = "--all", description = "Expired ones too.")
        boolean all;

        @Override
        void run() {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("active", all ? null : Boolean.TRUE);
            out().table(api().all(Service.ALERTING, PATH, query), COLUMNS);
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now.")
    static class Expire extends Leaf.Action {

        @Parameters(index = "0", description = "Silence id.")
        String id;

        @Override
        void run() {
            out().object(api().post(Service.ALERTING, PATH + "/" + id + "/expire", null), Column.of("id", "id"),
                    Column.of("ends", "endsAt"));
        }
    }

    /** {@code 2h}, {@code 30m}, {@code 1d}, {@code 45s} as amtool writes them, or ISO-8601. */
    static Duration durationOf(String text) {
        String value = text.trim();
        try {
            if (value.toUpperCase().startsWith("P")) {
                return Duration.parse(value);
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            Duration parsed = switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> null;
            };
            if (parsed != null && !parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        } catch (RuntimeException unreadable) {
            // Reported below with what we accept.
        }
        throw new IllegalArgumentException("--for takes a positive duration like 2h, 30m, 1d or PT2H, not '" + text
                + "'");
    }
}
