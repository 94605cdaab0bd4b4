package io.connectops.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds SNS HTTP deliveries (Notification, SubscriptionConfirmation) signed the way SNS signs them, with the
 * simulator's test certificate, which it serves at {@value #CERT_PATH}. Signature version 1 is SHA1withRSA, version
 * 2 SHA256withRSA, over the documented "name\nvalue\n" string of the message's fields.
 */
public final class SnsMessages {

    public static final String CERT_PATH = "/sns/SimpleNotificationService-test.pem";
    public static final String CONFIRM_PATH = "/sns/confirm";
    public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:connect-alarms";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final PrivateKey key;

    public SnsMessages(String baseUrl) {
        this.baseUrl = baseUrl;
        this.key = loadKey();
    }

    public static String certificatePem() {
        return resource("/sns/test-signing-cert.pem");
    }

    public String certificateUrl() {
        return baseUrl + CERT_PATH;
    }

    /** A signed Notification carrying {@code message} (for alarms: the alarm JSON, as a string). */
    public String notification(String subject, String message, int signatureVersion) {
        return notification(subject, message, signatureVersion, Instant.now(), UUID.randomUUID().toString());
    }

    /** A signed Notification sent at {@code timestamp} with {@code messageId}: an old one, or a redelivery. */
    public String notification(String subject, String message, int signatureVersion, Instant timestamp,
            String messageId) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Type", "Notification");
        fields.put("MessageId", messageId);
        fields.put("TopicArn", TOPIC_ARN);
        if (subject != null) {
            fields.put("Subject", subject);
        }
        fields.put("Message", message);
        fields.put("Timestamp", timestamp.truncatedTo(ChronoUnit.MILLIS).toString());
        fields.put("UnsubscribeURL", baseUrl + "/sns/unsubscribe?SubscriptionArn=" + TOPIC_ARN + ":sub");
        return sign(fields, signatureVersion, "Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type");
    }

    /** A signed SubscriptionConfirmation whose SubscribeURL is the simulator's confirm endpoint. */
    public String subscriptionConfirmation(String token, int signatureVersion) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Type", "SubscriptionConfirmation");
        fields.put("MessageId", UUID.randomUUID().toString());
        fields.put("Token", token);
        fields.put("TopicArn", TOPIC_ARN);
        fields.put("Message", "You have chosen to subscribe to the topic " + TOPIC_ARN + ".");
        fields.put("SubscribeURL", baseUrl + CONFIRM_PATH + "?Token=" + token);
        fields.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        return sign(fields, signatureVersion, "Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn",
                "Type");
    }

    /** A CloudWatch alarm state change as SNS carries it in {@code Message}. */
    public static String alarmMessage(String alarmName, String namespace, String metricName, String newState,
            String oldState, double datapoint, double threshold, Map<String, String> dimensions) {
        ObjectNode alarm = JSON.createObjectNode();
        alarm.put("AlarmName", alarmName);
        alarm.put("AlarmDescription", "Simulated alarm");
        alarm.put("AWSAccountId", SimulatedInstance.ACCOUNT);
        alarm.put("NewStateValue", newState);
        alarm.put("NewStateReason", "Threshold Crossed: 1 out of the last 1 datapoints [" + datapoint
                + " (18/11/24 03:20:00)] was greater than or equal to the threshold (" + threshold
                + ") (minimum 1 datapoint for OK -> ALARM transition).");
        alarm.put("StateChangeTime", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx")
                .format(Instant.now().atOffset(ZoneOffset.UTC)));
        alarm.put("Region", "US East (N. Virginia)");
        alarm.put("AlarmArn", "arn:aws:cloudwatch:us-east-1:" + SimulatedInstance.ACCOUNT + ":alarm:" + alarmName);
        alarm.put("OldStateValue", oldState);
        ObjectNode trigger = alarm.putObject("Trigger");
        trigger.put("MetricName", metricName);
        trigger.put("Namespace", namespace);
        trigger.put("StatisticType", "Statistic");
        trigger.put("Statistic", "MAXIMUM");
        trigger.putNull("Unit");
        var dims = trigger.putArray("Dimensions");
        dimensions.forEach((name, value) -> dims.addObject().put("value", value).put("name", name));
        trigger.put("Period", 60);
        trigger.put("EvaluationPeriods", 1);
        trigger.put("ComparisonOperator", "GreaterThanOrEqualToThreshold");
        trigger.put("Threshold", threshold);
        trigger.put("TreatMissingData", "missing");
        trigger.put("EvaluateLowSampleCountPercentile", "");
        return alarm.toString();
    }

    private String sign(Map<String, String> fields, int signatureVersion, String... signedFields) {
        StringBuilder text = new StringBuilder();
        for (String name : signedFields) {
            String value = fields.get(name);
            if (value != null) {
                text.append(name).append('\n').append(value).append('\n');
            }
        }
        try {
            Signature signer = Signature.getInstance(signatureVersion == 1 ? "SHA1withRSA" : "SHA256withRSA");
            signer.initSign(key);
            signer.update(text.toString().getBytes(StandardCharsets.UTF_8));
            ObjectNode message = JSON.createObjectNode();
            fields.forEach(message::put);
            message.put("SignatureVersion", String.valueOf(signatureVersion));
            message.put("Signature", Base64.getEncoder().encodeToString(signer.sign()));
            message.put("SigningCertURL", certificateUrl());
            return message.toString();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign the SNS message", e);
        }
    }

    private static PrivateKey loadKey() {
        String pem = resource("/sns/test-signing-key.pk8.pem")
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the simulator's SNS test key", e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = SnsMessages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
