package io.connectops.platform.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.connectops.contracts.Actor;
import io.quarkus.security.identity.SecurityIdentity;

/** The person or machine client behind the current request, as recorded on timelines and in the audit trail. */
@RequestScoped
public class CurrentActor {

    @Inject
    SecurityIdentity identity;

    public Actor get() {
        if (identity == null || identity.isAnonymous()) {
            return Actor.SYSTEM;
        }
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            String id = token.getSubject() != null ? token.getSubject() : token.getName();
            return new Actor(id, displayName(token));
        }
        String name = identity.getPrincipal().getName();
        return new Actor(name, name);
    }

    private static String displayName(JsonWebToken token) {
        for (String claim : new String[] {"name", Claims.preferred_username.name(), Claims.upn.name(), "azp"}) {
            Object value = token.getClaim(claim);
            if (value != null && !value.toString().isBlank()) {
                return value.toString();
            }
        }
        return token.getName();
    }
}
