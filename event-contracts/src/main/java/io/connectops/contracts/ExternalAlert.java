package io.connectops.contracts;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * An alert that another system has already evaluated (a CloudWatch alarm through SNS, an Alertmanager or Grafana
 * webhook, a Prometheus server posting to our Alertmanager-shaped API), on {@link Topics#EXTERNAL_ALERTS}, keyed by
 * {@link #key()}. metrics-ingest publishes it; alerting turns it into an alert of ours without evaluating a threshold:
 * {@code FIRING} fires at once, {@code RESOLVED} resolves, {@code NO_DATA} follows the no-data policy of the matching
 * rule. Silences, inhibition, grouping and maintenance windows apply to it as to our own rules.
 *
 * @param origin the system that evaluated it: {@code cloudwatch}, {@code alertmanager}, {@code grafana}
 * @param fingerprint the origin's own stable identity of the alert (an alarm ARN, Alertmanager's fingerprint, or a
 *        hash of the labels when the origin sends none); one alert of one origin keeps it across state changes
 * @param name what people call it: the alarm name, the {@code alertname} label
 * @param severity P1–P4 as mapped by metrics-ingest from the origin's severity label, or null when the origin
 *        gave none (alerting then applies its default)
 * @param labels identifying labels (instance_id, queue_id, namespace, alertname, …); never secrets
 * @param annotations human text: {@code summary}, {@code description}, {@code runbook_url}
 * @param startsAt when the condition started to hold, per the origin
 * @param endsAt when it stopped holding, for a resolved alert (or the origin's expected end)
 * @param value the last value the origin evaluated, when it says so (a CloudWatch alarm's datapoint)
 * @param threshold the origin's threshold, when it says so
 * @param generatorUrl a link back to the origin (the alarm's console page, Prometheus' graph)
 */
public record ExternalAlert(
        String origin,
        String fingerprint,
        String name,
        Status status,
        Severity severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        Double value,
        Double threshold,
        String generatorUrl) {

    /** An external alert's state as its origin reports it. */
    public enum Status {
        /** CloudWatch {@code ALARM}, Alertmanager/Grafana {@code firing}. */
        FIRING,
        /** CloudWatch {@code OK}, Alertmanager/Grafana {@code resolved} (or {@code endsAt} passed). */
        RESOLVED,
        /** CloudWatch {@code INSUFFICIENT_DATA}, Grafana {@code NoData}. */
        NO_DATA
    }

    public ExternalAlert {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The Kafka key: the state changes of one external alert stay in order on one partition. */
    public String key() {
        return origin + "/" + fingerprint;
    }

    /** {@code connectops.external-alert.firing.v1} and its siblings. */
    public static String typeOf(Status status) {
        return "connectops.external-alert." + status.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".v1";
    }

    public String type() {
        return typeOf(status);
    }
}
