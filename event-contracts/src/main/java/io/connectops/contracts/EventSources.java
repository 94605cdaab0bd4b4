package io.connectops.contracts;

/**
 * The CloudEvents {@code source} of each service's events, beside {@link Topics}: one place to read which service
 * wrote an event, and the same spelling everywhere ({@code /connectops/<service>}).
 */
public final class EventSources {

    public static final String METRICS_INGEST = "/connectops/metrics-ingest";
    public static final String ALERTING = "/connectops/alerting";
    public static final String INCIDENTS = "/connectops/incidents";
    public static final String SCHEDULING = "/connectops/scheduling";
    public static final String NOTIFICATIONS = "/connectops/notifications";

    private EventSources() {
    }
}
