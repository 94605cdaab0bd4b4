package io.connectops.ingest.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricDefinition;
import io.connectops.contracts.metrics.MetricOrigin;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.domain.SnsMessage;
import io.connectops.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * CloudWatch alarms delivered by SNS: verifies each message, confirms subscriptions by calling their SubscribeURL,
 * and publishes an alarm's datapoint as a sample of the catalogue metric it is about.
 */
@ApplicationScoped
public class SnsIntakeService {

    private static final Logger LOG = Logger.getLogger(SnsIntakeService.class);
    public static final String SOURCE = "cloudwatch";
    private static final Pattern DATAPOINT = Pattern.compile("\\[([-+0-9.Ee]+) \\(");
    private static final DateTimeFormatter CLOUDWATCH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

    @Inject
    SnsSignatureVerifier verifier;

    @Inject
    SnsTopicAllowList topics;

    @Inject
    MetricPublisher publisher;

    @Inject
    IngestConfig config;

    private Pattern trustedSubscribeUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What the intake did with a message. */
    public record Outcome(String type, int published, String note) {
    }

    @PostConstruct
    void init() {
        trustedSubscribeUrl = Pattern.compile(config.sns().trustedSubscribeUrlPattern());
    }

    public Outcome receive(String body) {
        JsonNode message;
        try {
            message = EventCodec.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("The body is not an SNS message: malformed JSON");
        }
        if (message == null || !message.isObject()) {
            throw ProblemException.badRequest("The body is not an SNS message");
        }
        String type = message.path("Type").asText("");
        if (!List.of("Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation").contains(type)) {
            throw ProblemException.invalid("Type", "must be Notification, SubscriptionConfirmation or UnsubscribeConfirmation");
        }
        // The topic first: a message of a topic that is not ours costs no certificate download and confirms nothing.
        String topic = message.path("TopicArn").asText("");
        topics.refusal(topic).ifPresent(reason -> {
            throw new SnsSignatureVerifier.Rejected(reason);
        });
        verifier.verify(message);
        // After the signature: the Timestamp is one of the signed fields, so it cannot be moved forward.
        checkFresh(message.path("Timestamp").asText(""));
        switch (type) {
            case "SubscriptionConfirmation":
                confirm(message.path("SubscribeURL").asText(""), topic);
                return new Outcome(type, 0, "subscription confirmed");
            case "UnsubscribeConfirmation":
                return new Outcome(type, 0, "unsubscribed; not resubscribing");
            default:
                return notification(message);
        }
    }

    private void checkFresh(String timestamp) {
        Instant sent;
        try {
            sent = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            throw new SnsSignatureVerifier.Rejected("Timestamp is missing or not an ISO-8601 instant");
        }
        if (sent.isBefore(Instant.now().minus(config.sns().replayWindow()))) {
            throw new SnsSignatureVerifier.Rejected("Timestamp " + sent + " is older than the replay window of "
                    + config.sns().replayWindow());
        }
    }

    /** Remembers {@code messageId}; false when it was handled before (SNS redelivers, or someone replays it). */
    private static boolean firstDelivery(String messageId) {
        return SnsMessage.getEntityManager().createNativeQuery("INSERT INTO sns_message (message_id, received_at) "
                + "VALUES (?1, now()) ON CONFLICT (message_id) DO NOTHING")
                .setParameter(1, messageId).executeUpdate() == 1;
    }

    /** MessageIds older than the replay window are forgotten: their messages are refused by Timestamp anyway. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldMessageIds() {
        Instant cutoff = Instant.now().minus(config.sns().replayWindow()).minus(Duration.ofMinutes(5));
        QuarkusTransaction.requiringNew().run(() -> SnsMessage.getEntityManager()
                .createNativeQuery("DELETE FROM sns_message WHERE received_at < ?1")
                .setParameter(1, java.sql.Timestamp.from(cutoff)).executeUpdate());
    }

    private void confirm(String subscribeUrl, String topic) {
        SnsSignatureVerifier.checkTrusted(trustedSubscribeUrl, subscribeUrl, topic, "SubscribeURL");
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(subscribeUrl))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                throw new ProblemException(Status.BAD_GATEWAY, "Bad Gateway",
                        "SNS refused the subscription confirmation with HTTP " + response.statusCode(), null, null);
            }
            LOG.infof("Confirmed the SNS subscription to %s", topic);
        } catch (java.io.IOException e) {
            throw new ProblemException(Status.BAD_GATEWAY, "Bad Gateway", "SNS cannot be reached to confirm", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Status.SERVICE_UNAVAILABLE, "Service Unavailable", "interrupted", null, null);
        }
    }

    private Outcome notification(JsonNode message) {
        JsonNode alarm;
        try {
            alarm = EventCodec.mapper().readTree(message.path("Message").asText(""));
        } catch (JsonProcessingException e) {
            alarm = null;
        }
        if (alarm == null || !alarm.hasNonNull("AlarmName") || !alarm.has("Trigger")) {
            return new Outcome("Notification", 0, "not a CloudWatch alarm; ignored");
        }
        JsonNode trigger = alarm.path("Trigger");
        JsonNode metric = trigger;
        if (!trigger.hasNonNull("MetricName")) {
            // A metric-math alarm: its metrics are listed with MetricStat; the returned one carries the datapoint.
            metric = null;
            for (JsonNode candidate : trigger.path("Metrics")) {
                if (candidate.has("MetricStat") && (metric == null || candidate.path("ReturnData").asBoolean(false))) {
                    metric = candidate.path("MetricStat").path("Metric");
                }
            }
        }
        if (metric == null) {
            return new Outcome("Notification", 0, "alarm on an expression without a metric; ignored");
        }
        String namespace = metric.path("Namespace").asText("");
        String metricName = metric.path("MetricName").asText("");
        Optional<MetricDefinition> definition = MetricCatalogue.bySourceName(MetricOrigin.CLOUDWATCH,
                namespace + "/" + metricName);
        if (definition.isEmpty()) {
            return new Outcome("Notification", 0, namespace + "/" + metricName + " is not in the catalogue; ignored");
        }
        Map<String, String> dimensions = new HashMap<>();
        for (JsonNode dimension : metric.path("Dimensions")) {
            String name = dimension.has("name") ? dimension.path("name").asText() : dimension.path("Name").asText();
            String value = dimension.has("value") ? dimension.path("value").asText() : dimension.path("Value").asText();
            dimensions.put(name, value);
        }
        String state = alarm.path("NewStateValue").asText("");
        Map<String, String> labels = new HashMap<>();
        labels.put("alarm_name", alarm.path("AlarmName").asText());
        labels.put("alarm_state", state);
        labels.put("previous_alarm_state", alarm.path("OldStateValue").asText(""));
        labels.put("namespace", namespace);
        labels.put("cloudwatch_metric", metricName);
        if (trigger.hasNonNull("Threshold")) {
            labels.put("threshold", trigger.path("Threshold").asText());
        }
        dimensions.forEach((name, value) -> labels.put("dimension_" + name.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(), value));
        String instance = dimensions.getOrDefault("InstanceId", firstOf(dimensions, "FunctionName", "BotId", "TableName"));
        String scope = dimensions.containsKey("QueueName") ? dimensions.get("QueueName")
                : dimensions.containsKey("ContactFlowName") ? "flow:" + dimensions.get("ContactFlowName") : null;
        MetricSample sample = new MetricSample(SOURCE, instance, scope, null, null, definition.get().name(),
                "INSUFFICIENT_DATA".equals(state) ? null : datapoint(alarm.path("NewStateReason").asText("")),
                definition.get().unit().name(), stateChangeTime(alarm.path("StateChangeTime").asText("")), labels);
        String messageId = message.path("MessageId").asText("");
        if (messageId.isBlank()) {
            throw ProblemException.invalid("MessageId", "is required");
        }
        if (!storable(sample)) {
            // CloudWatch dimension values run to 1,024 characters: such a series cannot be stored, here or in alerting.
            return new Outcome("Notification", 0, "the alarm's dimensions make a series that cannot be stored; ignored");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!firstDelivery(messageId)) {
                return new Outcome("Notification", 0, "message " + messageId + " was handled before; not published again");
            }
            publisher.publish(List.of(sample), MetricPublisher.Ids.PER_SERIES_AND_TIME, MetricOrigin.CLOUDWATCH);
            return new Outcome("Notification", 1, null);
        });
    }

    /** Whether the sample fits the columns it is written to (series key, instance and queue ids), without NUL. */
    private static boolean storable(MetricSample sample) {
        return sample.seriesKey().length() <= MetricPushService.MAX_SERIES_KEY
                && (sample.instanceId() == null || sample.instanceId().length() <= 200)
                && (sample.queueId() == null || sample.queueId().length() <= 200)
                && sample.seriesKey().chars().noneMatch(c -> c < 0x20);
    }

    private static String firstOf(Map<String, String> dimensions, String... names) {
        for (String name : names) {
            if (dimensions.containsKey(name)) {
                return dimensions.get(name);
            }
        }
        return null;
    }

    /** The datapoint CloudWatch quotes in the state reason: "... datapoints [185.0 (18/11/24 03:20:00)] ...". */
    static Double datapoint(String reason) {
        Matcher matcher = DATAPOINT.matcher(reason);
        if (!matcher.find()) {
            return null;
        }
        try {
            return Double.valueOf(matcher.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Instant stateChangeTime(String text) {
        try {
            return OffsetDateTime.parse(text, CLOUDWATCH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                return Instant.now();
            }
        }
    }
}
