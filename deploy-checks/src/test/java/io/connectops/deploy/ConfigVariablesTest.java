package io.connectops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The derivation of variable names that ComposeFileTest and KubernetesManifestsTest rely on. */
class ConfigVariablesTest {

    @Test
    void mapsConfigurationKeysToTheirEnvironmentVariables() {
        assertThat(ConfigVariables.environmentName("quarkus.oidc.auth-server-url")).isEqualTo("QUARKUS_OIDC_AUTH_SERVER_URL");
        assertThat(ConfigVariables.environmentName("connectops.outbox.relay-enabled")).isEqualTo("CONNECTOPS_OUTBOX_RELAY_ENABLED");
    }

    @Test
    void readsNestedConfigMappingGroupsWithTheirPath() {
        String source = String.join("\n",
                "@ConfigMapping(prefix = \"connectops.example\")",
                "public interface ExampleConfig {",
                "    /** Where to send {@code x}; see https://example.com/a(b) */",
                "    Outbound outbound();",
                "    @WithDefault(\"https://sns.example.com/{id};x\")",
                "    String signingUrl();",
                "    @WithName(\"max-attempts\")",
                "    int attempts();",
                "    Map<String, Credentials> credentials();",
                "    interface Outbound {",
                "        @WithDefault(\"a,b\")",
                "        List<String> allowedHosts();",
                "        Duration connectTimeout();",
                "    }",
                "    interface Credentials {",
                "        String accessKeyId();",
                "    }",
                "}");

        assertThat(ConfigVariables.readFromJava(source)).containsExactlyInAnyOrder(
                "CONNECTOPS_EXAMPLE_OUTBOUND_ALLOWED_HOSTS", "CONNECTOPS_EXAMPLE_OUTBOUND_CONNECT_TIMEOUT",
                "CONNECTOPS_EXAMPLE_SIGNING_URL", "CONNECTOPS_EXAMPLE_MAX_ATTEMPTS", "CONNECTOPS_EXAMPLE_CREDENTIALS");
    }

    @Test
    void readsConfigPropertyInjections() {
        assertThat(ConfigVariables.readFromJava("@ConfigProperty(name = \"quarkus.http.port\") int port;"))
                .containsExactly("QUARKUS_HTTP_PORT");
    }

    @Test
    void findsWhatEveryServiceReadsThroughThePlatform() {
        for (String service : Repo.SERVICES) {
            assertThat(ConfigVariables.readBy(service)).as(service).contains(
                    "CONNECTOPS_DATABASE_URL", "CONNECTOPS_DB_USER", "CONNECTOPS_DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS",
                    "QUARKUS_OIDC_AUTH_SERVER_URL", "QUARKUS_OIDC_CLIENT_ID", "CONNECTOPS_KAFKA_TOPICS_PROVISION",
                    "CONNECTOPS_OUTBOX_RELAY_ENABLED", "JAVA_OPTS_APPEND");
        }
    }
}
