package io.connectops.ingest.service;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Decides whether the certificate an SNS message names may verify its signature, as AWS asks ("validate the
 * authenticity of the certificate"): it is within its validity period, its subject CN is SNS's
 * ({@code sns.amazonaws.com}, or a regional name), its key may sign, and it chains to one of {@code anchors}.
 *
 * <p>The certificate file SNS serves holds the signing certificate alone; the CA that issued it (Amazon's
 * intermediate) is then found where the certificate itself says, its Authority Information Access {@code caIssuers}
 * URL, when that URL matches {@code issuerUrl}. Whatever is found that way is only a candidate: the path is accepted
 * only when PKIX validates it up to a trust anchor. Certificates are read through {@code download}, so that this class
 * does no I/O of its own.
 */
final class SnsCertificateTrust {

    /** The caIssuers access method, 1.3.6.1.5.5.7.48.2, as DER (tag, length, value). */
    private static final byte[] CA_ISSUERS_OID = { 0x06, 0x08, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02 };
    private static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
    /** Amazon's SNS certificates are one intermediate below a root; a few more levels are headroom, not a search. */
    private static final int MAX_CHAIN = 4;
    private static final int MAX_CACHED_ISSUERS = 50;

    private final Set<TrustAnchor> anchors;
    private final Pattern subjectCn;
    private final Pattern issuerUrl;
    private final Function<URI, byte[]> download;
    private final Map<URI, X509Certificate> issuers = new ConcurrentHashMap<>();

    SnsCertificateTrust(Collection<X509Certificate> trusted, Pattern subjectCn, Pattern issuerUrl,
            Function<URI, byte[]> download) {
        if (trusted.isEmpty()) {
            throw new IllegalStateException("No trusted CA certificate: SNS signing certificates cannot be checked");
        }
        this.anchors = Set.copyOf(trusted.stream().map(certificate -> new TrustAnchor(certificate, null)).toList());
        this.subjectCn = subjectCn;
        this.issuerUrl = issuerUrl;
        this.download = download;
    }

    /**
     * The signing certificate of {@code served} (the file at SigningCertURL: the certificate first, then any CA
     * certificates it carries), or {@link SnsSignatureVerifier.Rejected} saying what is wrong with it.
     */
    X509Certificate check(List<X509Certificate> served, Instant now) {
        if (served.isEmpty()) {
            throw new SnsSignatureVerifier.Rejected("the signing certificate file holds no certificate");
        }
        X509Certificate certificate = served.get(0);
        Date at = Date.from(now);
        if (at.before(certificate.getNotBefore())) {
            throw new SnsSignatureVerifier.Rejected("the signing certificate is not valid before "
                    + certificate.getNotBefore().toInstant());
        }
        if (at.after(certificate.getNotAfter())) {
            throw new SnsSignatureVerifier.Rejected("the signing certificate expired on "
                    + certificate.getNotAfter().toInstant());
        }
        String cn = commonName(certificate.getSubjectX500Principal()).orElse("");
        if (!subjectCn.matcher(cn).matches()) {
            throw new SnsSignatureVerifier.Rejected("the signing certificate's subject CN " + printable(cn)
                    + " is not Amazon SNS's");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage != null && (usage.length == 0 || !usage[0])) {
            throw new SnsSignatureVerifier.Rejected("the signing certificate's key usage does not allow signatures");
        }
        validatePath(chain(certificate, served.subList(1, served.size())), at);
        return certificate;
    }

    /** The certificate and the CAs above it, up to (not including) a trust anchor, as far as they can be found. */
    private List<X509Certificate> chain(X509Certificate certificate, List<X509Certificate> carried) {
        List<X509Certificate> path = new ArrayList<>(List.of(certificate));
        X509Certificate current = certificate;
        while (path.size() < MAX_CHAIN && !issuedByAnchor(current)) {
            X509Certificate child = current;
            Optional<X509Certificate> issuer = issuerAmong(child, carried).or(() -> fetchIssuer(child));
            if (issuer.isEmpty() || path.contains(issuer.get())) {
                break;
            }
            path.add(issuer.get());
            current = issuer.get();
        }
        return path;
    }

    private boolean issuedByAnchor(X509Certificate certificate) {
        X500Principal issuer = certificate.getIssuerX500Principal();
        return anchors.stream().anyMatch(anchor -> anchor.getTrustedCert().getSubjectX500Principal().equals(issuer));
    }

    private static Optional<X509Certificate> issuerAmong(X509Certificate certificate, List<X509Certificate> candidates) {
        return candidates.stream()
                .filter(candidate -> candidate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal()))
                .findFirst();
    }

    private Optional<X509Certificate> fetchIssuer(X509Certificate certificate) {
        Optional<URI> url = caIssuersUrl(certificate).filter(candidate -> issuerUrl.matcher(candidate).matches())
                .map(URI::create);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        X509Certificate known = issuers.get(url.get());
        if (known != null) {
            return Optional.of(known);
        }
        try {
            List<X509Certificate> read = parse(download.apply(url.get()));
            if (read.isEmpty()) {
                return Optional.empty();
            }
            if (issuers.size() >= MAX_CACHED_ISSUERS) {
                issuers.clear();
            }
            issuers.put(url.get(), read.get(0));
            return Optional.of(read.get(0));
        } catch (RuntimeException | CertificateException e) {
            // Not found is not an answer of its own: the path then stops short of an anchor and is refused.
            return Optional.empty();
        }
    }

    private void validatePath(List<X509Certificate> path, Date at) {
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            // SNS publishes no CRL or OCSP for its signing certificates; each is replaced by a new URL instead.
            parameters.setRevocationEnabled(false);
            parameters.setDate(at);
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (CertPathValidatorException e) {
            throw new SnsSignatureVerifier.Rejected("the signing certificate is not issued by a trusted CA");
        } catch (GeneralSecurityException e) {
            throw new SnsSignatureVerifier.Rejected("the signing certificate cannot be checked: "
                    + e.getClass().getSimpleName());
        }
    }

    /** Every certificate of a PEM or DER file, in order. */
    static List<X509Certificate> parse(byte[] file) throws CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(file))) {
            certificates.add((X509Certificate) certificate);
        }
        return certificates;
    }

    static Optional<String> commonName(X500Principal subject) {
        try {
            List<Rdn> rdns = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns();
            // Most specific last in RFC 2253 order, so the last CN is the certificate's own name.
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
                    return Optional.of(String.valueOf(rdns.get(i).getValue()));
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    /**
     * The caIssuers URL of a certificate's Authority Information Access extension: the URI (context tag 6) that
     * follows the access method's OID in the extension's DER.
     */
    static Optional<String> caIssuersUrl(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(AUTHORITY_INFO_ACCESS);
        if (extension == null) {
            return Optional.empty();
        }
        for (int i = 0; i + CA_ISSUERS_OID.length + 2 <= extension.length; i++) {
            if (!startsWith(extension, i, CA_ISSUERS_OID)) {
                continue;
            }
            int at = i + CA_ISSUERS_OID.length;
            if ((extension[at] & 0xFF) != 0x86) {
                continue;
            }
            int length = extension[at + 1] & 0xFF;
            int start = at + 2;
            if (length == 0x81 && start < extension.length) {
                length = extension[start] & 0xFF;
                start++;
            } else if (length > 0x7F) {
                continue;
            }
            if (start + length <= extension.length) {
                return Optional.of(new String(extension, start, length, StandardCharsets.US_ASCII));
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int offset, byte[] prefix) {
        for (int j = 0; j < prefix.length; j++) {
            if (bytes[offset + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }

    /** A subject name as it may appear in a problem: quoted, printable ASCII, short. */
    private static String printable(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7E]", "?");
        return "\"" + (clean.length() > 64 ? clean.substring(0, 64) + "…" : clean) + "\"";
    }
}
