package io.connectops.cli.commands;

import picocli.CommandLine.Command;

@Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget the profile's cached tokens.")
public class LogoutCommand extends Leaf.Action {

    @Override
    void run() {
        root().signIn().forget(root().profileName());
        out().message("Signed out of " + root().profileName());
    }
}
