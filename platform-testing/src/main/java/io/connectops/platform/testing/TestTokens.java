package io.connectops.platform.testing;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/** Signed bearer tokens for tests, from {@link TestOidcServer}: the right ones and the ones that must be refused. */
public final class TestTokens {

    /** The audience every service requires (quarkus.oidc.token.audience); Keycloak's audience mapper adds it. */
    public static final String API_AUDIENCE = "connectops-api";

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

    /** A person's token with these roles that expires at {@code expiresAt}. */
    public static String forUserUntil(Instant expiresAt, String user, String... roles) {
        return sign(TestOidcServer.get().issuer(), user, roles, expiresAt, TestOidcServer.get().signingKey());
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

    /** Correctly signed by the right issuer, but issued for another client of the realm (no API audience). */
    public static String forOtherAudience(String... roles) {
        return sign(TestOidcServer.get().issuer(), "other-app-user", roles, Instant.now().plusSeconds(3600),
                TestOidcServer.get().signingKey(), "admin-cli");
    }

    /** "Authorization" header value. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String sign(String issuer, String user, String[] roles, Instant expiresAt, PrivateKey key) {
        return sign(issuer, user, roles, expiresAt, key, API_AUDIENCE);
    }

    private static String sign(String issuer, String user, String[] roles, Instant expiresAt, PrivateKey key,
            String audience) {
        return Jwt.issuer(issuer)
                .audience(audience)
                .subject("sub-" + user)
                .preferredUserName(user)
                .claim("name", user)
                .groups(Set.of(roles))
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .issuedAt(expiresAt.minusSeconds(7200))
                .expiresAt(expiresAt)
                .jws().keyId(TestOidcServer.get().keyId())
                .sign(key);
    }
}
