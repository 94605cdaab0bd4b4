package io.connectops.notifications.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.connectops.notifications.config.NotificationsConfig;

/** The seal starts only with a configured key: a key made up per process would strand every sealed secret. */
class SecretSealStartTest {

    @Test
    void refusesToStartWithoutAConfiguredKey() {
        SecretSeal seal = new SecretSeal();
        seal.config = config(Optional.empty());

        assertThatThrownBy(seal::init).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CONNECTOPS_NOTIFICATIONS_SECRET_KEY is required");
    }

    @Test
    void twoProcessesWithTheSameKeyOpenEachOthersSeals() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        SecretSeal first = new SecretSeal();
        first.config = config(Optional.of(key));
        first.init();
        SecretSeal second = new SecretSeal();
        second.config = config(Optional.of(key));
        second.init();

        UUID channel = UUID.randomUUID();
        assertThat(second.open(first.seal(Map.of("botToken", "xoxb-1"), channel), channel)).containsEntry("botToken", "xoxb-1");
    }

    private static NotificationsConfig config(Optional<String> secretKey) {
        return (NotificationsConfig) Proxy.newProxyInstance(NotificationsConfig.class.getClassLoader(),
                new Class<?>[] { NotificationsConfig.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "secretKey" -> secretKey;
                    case "secretKeyId" -> "k1";
                    case "previousSecretKeys" -> Optional.<List<String>>empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
