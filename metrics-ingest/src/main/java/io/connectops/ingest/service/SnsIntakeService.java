package io.connectops.ingest.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.contracts.EventCodec;
import io.connectops.contracts.ExternalAlert;
import io.connectops.ingest.alarms.AlarmSeverity;
import io.connectops.ingest.alarms.CloudWatchAlarms;
import io.connectops.ingest.config.IngestConfig;
import io.connectops.ingest.domain.SnsMessage;
import io.connectops.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * CloudWatch alarms delivered by SNS: verifies each message, confirms subscriptions by calling their SubscribeURL,
 * and publishes each alarm state change as an external alert.
 */
@ApplicationScoped
public class SnsIntakeService {

    private static final Logger LOG = Logger.getLogger(SnsIntakeService.class);

    @Inject
    SnsSignatureVerifier verifier;

    @Inject
    SnsTopicAllowList topics;

    @Inject
    MetricPublisher publisher;

    @Inject
    IngestConfig config;

    private Pattern trustedSubscribeUrl;
    private AlarmSeverity severities;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What the intake did with a message. */
    public record Outcome(String type, int published, String note) {
    }

    @PostConstruct
    void init() {
        trustedSubscribeUrl = Pattern.compile(config.sns().trustedSubscribeUrlPattern());
        severities = new AlarmSeverity(config.alarms().severityByNamePrefix(), config.alarms().severityFromDescription());
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
                .setParameter(1, Timestamp.from(cutoff)).executeUpdate());
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
        } catch (IOException e) {
            throw new ProblemException(Status.BAD_GATEWAY, "Bad Gateway", "SNS cannot be reached to confirm", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Status.SERVICE_UNAVAILABLE, "Service Unavailable", "interrupted", null, null);
        }
    }

    /**
     * A CloudWatch alarm state change becomes one external alert (FIRING, RESOLVED, NO_DATA), published once per
     * MessageId. No sample is made of it: CloudWatch sends one message per state change, so its datapoint is no
     * series a rule could evaluate; the metrics themselves are polled ({@code CloudWatchPoller}).
     */
    private Outcome notification(JsonNode message) {
        JsonNode alarm;
        try {
            alarm = EventCodec.mapper().readTree(message.path("Message").asText(""));
        } catch (JsonProcessingException e) {
            alarm = null;
        }
        Optional<ExternalAlert> alert = CloudWatchAlarms.toExternalAlert(alarm, severities, Instant.now());
        if (alert.isEmpty()) {
            return new Outcome("Notification", 0, "not a CloudWatch alarm state change; ignored");
        }
        String messageId = message.path("MessageId").asText("");
        if (messageId.isBlank()) {
            throw ProblemException.invalid("MessageId", "is required");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!firstDelivery(messageId)) {
                return new Outcome("Notification", 0, "message " + messageId + " was handled before; not published again");
            }
            publisher.publishExternalAlert(alert.get(), alert.get().startsAt());
            return new Outcome("Notification", 1, null);
        });
    }
}
