package io.connectops.incidents.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A real database failure whose message carries an e-mail address and a phone number, logged as the services log
 * failures, comes out of the log file masked: the platform's log filter runs on every handler.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class PersonalDataInLogsTest {

    private static final Path LOG_FILE = Path.of("target/incidents-test.log");

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aUniqueViolationNamingACustomerIsLoggedWithItsValuesMasked() throws Exception {
        String marker = "masking-probe-" + UUID.randomUUID();
        SQLException failure = null;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE caller (email text PRIMARY KEY, phone text)");
            statement.execute("INSERT INTO caller VALUES ('ann.lee@example.com', '+14155550100')");
            statement.execute("INSERT INTO caller VALUES ('ann.lee@example.com', '+14155550100')");
        } catch (SQLException e) {
            failure = e;
        }
        assertThat((Object) failure).as("the second insert fails").isNotNull();
        Logger.getLogger(PersonalDataInLogsTest.class).errorf(failure,
                "%s: cannot record the callback for ann.lee@example.com at +14155550100", marker);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> read().contains(marker));
        String logged = read().substring(read().indexOf(marker));
        assertThat(logged).contains("***@example.com").contains("***00").contains("Key (email)=(***)")
                .doesNotContain("ann.lee@").doesNotContain("4155550100");
    }

    private static String read() throws IOException {
        return Files.exists(LOG_FILE) ? Files.readString(LOG_FILE, StandardCharsets.UTF_8) : "";
    }
}
