package io.connectops.platform.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} the real Kafka broker, the real PostgreSQL server and an OIDC provider issuing
 * signed tokens, starting them when they are not there. Use it with
 * {@code @WithTestResource(RealInfrastructure.class)}; test classes with the same resources share one application.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        RealServers.ensureRunning();
        return Map.of(
                "kafka.bootstrap.servers", RealServers.kafkaBootstrapServers(),
                "connectops.database.url", RealServers.databaseUrl(),
                "quarkus.datasource.username", RealServers.DB_USER,
                "quarkus.datasource.password", RealServers.DB_PASSWORD,
                "quarkus.oidc.auth-server-url", TestOidcServer.get().issuer());
    }

    @Override
    public void stop() {
        // The servers outlive one application: the next test class and the next module reuse them.
    }
}
