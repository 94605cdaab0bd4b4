package io.connectops.incidents.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the console writes times: UTC to the second, the zone people on a bridge call agree on. */
final class ConsoleTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ConsoleTimes() {
    }

    static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
    }
}
