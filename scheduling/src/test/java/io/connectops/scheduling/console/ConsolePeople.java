package io.connectops.scheduling.console;

import io.connectops.platform.testing.console.ConsoleLoginProvider;
import io.connectops.platform.testing.console.ConsoleLoginProvider.Person;

/** The people the supervisor page's tests sign in as at platform-testing's {@link ConsoleLoginProvider}. */
final class ConsolePeople {

    static final Person SUPERVISOR = ConsoleLoginProvider.person("sam.supervisor", "sam-password", "supervisor");
    static final Person VIEWER = ConsoleLoginProvider.person("victor.viewer", "victor-password", "viewer");
    /** Signs in, but holds no role the supervisor page admits. */
    static final Person INGEST = ConsoleLoginProvider.person("ivy.ingest", "ivy-password", "ingest");

    private ConsolePeople() {
    }
}
