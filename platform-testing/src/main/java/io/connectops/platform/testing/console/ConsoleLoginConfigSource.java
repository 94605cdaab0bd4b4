package io.connectops.platform.testing.console;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Points the OIDC tenant {@code console} at {@link ConsoleLoginProvider} in every test of a module that registers it
 * (a line in its {@code src/test/resources/META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}), so
 * that the page tests share the one application the other tests start (a test resource of its own would start a
 * second one). Platform-testing does not register it itself: services without pages for people keep their config.
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
