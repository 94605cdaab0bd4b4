package io.connectops.incidents.console;

import io.connectops.platform.testing.console.ConsoleLoginProvider;
import io.connectops.platform.testing.console.ConsoleLoginProvider.Person;

/** The people the console's tests sign in as at platform-testing's {@link ConsoleLoginProvider}. */
final class ConsolePeople {

    static final Person MANAGER = ConsoleLoginProvider.person("ana.ops", "ana-password", "incident-manager");
    static final Person VIEWER = ConsoleLoginProvider.person("victor.viewer", "victor-password", "viewer");

    private ConsolePeople() {
    }
}
