package io.connectops.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * CONNECTOPS_DATABASE_URL may carry driver parameters of its own ({@code ?sslmode=…}, as README advertises): the
 * service starts with one, its schema and batched inserts set as driver properties rather than appended to the URL.
 */
@QuarkusTest
@WithTestResource(DatabaseUrlWithDriverParametersTest.SslModeInTheUrl.class)
class DatabaseUrlWithDriverParametersTest {

    /** The real servers, with {@code ?sslmode=disable} on the database URL. */
    public static class SslModeInTheUrl implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(new RealInfrastructure().start());
            config.put("connectops.database.url", config.get("connectops.database.url") + "?sslmode=disable");
            return config;
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theServiceStartsWithAnSslModeInTheDatabaseUrlAndUsesItsOwnSchema() throws Exception {
        assertThat(dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration()
                .jdbcUrl()).endsWith("?sslmode=disable");
        assertThat(dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration()
                .jdbcProperties()).containsEntry("reWriteBatchedInserts", "true").containsEntry("currentSchema", "ingest");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_schema(), to_regclass('series_latest')")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo("ingest");
            assertThat(result.getString(2)).isEqualTo("series_latest");
        }
    }
}
