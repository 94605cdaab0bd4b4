package io.connectops.platform.security;

import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a bearer token that was verified before from {@link VerifiedTokens}; any other token goes on to
 * quarkus-oidc's own provider (an identity provider that answers null passes the request to the next one), which
 * verifies it, after which {@link VerifiedTokenRecorder} keeps it. Only access tokens sent as bearer tokens: the
 * console's code flow (ID tokens in a session cookie, refreshed when they expire) always goes to quarkus-oidc.
 */
@ApplicationScoped
public class VerifiedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** Marks an identity answered from memory, so that VerifiedTokenRecorder does not look it up again. */
    static final String FROM_MEMORY = "io.connectops.verified-token-from-memory";

    /** Before quarkus-oidc's provider, which has the default priority (1001). */
    static final int BEFORE_OIDC = IdentityProvider.SYSTEM_FIRST + 1000;

    @Inject
    VerifiedTokensConfig config;

    @Inject
    VerifiedTokens tokens;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return BEFORE_OIDC;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!config.enabled() || !(request.getToken() instanceof AccessTokenCredential credential)) {
            return Uni.createFrom().nullItem();
        }
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        String tenant = routing == null ? null : routing.get(OidcUtils.TENANT_ID_ATTRIBUTE);
        if (tenant == null) {
            return Uni.createFrom().nullItem();
        }
        SecurityIdentity known = tokens.find(tenant, credential.getToken(), Instant.now());
        return known == null ? Uni.createFrom().nullItem() : Uni.createFrom().item(forThisRequest(known, routing));
    }

    /**
     * The kept identity with this request's routing context in place of the one it was verified on: quarkus-oidc
     * stores the request's context among the identity's attributes, and code that reads it must see its own.
     */
    private static SecurityIdentity forThisRequest(SecurityIdentity known, RoutingContext routing) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(known).addAttribute(FROM_MEMORY, true);
        for (Map.Entry<String, Object> attribute : known.getAttributes().entrySet()) {
            if (attribute.getValue() instanceof RoutingContext) {
                builder.addAttribute(attribute.getKey(), routing);
            } else if (AuthenticationRequestContext.class.getName().equals(attribute.getKey())) {
                builder.addAttribute(attribute.getKey(), routing.get(attribute.getKey()));
            }
        }
        return builder.build();
    }
}
