package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.connectops.ingest.config.IngestConfig;
import io.smallrye.config.WithDefault;

/**
 * The checks on an SNS signing certificate, on the throwaway PKI of {@code sns-trust/generate.sh}: a trusted CA, the
 * validity period, SNS's subject CN and a key that may sign; the CA between the certificate and the root is fetched
 * from the certificate's caIssuers URL, only where the pattern allows it.
 */
class SnsCertificateTrustTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final String INTERMEDIATE_URL = "http://crt.test.amazontrust.com/test-intermediate.cer";

    private final List<URI> downloads = new ArrayList<>();

    private static byte[] fixture(String name) {
        try (InputStream in = SnsCertificateTrustTest.class.getResourceAsStream("/sns-trust/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<X509Certificate> certificates(String... names) throws Exception {
        List<X509Certificate> all = new ArrayList<>();
        for (String name : names) {
            all.addAll(SnsCertificateTrust.parse(fixture(name)));
        }
        return all;
    }

    private static String defaultOf(String setting) throws NoSuchMethodException {
        return IngestConfig.Sns.class.getMethod(setting).getAnnotation(WithDefault.class).value();
    }

    /** The production patterns, trusting only the test root, with downloads served from {@code files}. */
    private SnsCertificateTrust trusting(List<X509Certificate> anchors, Map<String, byte[]> files) throws Exception {
        Function<URI, byte[]> download = url -> {
            downloads.add(url);
            byte[] file = files.get(url.toString());
            if (file == null) {
                throw new SnsSignatureVerifier.Rejected("HTTP 404");
            }
            return file;
        };
        return new SnsCertificateTrust(anchors, Pattern.compile(defaultOf("certificateSubjectPattern")),
                Pattern.compile(defaultOf("issuerUrlPattern")), download);
    }

    private SnsCertificateTrust trustingTheTestRoot() throws Exception {
        return trusting(certificates("test-root-ca.pem"),
                Map.of(INTERMEDIATE_URL, fixture("test-intermediate.pem")));
    }

    @Test
    void aCertificateOfSnsIssuedByTheTrustedCaIsAccepted() throws Exception {
        X509Certificate good = certificates("good.pem").get(0);

        assertThat(trustingTheTestRoot().check(List.of(good), NOW)).isEqualTo(good);
        assertThat(downloads).isEmpty();
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedAlthoughItsNameIsSns() throws Exception {
        assertThatThrownBy(() -> trustingTheTestRoot().check(certificates("untrusted.pem"), NOW))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class)
                .hasMessage("the signing certificate is not issued by a trusted CA");
    }

    @Test
    void anExpiredCertificateIsRefusedNamingWhenItExpired() throws Exception {
        assertThatThrownBy(() -> trustingTheTestRoot().check(certificates("expired.pem"), NOW))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class)
                .hasMessage("the signing certificate expired on 2020-02-01T00:00:00Z");
    }

    @Test
    void aCertificateOfTheTrustedCaForAnotherNameIsRefused() throws Exception {
        assertThatThrownBy(() -> trustingTheTestRoot().check(certificates("wrong-cn.pem"), NOW))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class)
                .hasMessage("the signing certificate's subject CN \"sns.attacker.example\" is not Amazon SNS's");
    }

    @Test
    void aCertificateWhoseKeyMayNotSignIsRefused() throws Exception {
        assertThatThrownBy(() -> trustingTheTestRoot().check(certificates("no-signature-usage.pem"), NOW))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class)
                .hasMessage("the signing certificate's key usage does not allow signatures");
    }

    @Test
    void theIntermediateCaIsFetchedFromTheCertificatesCaIssuersUrlOnceAndChainedToTheRoot() throws Exception {
        SnsCertificateTrust trust = trustingTheTestRoot();
        X509Certificate leaf = certificates("via-intermediate.pem").get(0);

        assertThat(SnsCertificateTrust.caIssuersUrl(leaf)).contains(INTERMEDIATE_URL);
        assertThat(trust.check(List.of(leaf), NOW)).isEqualTo(leaf);
        assertThat(trust.check(List.of(leaf), NOW)).isEqualTo(leaf);
        assertThat(downloads).containsExactly(URI.create(INTERMEDIATE_URL));
    }

    @Test
    void anIntermediateCarriedInTheCertificateFileIsUsedWithoutAFetch() throws Exception {
        List<X509Certificate> bundle = certificates("via-intermediate.pem", "test-intermediate.pem");

        assertThat(trustingTheTestRoot().check(bundle, NOW)).isEqualTo(bundle.get(0));
        assertThat(downloads).isEmpty();
    }

    @Test
    void anIntermediateThatCannotBeFetchedLeavesTheCertificateUntrusted() throws Exception {
        SnsCertificateTrust trust = trusting(certificates("test-root-ca.pem"), Map.of());

        assertThatThrownBy(() -> trust.check(certificates("via-intermediate.pem"), NOW))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class)
                .hasMessage("the signing certificate is not issued by a trusted CA");
        assertThat(downloads).containsExactly(URI.create(INTERMEDIATE_URL));
    }

    @Test
    void aCarriedCaCertificateIsNoTrustAnchor() throws Exception {
        // The file carries the root that issued its certificate: a CA is trusted by configuration, not by coming along.
        SnsCertificateTrust trust = trusting(certificates("test-intermediate.pem"), Map.of());

        assertThatThrownBy(() -> trust.check(certificates("good.pem", "test-root-ca.pem"), NOW))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class)
                .hasMessage("the signing certificate is not issued by a trusted CA");
    }

    @Test
    void caIssuersUrlsOutsideThePatternAreNotFetched() throws Exception {
        Pattern issuers = Pattern.compile(defaultOf("issuerUrlPattern"));

        assertThat(issuers.matcher(INTERMEDIATE_URL).matches()).isTrue();
        assertThat(issuers.matcher("http://crt.r2m02.amazontrust.com/r2m02.cer").matches()).isTrue();
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/r2m02.cer",
                "http://crt.r2m02.amazontrust.com.attacker.example/r2m02.cer",
                "http://crt.r2m02.amazontrust.com/r2m02.cer?x=1", "file:///etc/passwd")) {
            assertThat(issuers.matcher(url).matches()).as(url).isFalse();
        }
    }

    @Test
    void theSubjectCnMustBeSnssOwnName() throws Exception {
        Pattern subject = Pattern.compile(defaultOf("certificateSubjectPattern"));

        for (String cn : List.of("sns.amazonaws.com", "sns.eu-west-1.amazonaws.com", "sns.cn-north-1.amazonaws.com.cn",
                "sns.us-gov-west-1.amazonaws.com")) {
            assertThat(subject.matcher(cn).matches()).as(cn).isTrue();
        }
        for (String cn : List.of("sqs.amazonaws.com", "sns.amazonaws.com.attacker.example", "evil.sns.amazonaws.com",
                "sns.s3-us-west-2.amazonaws.com", "*.amazonaws.com", "")) {
            assertThat(subject.matcher(cn).matches()).as(cn).isFalse();
        }
    }

    @Test
    void withoutATrustStoreTheJdksCacertsAreTrustedAndTheTestRootIsNot() throws Exception {
        List<X509Certificate> jdk = SnsSignatureVerifier.trustedCertificates(Optional.empty());
        SnsCertificateTrust trust = trusting(jdk, Map.of());

        assertThat(jdk).isNotEmpty().extracting(c -> c.getSubjectX500Principal().getName())
                .anyMatch(name -> name.contains("Amazon Root CA 1"));
        assertThatThrownBy(() -> trust.check(certificates("good.pem"), NOW))
                .isInstanceOf(SnsSignatureVerifier.Rejected.class)
                .hasMessage("the signing certificate is not issued by a trusted CA");
    }

    @Test
    void aTrustStoreIsReadFromPemFilesAndClasspathResources() throws Exception {
        Path file = Files.createTempFile("trust", ".pem");
        try {
            Files.write(file, fixture("test-intermediate.pem"));
            List<X509Certificate> read = SnsSignatureVerifier.trustedCertificates(
                    Optional.of(List.of("classpath:sns-trust/test-root-ca.pem", " " + file + " ")));

            assertThat(read).extracting(c -> SnsCertificateTrust.commonName(c.getSubjectX500Principal()).orElseThrow())
                    .containsExactly("Connect Ops Test SNS Root CA", "Connect Ops Test SNS Intermediate");
        } finally {
            Files.delete(file);
        }
        assertThatThrownBy(() -> SnsSignatureVerifier.trustedCertificates(Optional.of(List.of("classpath:missing.pem"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("connectops.ingest.sns.trust-store cannot be read");
    }
}
