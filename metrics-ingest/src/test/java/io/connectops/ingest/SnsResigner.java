package io.connectops.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Signs an SNS message again, as SNS would, after changing some of its fields (TopicArn, SigningCertURL, …): with the
 * key that belongs to the certificate the message then names.
 */
public final class SnsResigner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SnsResigner() {
    }

    /** {@code message} with {@code replaced} fields, signed with {@code key} under {@code signatureVersion} (1 or 2). */
    public static String resign(String message, Map<String, String> replaced, PrivateKey key, int signatureVersion) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(message);
            replaced.forEach(node::put);
            List<String> fields = "Notification".equals(node.path("Type").asText())
                    ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                    : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
            StringBuilder text = new StringBuilder();
            for (String field : fields) {
                if (node.hasNonNull(field)) {
                    text.append(field).append('\n').append(node.path(field).asText()).append('\n');
                }
            }
            Signature signer = Signature.getInstance(signatureVersion == 1 ? "SHA1withRSA" : "SHA256withRSA");
            signer.initSign(key);
            signer.update(text.toString().getBytes(StandardCharsets.UTF_8));
            node.put("SignatureVersion", String.valueOf(signatureVersion));
            node.put("Signature", Base64.getEncoder().encodeToString(signer.sign()));
            return node.toString();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign the SNS message again", e);
        }
    }

    /** A PKCS#8 PEM private key from the test classpath. */
    public static PrivateKey key(String resource) {
        try (InputStream in = SnsResigner.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
