package io.connectops.cli.commands;

import java.time.Duration;

import io.connectops.cli.auth.SignIn;
import io.connectops.cli.auth.Tokens;
import io.connectops.cli.config.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign in and cache the token (mode 600) for the profile.",
                "People: the device flow (open the printed address, confirm the code).",
                "Machines: client credentials, with --client-secret or CONNECTOPS_CLIENT_SECRET."})
public class LoginCommand extends Leaf.Action {

    @Option(names = "--timeout", defaultValue = "PT5M", description = "How long to wait for the confirmation.")
    Duration timeout;

    @Override
    void run() {
        Profile profile = root().profile();
        SignIn signIn = root().signIn();
        Tokens tokens = profile.clientSecret() != null
                ? signIn.clientCredentials(root().profileName(), profile)
                : signIn.device(root().profileName(), profile, spec.commandLine().getOut(), timeout);
        out().message("Signed in to " + root().profileName() + " (" + tokens.grant() + "); token valid until "
                + tokens.expiresAt());
    }
}
