package io.connectops.ingest.service;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.ingest.config.IngestConfig;

/**
 * Checks an SNS message the way AWS documents it: the certificate comes only from a trusted SNS URL (by default
 * {@code https://sns.<region>.amazonaws.com/SimpleNotificationService-<32 hex>.pem}, in the topic's Region), it is
 * SNS's own, valid and issued by a trusted CA ({@link SnsCertificateTrust}), and its key must verify the signature (version 1: SHA1withRSA, version 2: SHA256withRSA) over the message's fields, each
 * written as "name\nvalue\n" in the documented order.
 */
@ApplicationScoped
public class SnsSignatureVerifier {

    private static final List<String> NOTIFICATION_FIELDS = List.of("Message", "MessageId", "Subject", "Timestamp",
            "TopicArn", "Type");
    private static final List<String> SUBSCRIPTION_FIELDS = List.of("Message", "MessageId", "SubscribeURL", "Timestamp",
            "Token", "TopicArn", "Type");
    private static final int MAX_CACHED_CERTIFICATES = 100;
    private static final int MAX_CERTIFICATE_BYTES = 16 * 1024;

    @Inject
    IngestConfig config;

    private Pattern trustedCertUrl;
    private SnsCertificateTrust trust;
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
        trust = new SnsCertificateTrust(trustedCertificates(config.sns().trustStore()),
                Pattern.compile(config.sns().certificateSubjectPattern()),
                Pattern.compile(config.sns().issuerUrlPattern()), this::download);
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
            try {
                known.checkValidity();
                return known;
            } catch (CertificateException e) {
                certificates.remove(url);
            }
        }
        X509Certificate certificate = trust.check(SnsCertificateTrust.parse(download(URI.create(url))), Instant.now());
        if (certificates.size() >= MAX_CACHED_CERTIFICATES) {
            certificates.clear();
        }
        certificates.put(url, certificate);
        return certificate;
    }

    /** A certificate file, read up to {@value #MAX_CERTIFICATE_BYTES} bytes (one is about 2 KB). */
    private byte[] download(URI url) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new Rejected("certificate download answered HTTP " + response.statusCode());
                }
                byte[] file = body.readNBytes(MAX_CERTIFICATE_BYTES + 1);
                if (file.length > MAX_CERTIFICATE_BYTES) {
                    throw new Rejected("the certificate file is larger than " + MAX_CERTIFICATE_BYTES + " bytes");
                }
                return file;
            }
        } catch (IOException e) {
            throw new Rejected("the certificate cannot be downloaded: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Rejected("interrupted while downloading the certificate");
        }
    }

    /** The CA certificates of {@code locations} (PEM files or {@code classpath:} resources), or the JDK's defaults. */
    static List<X509Certificate> trustedCertificates(Optional<List<String>> locations) {
        List<String> named = locations.orElse(List.of()).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
        try {
            if (named.isEmpty()) {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                List<X509Certificate> defaults = new ArrayList<>();
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509TrustManager x509) {
                        defaults.addAll(List.of(x509.getAcceptedIssuers()));
                    }
                }
                return defaults;
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (String location : named) {
                certificates.addAll(SnsCertificateTrust.parse(read(location)));
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("connectops.ingest.sns.trust-store cannot be read: " + e.getMessage(), e);
        }
    }

    private static byte[] read(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("no resource " + resource);
                }
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(Path.of(location));
    }
}
