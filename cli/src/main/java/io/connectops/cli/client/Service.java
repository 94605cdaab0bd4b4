package io.connectops.cli.client;

import java.util.Locale;

/** The five services and the port each listens on in the local platform; a profile may give each its own URL. */
public enum Service {
    METRICS_INGEST(8081), ALERTING(8082), INCIDENTS(8083), SCHEDULING(8084), NOTIFICATIONS(8085);

    private final int localPort;

    Service(int localPort) {
        this.localPort = localPort;
    }

    public int localPort() {
        return localPort;
    }

    /** The name used in profiles and on the command line: {@code metrics-ingest}, {@code alerting}, … */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Service ofKey(String key) {
        for (Service service : values()) {
            if (service.key().equals(key)) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown service '" + key + "' (metrics-ingest, alerting, incidents, "
                + "scheduling, notifications)");
    }
}
