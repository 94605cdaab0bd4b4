package io.connectops.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.connectops.platform.testing.RealServers;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * CONNECTOPS_DATABASE_URL may carry driver parameters of its own ({@code ?sslmode=…}, as README advertises): the
 * service's datasource URL is that URL as given, and its schema and batched inserts are driver properties. The
 * production profile as shipped (platform defaults, then application.properties) is resolved and connected with,
 * against the real PostgreSQL; the e2e module starts the packaged service with such a URL.
 */
class DatabaseUrlWithDriverParametersTest {

    @Test
    void aDatabaseUrlWithItsOwnSslModeIsUsedAsGivenAndTheSchemaIsADriverProperty() throws Exception {
        RealServers.ensureRunning();
        String url = RealServers.databaseUrl() + "?sslmode=disable";
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().withProfile("prod");
        // As Quarkus orders them: every META-INF/microprofile-config.properties (the platform's defaults) at 100.
        for (URL defaults : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/microprofile-config.properties"))) {
            builder.withSources(new PropertiesConfigSource(defaults, 100));
        }
        SmallRyeConfig config = builder
                .withSources(new PropertiesConfigSource(getClass().getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(Map.of("connectops.database.url", url), "env", 300))
                .build();

        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class)).isEqualTo(url);
        Properties driver = new Properties();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("quarkus.datasource.jdbc.additional-jdbc-properties.")) {
                driver.put(name.substring(name.lastIndexOf('.') + 1), config.getValue(name, String.class));
            }
        }
        assertThat(driver).containsEntry("currentSchema", "ingest").containsEntry("reWriteBatchedInserts", "true");

        driver.put("user", RealServers.DB_USER);
        driver.put("password", RealServers.DB_PASSWORD);
        try (Connection connection = DriverManager.getConnection(url, driver);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_schema()")) {
            result.next();
            assertThat(result.getString(1)).isEqualTo("ingest");
        }
    }
}
