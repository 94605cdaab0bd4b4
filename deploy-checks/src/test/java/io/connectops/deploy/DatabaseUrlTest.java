package io.connectops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * CONNECTOPS_DATABASE_URL is the platform team's to write, parameters and all ({@code ?sslmode=verify-full}): the
 * platform passes it through unchanged and each service adds its own options as driver properties. A service that
 * appended its own {@code ?...} to the URL would stop starting the day the URL carries one already.
 */
class DatabaseUrlTest {

    private static final String URL_KEY = "quarkus.datasource.jdbc.url";

    @Test
    void noServiceSetsTheJdbcUrlItself() {
        for (String service : Repo.SERVICES) {
            Properties properties = Repo.properties(Repo.path(service, "src", "main", "resources",
                    "application.properties"));
            assertThat(properties.stringPropertyNames()).as(service + " application.properties")
                    .noneMatch(key -> key.equals(URL_KEY) || key.endsWith("." + URL_KEY));
        }
    }

    @Test
    void thePlatformUsesTheConfiguredUrlAsItIsAndTheSchemaAsADriverProperty() {
        Properties platform = Repo.properties(Repo.path("platform", "src", "main", "resources", "META-INF",
                "microprofile-config.properties"));
        assertThat(platform.getProperty(URL_KEY)).isEqualTo("${connectops.database.url}");
        assertThat(platform.getProperty("quarkus.datasource.jdbc.additional-jdbc-properties.currentSchema"))
                .isEqualTo("${connectops.database.schema}");
    }
}
