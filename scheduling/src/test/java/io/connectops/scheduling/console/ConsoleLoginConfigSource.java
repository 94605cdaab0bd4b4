package io.connectops.scheduling.console;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points the console's OIDC tenant at {@link ConsoleLoginProvider} in every test of this module, so that the browser
 * test shares the one application the other tests start (a test resource of its own would start a second one).
 */
public class ConsoleLoginConfigSource implements ConfigSource {

    private static final String AUTH_SERVER_URL = "quarkus.oidc.console.auth-server-url";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(AUTH_SERVER_URL);
    }

    @Override
    public String getValue(String propertyName) {
        return AUTH_SERVER_URL.equals(propertyName) ? ConsoleLoginProvider.get().issuer() : null;
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(AUTH_SERVER_URL, ConsoleLoginProvider.get().issuer());
    }

    @Override
    public int getOrdinal() {
        return 500;
    }

    @Override
    public String getName() {
        return "console-login-provider";
    }
}
