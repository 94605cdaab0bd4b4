package io.connectops.ingest.receivers;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.connectops.contracts.ExternalAlert;
import io.connectops.platform.problem.Problem;
import io.connectops.platform.problem.ProblemException;

/**
 * Reads the alerts of Alertmanager's webhook, Grafana's webhook contact point and Alertmanager's
 * {@code POST /api/v2/alerts} as external alerts. Free of persistence and configuration beyond the severity rule and
 * resolve timeout it is given. A payload is read whole or refused whole: one bad alert is a 400 naming its field,
 * and none of the payload is published.
 *
 * <p>Bounds are those alerting stores an external alert with (a record beyond them would be dead-lettered there),
 * and keep one alert well inside a Kafka record.
 */
public final class ReceivedAlerts {

    public static final String ALERTMANAGER = "alertmanager";
    public static final String GRAFANA = "grafana";
    public static final String PROMETHEUS = "prometheus";

    public static final int MAX_ALERTS = 1000;
    public static final int MAX_FINGERPRINT = 500;
    static final int MAX_NAME = 200;
    static final int MAX_LABELS = 64;
    static final int MAX_LABEL = 500;
    static final int MAX_ANNOTATIONS = 32;
    static final int MAX_ANNOTATION = 10_000;
    static final int MAX_SUMMARY = 500;
    static final int MAX_URL = 1000;
    /** Go's zero time, which Alertmanager and Grafana send as the end of an alert that has none yet. */
    static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private ReceivedAlerts() {
    }

    /**
     * One alert as read.
     *
     * @param expiresAt when it resolves unless it is received again (Alertmanager API alerts that fire); null when
     *        its origin tells us when it resolves
     */
    public record Received(ExternalAlert alert, Instant expiresAt) {
    }

    /** The alerts of an Alertmanager ({@code origin} alertmanager) or Grafana ({@code grafana}) webhook. */
    public static List<Received> fromWebhook(String origin, WebhookPayload payload, AlertSeverities severities,
            Instant now) {
        if (payload == null) {
            throw ProblemException.invalid("body", "must not be null");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (ALERTMANAGER.equals(origin) && !"4".equals(payload.version())) {
            errors.add(new Problem.FieldError("version", "must be \"4\", Alertmanager's webhook payload version"));
        }
        if (payload.status() != null && !List.of("firing", "resolved").contains(payload.status())) {
            errors.add(new Problem.FieldError("status", "must be firing or resolved"));
        }
        if (payload.truncatedAlerts() != null && payload.truncatedAlerts() < 0) {
            errors.add(new Problem.FieldError("truncatedAlerts", "must not be negative"));
        }
        List<WebhookPayload.Alert> alerts = payload.alerts();
        checkCount("alerts", alerts, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        List<Received> received = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            String at = "alerts[" + i + "]";
            WebhookPayload.Alert alert = alerts.get(i);
            if (alert == null) {
                errors.add(new Problem.FieldError(at, "must not be null"));
                continue;
            }
            int before = errors.size();
            boolean resolved = "resolved".equals(alert.status());
            if (!resolved && !"firing".equals(alert.status())) {
                errors.add(new Problem.FieldError(at + ".status", "must be firing or resolved"));
            }
            Map<String, String> labels = labels(at, alert.labels(), errors);
            Map<String, String> annotations = annotations(at, alert.annotations(), errors);
            Instant startsAt = time(at + ".startsAt", alert.startsAt(), true, errors);
            Instant endsAt = time(at + ".endsAt", alert.endsAt(), false, errors);
            String generatorUrl = url(at + ".generatorURL", alert.generatorURL(), errors);
            text(at + ".fingerprint", alert.fingerprint(), MAX_FINGERPRINT, errors);
            Double value = null;
            if (GRAFANA.equals(origin)) {
                putUrl(annotations, "silence_url", at + ".silenceURL", alert.silenceURL(), errors);
                putUrl(annotations, "dashboard_url", at + ".dashboardURL", alert.dashboardURL(), errors);
                putUrl(annotations, "panel_url", at + ".panelURL", alert.panelURL(), errors);
                if (text(at + ".valueString", alert.valueString(), MAX_ANNOTATION, errors)) {
                    annotations.put("value_string", alert.valueString());
                }
                value = values(at, alert.values(), annotations, errors);
            }
            if (errors.size() > before) {
                continue;
            }
            if (startsAt == null) {
                startsAt = now;
            }
            // Firing with an end already past is resolved, as Alertmanager itself would have it.
            ExternalAlert.Status status = resolved || (endsAt != null && !endsAt.isAfter(now))
                    ? ExternalAlert.Status.RESOLVED : ExternalAlert.Status.FIRING;
            if (status == ExternalAlert.Status.RESOLVED && endsAt == null) {
                endsAt = now;
            }
            String fingerprint = alert.fingerprint() == null || alert.fingerprint().isBlank() ? fingerprint(labels)
                    : alert.fingerprint();
            received.add(new Received(new ExternalAlert(origin, fingerprint, labels.get("alertname"), status,
                    severities.of(labels), labels, annotations, startsAt, endsAt, value, null, generatorUrl), null));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return received;
    }

    /**
     * The alerts of a {@code POST /api/v2/alerts}, read as Alertmanager reads them: no {@code startsAt} is now (or
     * the end, for an alert that ended), no {@code endsAt} is {@code resolveTimeout} from now, an {@code endsAt} past
     * resolves the alert and one ahead is when it resolves unless posted again.
     */
    public static List<Received> fromPostable(List<PostableAlert> alerts, AlertSeverities severities, Instant now,
            Duration resolveTimeout) {
        List<Problem.FieldError> errors = new ArrayList<>();
        checkCount("body", alerts, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        List<Received> received = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            String at = "[" + i + "]";
            PostableAlert alert = alerts.get(i);
            if (alert == null) {
                errors.add(new Problem.FieldError(at, "must not be null"));
                continue;
            }
            int before = errors.size();
            Map<String, String> labels = labels(at, alert.labels(), errors);
            Map<String, String> annotations = annotations(at, alert.annotations(), errors);
            Instant startsAt = time(at + ".startsAt", alert.startsAt(), false, errors);
            Instant endsAt = time(at + ".endsAt", alert.endsAt(), false, errors);
            String generatorUrl = url(at + ".generatorURL", alert.generatorURL(), errors);
            if (startsAt != null && endsAt != null && endsAt.isBefore(startsAt)) {
                errors.add(new Problem.FieldError(at + ".endsAt", "must not be before startsAt"));
            }
            if (errors.size() > before) {
                continue;
            }
            if (startsAt == null) {
                startsAt = endsAt == null || endsAt.isAfter(now) ? now : endsAt;
            }
            Instant expiresAt = endsAt != null ? endsAt : now.plus(resolveTimeout);
            boolean firing = expiresAt.isAfter(now);
            ExternalAlert.Status status = firing ? ExternalAlert.Status.FIRING : ExternalAlert.Status.RESOLVED;
            received.add(new Received(new ExternalAlert(PROMETHEUS, fingerprint(labels), labels.get("alertname"), status,
                    severities.of(labels), labels, annotations, startsAt, endsAt, null, null, generatorUrl),
                    firing ? expiresAt : null));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return received;
    }

    /**
     * The fingerprint Alertmanager gives an alert of these labels (Prometheus' {@code LabelSet.Fingerprint}: FNV-1a
     * 64 over the labels sorted by name, each name and value followed by byte 255, as 16 hex digits), so that an
     * alert posted here is known by the same fingerprint as in Alertmanager's own UI.
     */
    static String fingerprint(Map<String, String> labels) {
        long hash = 0xcbf29ce484222325L;
        byte[][] names = labels.keySet().stream().map(name -> name.getBytes(StandardCharsets.UTF_8))
                .sorted(Arrays::compareUnsigned).toArray(byte[][]::new);
        for (byte[] name : names) {
            hash = fnv(fnv(hash, name), labels.get(new String(name, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
        }
        return String.format("%016x", hash);
    }

    private static long fnv(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return (hash ^ 0xff) * 0x100000001b3L;
    }

    private static void checkCount(String field, List<?> alerts, List<Problem.FieldError> errors) {
        if (alerts == null || alerts.isEmpty()) {
            // Neither tool sends a request without alerts; one without is a mistake, not a notification.
            errors.add(new Problem.FieldError(field, "must hold at least one alert"));
        } else if (alerts.size() > MAX_ALERTS) {
            errors.add(new Problem.FieldError(field, "at most " + MAX_ALERTS + " alerts a request"));
        }
    }

    private static Map<String, String> labels(String at, Map<String, String> labels, List<Problem.FieldError> errors) {
        if (labels == null || labels.isEmpty()) {
            errors.add(new Problem.FieldError(at + ".labels", "must not be empty"));
            return Map.of();
        }
        if (labels.size() > MAX_LABELS) {
            errors.add(new Problem.FieldError(at + ".labels", "at most " + MAX_LABELS + " labels"));
            return Map.of();
        }
        Map<String, String> checked = new LinkedHashMap<>();
        labels.forEach((name, value) -> {
            if (name.isBlank() || name.length() > MAX_LABEL) {
                errors.add(new Problem.FieldError(at + ".labels", "names must be 1 to " + MAX_LABEL + " characters"));
            } else if (value == null || value.length() > MAX_LABEL) {
                errors.add(new Problem.FieldError(at + ".labels." + name, "must be a text of at most " + MAX_LABEL
                        + " characters"));
            } else {
                checked.put(name, value);
            }
        });
        String name = checked.get("alertname");
        if (name == null || name.isBlank()) {
            errors.add(new Problem.FieldError(at + ".labels.alertname", "must not be blank"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new Problem.FieldError(at + ".labels.alertname", "at most " + MAX_NAME + " characters"));
        }
        return checked;
    }

    private static Map<String, String> annotations(String at, Map<String, String> annotations,
            List<Problem.FieldError> errors) {
        Map<String, String> checked = new LinkedHashMap<>();
        if (annotations == null) {
            return checked;
        }
        if (annotations.size() > MAX_ANNOTATIONS) {
            errors.add(new Problem.FieldError(at + ".annotations", "at most " + MAX_ANNOTATIONS + " annotations"));
            return checked;
        }
        annotations.forEach((name, value) -> {
            int max = switch (name) {
                case "summary" -> MAX_SUMMARY;
                case "runbook_url" -> MAX_URL;
                default -> MAX_ANNOTATION;
            };
            if (name.isBlank() || name.length() > MAX_LABEL) {
                errors.add(new Problem.FieldError(at + ".annotations", "names must be 1 to " + MAX_LABEL
                        + " characters"));
            } else if (value != null && value.length() > max) {
                errors.add(new Problem.FieldError(at + ".annotations." + name, "at most " + max + " characters"));
            } else if (value != null) {
                checked.put(name, value);
            }
        });
        return checked;
    }

    /** Grafana's expression values: one is the alert's value; all go to the {@code values} annotation. */
    private static Double values(String at, Map<String, Double> values, Map<String, String> annotations,
            List<Problem.FieldError> errors) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > MAX_ANNOTATIONS) {
            errors.add(new Problem.FieldError(at + ".values", "at most " + MAX_ANNOTATIONS + " values"));
            return null;
        }
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            if (entry.getValue() == null || !Double.isFinite(entry.getValue())) {
                errors.add(new Problem.FieldError(at + ".values." + entry.getKey(), "must be a finite number"));
                return null;
            }
        }
        annotations.put("values", values.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + BigDecimal.valueOf(entry.getValue()).stripTrailingZeros()
                        .toPlainString())
                .collect(Collectors.joining(", ")));
        return values.size() == 1 ? values.values().iterator().next() : null;
    }

    private static Instant time(String field, String text, boolean required, List<Problem.FieldError> errors) {
        if (text == null || text.isBlank()) {
            if (required) {
                errors.add(new Problem.FieldError(field, "must not be blank"));
            }
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(text).toInstant();
            return instant.equals(GO_ZERO_TIME) ? null : instant;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an RFC 3339 time"));
            return null;
        }
    }

    private static String url(String field, String url, List<Problem.FieldError> errors) {
        return text(field, url, MAX_URL, errors) ? url : null;
    }

    private static void putUrl(Map<String, String> annotations, String name, String field, String url,
            List<Problem.FieldError> errors) {
        if (text(field, url, MAX_URL, errors)) {
            annotations.put(name, url);
        }
    }

    /** Whether {@code text} is given and not blank; adds an error when it is longer than {@code max}. */
    private static boolean text(String field, String text, int max, List<Problem.FieldError> errors) {
        if (text == null || text.isBlank()) {
            return false;
        }
        if (text.length() > max) {
            errors.add(new Problem.FieldError(field, "at most " + max + " characters"));
            return false;
        }
        return true;
    }
}
