package io.connectops.platform.security;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * Keeps each bearer token quarkus-oidc has just verified in {@link VerifiedTokens}. An augmentor runs only after a
 * provider has authenticated the request, and this one runs last, so what it keeps is the identity every other step
 * made. Code-flow identities (they carry an ID token) are not kept: {@link VerifiedTokenIdentityProvider} never
 * answers for them.
 */
@ApplicationScoped
public class VerifiedTokenRecorder implements SecurityIdentityAugmentor {

    @Inject
    VerifiedTokensConfig config;

    @Inject
    VerifiedTokens tokens;

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (config.enabled() && !identity.isAnonymous()
                && identity.getAttribute(VerifiedTokenIdentityProvider.FROM_MEMORY) == null
                && identity.getCredential(IdTokenCredential.class) == null
                && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
            String tenant = identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE);
            if (credential != null && tenant != null && !tokens.contains(tenant, credential.getToken())) {
                tokens.remember(tenant, credential.getToken(), identity, Instant.ofEpochSecond(jwt.getExpirationTime()),
                        Instant.now());
            }
        }
        return Uni.createFrom().item(identity);
    }
}
