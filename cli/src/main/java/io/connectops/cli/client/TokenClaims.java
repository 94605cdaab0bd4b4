package io.connectops.cli.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the caller's own access token says about its roles, read only to explain a 403 ("you have viewer"). The
 * token is not verified here: the services verify it; this is the holder reading its own claims.
 */
final class TokenClaims {

    /** Roles every Keycloak user carries, which say nothing about what Connect Ops allows. */
    private static final Set<String> KEYCLOAK_DEFAULTS = Set.of("offline_access", "uma_authorization");

    private TokenClaims() {
    }

    /**
     * The roles of a JWT access token: Keycloak's {@code realm_access.roles}, else {@code groups}, else
     * {@code roles}; null when the token is not a JWT whose payload can be read.
     */
    static List<String> roles(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        JsonNode claims;
        try {
            claims = ApiClient.json().readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException unreadable) {
            return null;
        }
        JsonNode roles = claims.path("realm_access").path("roles");
        if (!roles.isArray()) {
            roles = claims.path("groups").isArray() ? claims.path("groups") : claims.path("roles");
        }
        if (!roles.isArray()) {
            return null;
        }
        List<String> named = new ArrayList<>();
        roles.forEach(role -> {
            String name = role.asText();
            if (!KEYCLOAK_DEFAULTS.contains(name) && !name.startsWith("default-roles-") && !named.contains(name)) {
                named.add(name);
            }
        });
        return named;
    }
}
