package io.connectops.ingest.alarms;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.contracts.ExternalAlert;

/**
 * Reads a CloudWatch alarm state change (the JSON that SNS carries in {@code Message}) as one external alert: the
 * alarm was evaluated by CloudWatch already, so its state is the alert's state and no sample is made of it. Free of
 * persistence and of configuration beyond the severity rule it is given.
 */
public final class CloudWatchAlarms {

    public static final String ORIGIN = "cloudwatch";
    /** Labels and annotations are bounded like the rest of our labels; CloudWatch allows 1,024 characters. */
    static final int MAX_TEXT = 1024;
    private static final Pattern DATAPOINT = Pattern.compile("\\[([-+0-9.Ee]+) \\(");
    private static final DateTimeFormatter CLOUDWATCH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");
    private static final Pattern ALARM_ARN = Pattern.compile("^arn:[^:]+:cloudwatch:([^:]*):([^:]*):alarm:.+$");

    private CloudWatchAlarms() {
    }

    /** The alert an alarm notification says, or empty when {@code alarm} is not a CloudWatch alarm state change. */
    public static Optional<ExternalAlert> toExternalAlert(JsonNode alarm, AlarmSeverity severities, Instant receivedAt) {
        if (alarm == null || !alarm.isObject() || !alarm.hasNonNull("AlarmName") || !alarm.hasNonNull("AlarmArn")) {
            return Optional.empty();
        }
        ExternalAlert.Status status = statusOf(alarm.path("NewStateValue").asText(""));
        if (status == null) {
            return Optional.empty();
        }
        String name = bounded(alarm.path("AlarmName").asText());
        String arn = alarm.path("AlarmArn").asText();
        String description = alarm.path("AlarmDescription").isTextual() ? alarm.path("AlarmDescription").asText() : null;
        Instant changedAt = stateChangeTime(alarm.path("StateChangeTime").asText(""), receivedAt);
        JsonNode trigger = alarm.path("Trigger");

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", name);
        Matcher arnParts = ALARM_ARN.matcher(arn);
        if (arnParts.matches()) {
            labels.put("region", arnParts.group(1));
            labels.put("account_id", arnParts.group(2));
        }
        JsonNode metric = metricOf(trigger);
        if (metric != null) {
            labels.put("namespace", bounded(metric.path("Namespace").asText("")));
            labels.put("metric_name", bounded(metric.path("MetricName").asText("")));
            for (JsonNode dimension : metric.path("Dimensions")) {
                // SNS writes dimensions with lower-case keys; the API's own shape has Name/Value.
                String dimensionName = dimension.has("name") ? dimension.path("name").asText() : dimension.path("Name").asText();
                String value = dimension.has("value") ? dimension.path("value").asText() : dimension.path("Value").asText();
                if (!dimensionName.isBlank()) {
                    labels.putIfAbsent(labelOf(dimensionName), bounded(value));
                }
            }
        }
        labels.values().removeIf(String::isBlank);

        Map<String, String> annotations = new LinkedHashMap<>();
        if (description != null && !description.isBlank()) {
            annotations.put("description", bounded(description));
        }
        String reason = alarm.path("NewStateReason").asText("");
        if (!reason.isBlank()) {
            annotations.put("summary", bounded(reason));
        }
        annotations.put("previous_state", alarm.path("OldStateValue").asText(""));
        annotations.put("state", alarm.path("NewStateValue").asText());
        annotations.values().removeIf(String::isBlank);

        Double threshold = trigger.path("Threshold").isNumber() ? trigger.path("Threshold").asDouble() : null;
        Double value = status == ExternalAlert.Status.NO_DATA ? null : datapoint(reason);
        return Optional.of(new ExternalAlert(ORIGIN, arn, name, status, severities.of(name, description).orElse(null),
                labels, annotations, changedAt, status == ExternalAlert.Status.RESOLVED ? changedAt : null, value,
                threshold, consoleUrl(labels.get("region"), name)));
    }

    static ExternalAlert.Status statusOf(String state) {
        switch (state) {
            case "ALARM":
                return ExternalAlert.Status.FIRING;
            case "OK":
                return ExternalAlert.Status.RESOLVED;
            case "INSUFFICIENT_DATA":
                return ExternalAlert.Status.NO_DATA;
            default:
                return null;
        }
    }

    /**
     * The metric the alarm watches: the trigger itself for a metric alarm; for a metric-math alarm the metric it
     * returns, or the only metric its expression reads; null for an expression over several metrics.
     */
    static JsonNode metricOf(JsonNode trigger) {
        if (trigger.hasNonNull("MetricName")) {
            return trigger;
        }
        JsonNode only = null;
        int read = 0;
        for (JsonNode candidate : trigger.path("Metrics")) {
            if (!candidate.has("MetricStat")) {
                continue;
            }
            if (candidate.path("ReturnData").asBoolean(false)) {
                return candidate.path("MetricStat").path("Metric");
            }
            only = candidate.path("MetricStat").path("Metric");
            read++;
        }
        return read == 1 ? only : null;
    }

    /** {@code InstanceId} → {@code instance_id}, {@code QueueName} → {@code queue_name}, {@code Instance ID} → {@code instance_id}. */
    static String labelOf(String dimension) {
        String snake = dimension.trim().replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_");
        return snake.toLowerCase(Locale.ROOT).replaceAll("^_+|_+$", "");
    }

    /** The datapoint CloudWatch quotes in the state reason: "... datapoints [185.0 (18/11/24 03:20:00)] ...". */
    static Double datapoint(String reason) {
        Matcher matcher = DATAPOINT.matcher(reason);
        if (!matcher.find()) {
            return null;
        }
        try {
            double value = Double.parseDouble(matcher.group(1));
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** CloudWatch writes {@code 2024-11-18T03:21:07.123+0000}; an unreadable time is the time the message came. */
    static Instant stateChangeTime(String text, Instant fallback) {
        try {
            return OffsetDateTime.parse(text, CLOUDWATCH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                return fallback;
            }
        }
    }

    private static String consoleUrl(String region, String alarmName) {
        if (region == null || !region.matches("[a-z]{2}(-gov)?-[a-z]+-[0-9]{1,2}")) {
            return null;
        }
        return "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region=" + region + "#alarmsV2:alarm/"
                + URLEncoder.encode(alarmName, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String bounded(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }
}
