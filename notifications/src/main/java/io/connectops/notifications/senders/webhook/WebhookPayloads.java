package io.connectops.notifications.senders.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.IncidentEvent;
import io.connectops.notifications.content.AlertGroup;
import io.connectops.notifications.content.MessageContent;
import io.connectops.notifications.senders.SendJob;

/**
 * The three bodies a WEBHOOK channel can send, built from a job alone (no I/O): our own, our CloudEvents JSON, and
 * Alertmanager's webhook payload version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 */
public final class WebhookPayloads {

    /** The setting that caps the alerts of an {@code alertmanager} request (Alertmanager's {@code max_alerts}). */
    public static final String MAX_ALERTS = "maxAlerts";

    /** Alertmanager's {@code endsAt} of an alert that is still firing: Go's zero time. */
    public static final String STILL_FIRING = "0001-01-01T00:00:00Z";

    static final String TEST_TYPE = "connectops.notification.test.v1";

    /** An incident in one of these statuses is over: Alertmanager receivers see it resolved (reopened: firing). */
    private static final Set<String> ENDED_STATUSES = Set.of("RESOLVED", "POST_INCIDENT", "CLOSED", "CANCELLED");
    /** Changes that end an incident, for an event without a status. */
    private static final Set<IncidentEvent.Change> ENDED = Set.of(IncidentEvent.Change.RESOLVED,
            IncidentEvent.Change.CLOSED, IncidentEvent.Change.CANCELLED);

    private WebhookPayloads() {
    }

    public static Object body(WebhookFormat format, SendJob job) {
        return switch (format) {
            case CONNECTOPS -> connectops(job);
            case CLOUDEVENTS -> cloudEvent(job);
            case ALERTMANAGER -> alertmanager(job);
        };
    }

    /** Today's body, unchanged for channels without a format. */
    static Map<String, Object> connectops(SendJob job) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", job.deliveryId() == null ? null : job.deliveryId().toString());
        body.put("eventId", job.eventId());
        body.put("eventType", type(job));
        body.put("message", job.content());
        body.put("event", job.event());
        return body;
    }

    /**
     * The event as it was on its topic: id, source and type of the original event, so a receiver deduplicates on
     * {@code id} across channels. A channel test is an event of its own with the message as data.
     */
    static CloudEvent<Object> cloudEvent(SendJob job) {
        String type = type(job);
        String id = job.eventId() == null ? UUID.randomUUID().toString() : job.eventId();
        Instant time = job.eventTime() == null ? Instant.now() : job.eventTime();
        Object data = job.event() == null ? job.content() : job.event();
        return CloudEvent.of(id, sourceOf(type), type, subjectOf(job), time, data);
    }

    /** The service whose event it is, by the type's spelling ({@code connectops.<what>.…}). */
    static String sourceOf(String type) {
        if (type.startsWith("connectops.alert.")) {
            return EventSources.ALERTING;
        }
        if (type.startsWith("connectops.incident.")) {
            return EventSources.INCIDENTS;
        }
        if (type.startsWith("connectops.schedule.") || type.startsWith("connectops.ops-task.")
                || type.startsWith("connectops.maintenance.")) {
            return EventSources.SCHEDULING;
        }
        return EventSources.NOTIFICATIONS;
    }

    private static String subjectOf(SendJob job) {
        String key = job.threadKey();
        int colon = key == null ? -1 : key.indexOf(':');
        return colon < 0 ? key : key.substring(colon + 1);
    }

    /**
     * One notification as Alertmanager sends it: a group of one alert. An alert keeps its labels (plus
     * {@code alertname} = rule name and {@code severity} = P1…P4) and fingerprint; an incident becomes an alert
     * named after its title, labelled with its reference, id, severity and queues, firing until it is resolved.
     */
    static Map<String, Object> alertmanager(SendJob job) {
        if (job.event() instanceof AlertEvent event && job.conversation() != null
                && job.conversation().group() != null) {
            return alertmanagerGroup(job, event, job.conversation().group());
        }
        Map<String, Object> alert;
        String groupKey;
        Map<String, String> groupLabels;
        String externalUrl = "";
        if (job.event() instanceof AlertEvent event) {
            alert = alertOf(event);
            groupKey = event.groupKey() == null ? "{}:{alertname=\"" + event.ruleName() + "\"}" : event.groupKey();
            groupLabels = label("alertname", event.ruleName());
        } else if (job.event() instanceof IncidentEvent event) {
            alert = alertOf(event);
            groupKey = "{}:{incident=\"" + event.reference() + "\"}";
            groupLabels = label("incident", event.reference());
            externalUrl = originOf(event.url());
        } else {
            alert = alertOf(job);
            groupKey = "{}:{alertname=\"" + type(job) + "\"}";
            groupLabels = label("alertname", type(job));
        }
        return message(job, groupKey, groupLabels, externalUrl, new ArrayList<>(List.of(alert)));
    }

    /**
     * A notification of an alert group as Alertmanager sends it: the group's alerts now, those firing and those
     * resolved since the group began to fire; {@code groupLabels} the labels of the group key
     * ({@code {}:{queue="billing"}}); the rest as {@link #message} makes it.
     */
    static Map<String, Object> alertmanagerGroup(SendJob job, AlertEvent event, AlertGroup group) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        group.firing().forEach(alert -> alerts.add(alertOf(alert)));
        group.resolved().forEach(alert -> alerts.add(alertOf(alert)));
        if (alerts.isEmpty()) {
            alerts.add(alertOf(event));
        }
        Map<String, String> groupLabels = groupLabels(event.groupKey());
        return message(job, event.groupKey() == null ? "{}:{alertname=\"" + event.ruleName() + "\"}" : event.groupKey(),
                groupLabels != null ? groupLabels : label("alertname", event.ruleName()), "", alerts);
    }

    /**
     * The message around a notification's alerts as Alertmanager's webhook notifier builds it: the alerts in
     * Alertmanager's order ({@link #ALERTMANAGER_ORDER}), cut to the channel's {@code maxAlerts} (its
     * {@code truncateAlerts}: the first ones are kept, {@code truncatedAlerts} counts the rest), and {@code status},
     * {@code commonLabels}, {@code commonAnnotations} taken from the alerts kept, as its template data is.
     */
    private static Map<String, Object> message(SendJob job, String groupKey, Map<String, String> groupLabels,
            String externalUrl, List<Map<String, Object>> alerts) {
        alerts.sort(ALERTMANAGER_ORDER);
        int maxAlerts = maxAlerts(job.channel().setting(MAX_ALERTS));
        int truncated = 0;
        if (maxAlerts > 0 && alerts.size() > maxAlerts) {
            truncated = alerts.size() - maxAlerts;
            alerts = alerts.subList(0, maxAlerts);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "4");
        body.put("groupKey", groupKey);
        body.put("truncatedAlerts", truncated);
        body.put("status", alerts.stream().anyMatch(alert -> "firing".equals(alert.get("status"))) ? "firing"
                : "resolved");
        body.put("receiver", job.channel().name());
        body.put("groupLabels", groupLabels);
        body.put("commonLabels", common(alerts, "labels"));
        body.put("commonAnnotations", common(alerts, "annotations"));
        body.put("externalURL", externalUrl);
        body.put("alerts", List.copyOf(alerts));
        return body;
    }

    /**
     * The channel's {@code maxAlerts} setting: Alertmanager's {@code max_alerts}, the most alerts one request lists
     * (0, or no setting: all of them); -1 when the setting is not a whole number from 0 to {@value Integer#MAX_VALUE}.
     */
    public static int maxAlerts(String setting) {
        if (setting == null || setting.isBlank()) {
            return 0;
        }
        String digits = setting.trim();
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Alertmanager's order of a notification's alerts ({@code types.AlertSlice}, sorted stably before each flush):
     * by label {@code job}, then {@code instance} (an alert with the label before one without), then by the whole
     * label set ({@code model.LabelSet.Before}: fewer labels first, else the first differing pair in label name order,
     * a missing label first). Strings compare as Go compares them, byte by byte in UTF-8.
     */
    @SuppressWarnings("unchecked")
    static final Comparator<Map<String, Object>> ALERTMANAGER_ORDER = (left, right) -> {
        Map<String, String> a = (Map<String, String>) left.get("labels");
        Map<String, String> b = (Map<String, String>) right.get("labels");
        for (String label : List.of("job", "instance")) {
            String x = a.get(label);
            String y = b.get(label);
            if (x == null && y == null) {
                continue;
            }
            if (x == null || y == null) {
                return x == null ? 1 : -1;
            }
            int order = goOrder(x, y);
            if (order != 0) {
                return order;
            }
        }
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        TreeSet<String> names = new TreeSet<>(WebhookPayloads::goOrder);
        names.addAll(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) {
            String x = a.get(name);
            String y = b.get(name);
            if (x == null || y == null) {
                return x == null ? -1 : 1;
            }
            int order = goOrder(x, y);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    };

    private static int goOrder(String left, String right) {
        return Arrays.compareUnsigned(left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8));
    }

    /** The label pairs of an Alertmanager-style group key, {@code {<route>}:{a="1", b="2"}}, or null for another key. */
    static Map<String, String> groupLabels(String groupKey) {
        if (groupKey == null || !groupKey.endsWith("}")) {
            return null;
        }
        int open = groupKey.lastIndexOf(":{");
        if (open < 0) {
            return null;
        }
        String pairs = groupKey.substring(open + 2, groupKey.length() - 1);
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher matcher = LABEL_PAIR.matcher(pairs);
        int at = 0;
        while (matcher.find() && matcher.start() == at) {
            labels.put(matcher.group(1), matcher.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
            at = matcher.end();
        }
        return at == pairs.length() ? labels : null;
    }

    /** {@code name="value"} followed by a comma (and blanks) or the end; values may hold escaped quotes. */
    private static final Pattern LABEL_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(?:,\\s*|$)");

    /** The pairs of {@code field} (labels, annotations) that every alert has, in the first alert's order. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> common(List<Map<String, Object>> alerts, String field) {
        Map<String, String> common = new LinkedHashMap<>((Map<String, String>) alerts.get(0).get(field));
        for (Map<String, Object> alert : alerts.subList(1, alerts.size())) {
            Map<String, String> pairs = (Map<String, String>) alert.get(field);
            common.entrySet().removeIf(pair -> !pair.getValue().equals(pairs.get(pair.getKey())));
        }
        return common;
    }

    private static Map<String, Object> alertOf(AlertEvent event) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", event.ruleName());
        labels.putAll(event.labels());
        labels.put("severity", event.severity().name());
        Map<String, String> annotations = new LinkedHashMap<>();
        putIfPresent(annotations, "summary", event.summary());
        putIfPresent(annotations, "description", event.description());
        putIfPresent(annotations, "runbook_url", event.runbookUrl());
        boolean resolved = event.state() == AlertEvent.State.RESOLVED;
        Instant endsAt = resolved ? (event.endsAt() == null ? Instant.now() : event.endsAt()) : null;
        return alert(resolved, labels, annotations, event.startsAt(), endsAt, "", event.fingerprint());
    }

    private static Map<String, Object> alertOf(IncidentEvent event) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", event.title());
        labels.put("incident", event.reference());
        labels.put("incident_id", event.incidentId());
        labels.put("severity", event.severity().name());
        if (!event.queues().isEmpty()) {
            labels.put("queue", String.join(",", event.queues()));
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        putIfPresent(annotations, "summary", event.title());
        putIfPresent(annotations, "description", event.impact());
        annotations.put("change", event.change().name());
        putIfPresent(annotations, "status", event.status());
        putIfPresent(annotations, "message", event.message());
        putIfPresent(annotations, "commander", event.commander());
        if (event.change() == IncidentEvent.Change.ESCALATED) {
            annotations.put("escalation_level", Integer.toString(event.escalationLevel()));
            putIfPresent(annotations, "escalation_target", event.escalationTarget());
        }
        boolean resolved = event.status() == null ? ENDED.contains(event.change())
                : ENDED_STATUSES.contains(event.status().toUpperCase(Locale.ROOT));
        Instant at = event.occurredAt() == null ? Instant.now() : event.occurredAt();
        return alert(resolved, labels, annotations, at, resolved ? at : null, event.url() == null ? "" : event.url(),
                fingerprint("incident:" + event.incidentId()));
    }

    /** A schedule, task, maintenance window, digest or test: one alert named after the event type. */
    private static Map<String, Object> alertOf(SendJob job) {
        MessageContent content = job.content();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", type(job));
        if (content != null && content.severity() != null) {
            labels.put("severity", content.severity().name());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        if (content != null) {
            putIfPresent(annotations, "summary", content.headline());
            putIfPresent(annotations, "description", content.statusLine());
        }
        Instant at = job.eventTime() == null ? Instant.now() : job.eventTime();
        String link = content == null || content.link() == null ? "" : content.link();
        return alert(false, labels, annotations, at, null, link,
                fingerprint(job.threadKey() == null ? type(job) : job.threadKey()));
    }

    private static Map<String, Object> alert(boolean resolved, Map<String, String> labels,
            Map<String, String> annotations, Instant startsAt, Instant endsAt, String generatorUrl,
            String fingerprint) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("status", resolved ? "resolved" : "firing");
        alert.put("labels", labels);
        alert.put("annotations", annotations);
        alert.put("startsAt", (startsAt == null ? Instant.now() : startsAt).toString());
        alert.put("endsAt", endsAt == null ? STILL_FIRING : endsAt.toString());
        alert.put("generatorURL", generatorUrl);
        alert.put("fingerprint", fingerprint);
        return alert;
    }

    /** 16 hex digits, the length of Alertmanager's own fingerprints. */
    static String fingerprint(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String originOf(String url) {
        if (url == null) {
            return "";
        }
        try {
            URI uri = URI.create(url);
            return uri.getScheme() == null || uri.getRawAuthority() == null ? ""
                    : uri.getScheme() + "://" + uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Map<String, String> label(String name, String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(name, value == null ? "" : value);
        return labels;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    private static String type(SendJob job) {
        return job.eventType() == null ? TEST_TYPE : job.eventType();
    }
}
