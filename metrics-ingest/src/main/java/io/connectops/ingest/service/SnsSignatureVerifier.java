package io.connectops.ingest.service;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.ingest.config.IngestConfig;

/**
 * Checks an SNS message the way AWS documents it: the certificate comes only from a trusted SNS URL (by default
 * {@code https://sns.<region>.amazonaws.com/SimpleNotificationService-<32 hex>.pem}, in the topic's Region), and its key
 * must verify the signature (version 1: SHA1withRSA, version 2: SHA256withRSA) over the message's fields, each
 * written as "name\nvalue\n" in the documented order.
 */
@ApplicationScoped
public class SnsSignatureVerifier {

    private static final List<String> NOTIFICATION_FIELDS = List.of("Message", "MessageId", "Subject", "Timestamp",
            "TopicArn", "Type");
    private static final List<String> SUBSCRIPTION_FIELDS = List.of("Message", "MessageId", "SubscribeURL", "Timestamp",
            "Token", "TopicArn", "Type");
    private static final int MAX_CACHED_CERTIFICATES = 100;

    @Inject
    IngestConfig config;

    private Pattern trustedCertUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

    /** Why a message was refused; the intake answers 403 and publishes nothing. */
    public static final class Rejected extends RuntimeException {
        public Rejected(String reason) {
            super(reason);
        }
    }

    @PostConstruct
    void init() {
        trustedCertUrl = Pattern.compile(config.sns().trustedCertUrlPattern());
    }

    public void verify(JsonNode message) {
        String type = message.path("Type").asText();
        List<String> fields = "Notification".equals(type) ? NOTIFICATION_FIELDS : SUBSCRIPTION_FIELDS;
        String algorithm = algorithm(message.path("SignatureVersion").asText(),
                config.sns().acceptSignatureVersion1());
        String certUrl = message.hasNonNull("SigningCertURL") ? message.path("SigningCertURL").asText()
                : message.path("SigningCertUrl").asText("");
        checkTrusted(trustedCertUrl, certUrl, message.path("TopicArn").asText(""), "SigningCertURL");
        StringBuilder signed = new StringBuilder();
        for (String field : fields) {
            JsonNode value = message.get(field);
            if (value != null && !value.isNull()) {
                signed.append(field).append('\n').append(value.asText()).append('\n');
            }
        }
        try {
            byte[] signature = Base64.getDecoder().decode(message.path("Signature").asText(""));
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate(certUrl));
            verifier.update(signed.toString().getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(signature)) {
                throw new Rejected("signature does not match the message");
            }
        } catch (Rejected e) {
            throw e;
        } catch (Exception e) {
            throw new Rejected("signature cannot be verified: " + e.getClass().getSimpleName());
        }
    }

    static String algorithm(String version, boolean acceptVersion1) {
        if ("2".equals(version)) {
            return "SHA256withRSA";
        }
        if ("1".equals(version)) {
            if (!acceptVersion1) {
                throw new Rejected("SignatureVersion 1 (SHA1) is not accepted: set the topic's SignatureVersion to 2");
            }
            return "SHA1withRSA";
        }
        throw new Rejected("unsupported SignatureVersion");
    }

    /**
     * Refuses {@code url} (field {@code field} of a message from {@code topicArn}) unless it matches {@code trusted}
     * and, when the pattern has a group {@code region}, is in the topic's Region: a certificate or confirmation URL
     * of another Region is not that topic's. Checked before anything is fetched.
     */
    static void checkTrusted(Pattern trusted, String url, String topicArn, String field) {
        Matcher matcher = trusted.matcher(url);
        if (!matcher.matches()) {
            throw new Rejected(field + " is not a trusted SNS " + ("SubscribeURL".equals(field) ? "URL"
                    : "certificate URL"));
        }
        if (trusted.pattern().contains("(?<region>")) {
            String region = matcher.group("region");
            if (!SnsTopicAllowList.regionOf(topicArn).map(region::equals).orElse(false)) {
                throw new Rejected(field + " is in Region " + region + ", not in the Region of TopicArn");
            }
        }
    }

    private X509Certificate certificate(String url) throws Exception {
        X509Certificate known = certificates.get(url);
        if (known != null) {
            known.checkValidity();
            return known;
        }
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new Rejected("certificate download answered HTTP " + response.statusCode());
        }
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(response.body()));
        certificate.checkValidity();
        if (certificates.size() >= MAX_CACHED_CERTIFICATES) {
            certificates.clear();
        }
        certificates.put(url, certificate);
        return certificate;
    }
}
