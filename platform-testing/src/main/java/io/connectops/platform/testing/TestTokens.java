package io.connectops.platform.testing;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/** Signed bearer tokens for tests, from {@link TestOidcServer}: the right ones and the ones that must be refused. */
public final class TestTokens {

    private TestTokens() {
    }

    /** A person's token with these roles; the subject and name are derived from {@code user}. */
    public static String forUser(String user, String... roles) {
        return sign(TestOidcServer.get().issuer(), user, roles, Instant.now().plusSeconds(3600),
                TestOidcServer.get().signingKey());
    }

    /** A machine client's token (client-credentials grant). */
    public static String forClient(String clientId, String... roles) {
        return sign(TestOidcServer.get().issuer(), "service-account-" + clientId, roles,
                Instant.now().plusSeconds(3600), TestOidcServer.get().signingKey());
    }

    /** Correctly signed, but expired an hour ago. */
    public static String expired(String... roles) {
        return sign(TestOidcServer.get().issuer(), "late-user", roles, Instant.now().minusSeconds(3600),
                TestOidcServer.get().signingKey());
    }

    /** Signed by the right key but claiming another issuer. */
    public static String fromOtherIssuer(String... roles) {
        return sign("https://issuer.example.com/realms/other", "foreign-user", roles, Instant.now().plusSeconds(3600),
                TestOidcServer.get().signingKey());
    }

    /** The right issuer, but signed by a key the provider never published. */
    public static String signedByUnknownKey(String... roles) {
        return sign(TestOidcServer.get().issuer(), "forger", roles, Instant.now().plusSeconds(3600),
                TestOidcServer.newRsaKeyPair().getPrivate());
    }

    /** "Authorization" header value. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String sign(String issuer, String user, String[] roles, Instant expiresAt, PrivateKey key) {
        return Jwt.issuer(issuer)
                .subject("sub-" + user)
                .preferredUserName(user)
                .claim("name", user)
                .groups(Set.of(roles))
                .claim("realm_access", Map.of("roles", java.util.List.of(roles)))
                .issuedAt(expiresAt.minusSeconds(7200))
                .expiresAt(expiresAt)
                .jws().keyId(TestOidcServer.get().keyId())
                .sign(key);
    }
}
