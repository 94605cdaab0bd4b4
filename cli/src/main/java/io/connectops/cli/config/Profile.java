package io.connectops.cli.config;

import java.util.LinkedHashMap;
import java.util.Map;

import io.connectops.cli.client.Service;

/**
 * One platform the tool talks to: where its services and its OIDC issuer are, and how to sign in.
 *
 * @param server the base URL when every service listens on its local port of the same host
 *        ({@code http://localhost} → :8081…:8085)
 * @param services a URL per service ({@code incidents: https://incidents.ops.example.com}), overriding {@code server}
 * @param issuer the OIDC issuer ({@code http://localhost:8180/realms/connectops})
 * @param clientId the OIDC client: a public client with the device grant for people, or a confidential one for
 *        machines
 * @param clientSecret set for client credentials (machines); prefer the environment variable
 *        {@code CONNECTOPS_CLIENT_SECRET} to writing it in the file
 */
public record Profile(String server, Map<String, String> services, String issuer, String clientId,
        String clientSecret) {

    public static final String DEFAULT_SERVER = "http://localhost";
    public static final String DEFAULT_ISSUER = "http://localhost:8180/realms/connectops";
    public static final String DEFAULT_CLIENT = "connectops-cli";

    public Profile {
        services = services == null ? Map.of() : Map.copyOf(services);
    }

    public static Profile local() {
        return new Profile(DEFAULT_SERVER, Map.of(), DEFAULT_ISSUER, DEFAULT_CLIENT, null);
    }

    public String urlOf(Service service) {
        String url = services.get(service.key());
        if (url != null) {
            return strip(url);
        }
        String base = strip(server == null ? DEFAULT_SERVER : server);
        // A base with a port of its own is one gateway for all; without one, each service on its local port.
        return base.matches("https?://[^/]+:\\d+(/.*)?") ? base : base + ":" + service.localPort();
    }

    public String issuerOrDefault() {
        return issuer == null ? DEFAULT_ISSUER : strip(issuer);
    }

    public String clientIdOrDefault() {
        return clientId == null ? DEFAULT_CLIENT : clientId;
    }

    public Profile withOverrides(String serverOverride, String issuerOverride, String clientIdOverride,
            String secretOverride) {
        Map<String, String> urls = new LinkedHashMap<>(services);
        if (serverOverride != null) {
            urls.clear();
        }
        return new Profile(serverOverride != null ? serverOverride : server, urls,
                issuerOverride != null ? issuerOverride : issuer, clientIdOverride != null ? clientIdOverride : clientId,
                secretOverride != null ? secretOverride : clientSecret);
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
