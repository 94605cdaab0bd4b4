package io.connectops.cli;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import io.connectops.cli.auth.NotSignedIn;
import io.connectops.cli.auth.SignIn;
import io.connectops.cli.client.ApiClient;
import io.connectops.cli.client.ApiProblem;
import io.connectops.cli.commands.AlertsCommand;
import io.connectops.cli.commands.DeadLettersCommand;
import io.connectops.cli.commands.IncidentsCommand;
import io.connectops.cli.commands.LoginCommand;
import io.connectops.cli.commands.LogoutCommand;
import io.connectops.cli.commands.ProfileCommand;
import io.connectops.cli.commands.RoutesCommand;
import io.connectops.cli.commands.RulesCommand;
import io.connectops.cli.commands.SilencesCommand;
import io.connectops.cli.commands.StaffingCommand;
import io.connectops.cli.config.ConfigDirectory;
import io.connectops.cli.config.Profile;
import io.connectops.cli.output.Output;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code connectops}: the operators' tool. Global options apply to every command, wherever they are written. */
@Command(name = "connectops", mixinStandardHelpOptions = true, version = "connectops 0.1.0",
        description = "Work Connect Ops incidents, alerts, silences, rules, routes and dead letters from a terminal.",
        subcommands = {LoginCommand.class, LogoutCommand.class, ProfileCommand.class, IncidentsCommand.class,
                AlertsCommand.class, SilencesCommand.class, RulesCommand.class, RoutesCommand.class,
                DeadLettersCommand.class, StaffingCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 differs (diff, rules test), 2 usage, 3 not signed in or not allowed,"
                + " 4 refused input, 5 not found, 6 conflict, 7 service unavailable."})
public class ConnectOpsCli {

    @Option(names = "--profile", scope = ScopeType.INHERIT, defaultValue = "${env:CONNECTOPS_PROFILE:-local}",
            description = "Platform profile from profiles.yaml (default: ${DEFAULT-VALUE}).")
    String profileName;

    @Option(names = "--server", scope = ScopeType.INHERIT,
            description = "Base URL of the services (each on its local port) or of one gateway, for this command.")
    String server;

    @Option(names = "--issuer", scope = ScopeType.INHERIT, description = "OIDC issuer URL, for this command.")
    String issuer;

    @Option(names = "--client-id", scope = ScopeType.INHERIT, description = "OIDC client id, for this command.")
    String clientId;

    @Option(names = "--client-secret", scope = ScopeType.INHERIT, defaultValue = "${env:CONNECTOPS_CLIENT_SECRET}",
            description = "Client secret for the client-credentials grant (prefer CONNECTOPS_CLIENT_SECRET).")
    String clientSecret;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, defaultValue = "table",
            description = "table (default) or json.")
    Output.Format output;

    private final ConfigDirectory config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectOpsCli(ConfigDirectory config) {
        this.config = config;
    }

    public static void main(String[] args) {
        System.exit(run(ConfigDirectory.ofEnvironment(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), args));
    }

    /** Runs one command line; tests call this with their own directory and writers. */
    public static int run(ConfigDirectory config, PrintWriter out, PrintWriter err, String... args) {
        CommandLine line = new CommandLine(new ConnectOpsCli(config)).setCaseInsensitiveEnumValuesAllowed(true);
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((failure, commandLine, parsed) -> {
            if (failure instanceof ApiProblem problem) {
                err.println("error: " + problem.getMessage());
                problem.fields().forEach(field -> err.println("  " + field));
                err.flush();
                return problem.exitCode();
            }
            if (failure instanceof NotSignedIn notSignedIn) {
                err.println("error: " + notSignedIn.getMessage());
                err.flush();
                return ExitCodes.NOT_AUTHORIZED;
            }
            if (failure instanceof IllegalArgumentException invalid) {
                err.println("error: " + invalid.getMessage());
                err.flush();
                return ExitCodes.USAGE;
            }
            throw failure;
        });
        return line.execute(args);
    }

    public ConfigDirectory config() {
        return config;
    }

    public String profileName() {
        return profileName;
    }

    public Profile profile() {
        return withOverrides(config.profile(profileName));
    }

    /** {@code base} with what this command line gives (--server, --issuer, --client-id, --client-secret). */
    public Profile withOverrides(Profile base) {
        return base.withOverrides(server, issuer, clientId, clientSecret);
    }

    public SignIn signIn() {
        return new SignIn(http, config, Clock.systemUTC(), Duration.ofSeconds(1));
    }

    public ApiClient api() {
        Profile profile = profile();
        SignIn signIn = signIn();
        return new ApiClient(http, profile, () -> signIn.accessToken(profileName, profile));
    }

    public Output output(PrintWriter out) {
        return new Output(out, output);
    }
}
