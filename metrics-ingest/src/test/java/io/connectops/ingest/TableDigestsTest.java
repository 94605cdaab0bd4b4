package io.connectops.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.connectops.platform.testing.RealServers;
import io.connectops.platform.testing.TableDigests;

/**
 * The state ApiContractFuzz compares (platform-testing's {@link TableDigests}) catches an UPDATE that changes a value
 * and leaves the row count alone, and does not depend on the order rows come back in. Runs on the real test
 * database, in a schema of its own that it drops afterwards.
 */
class TableDigestsTest {

    private static final String SCHEMA = "ingest_table_digests_test";

    private static void execute(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(RealServers.databaseUrl(), RealServers.DB_USER,
                RealServers.DB_PASSWORD); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @BeforeAll
    static void createTables() throws SQLException {
        RealServers.ensureRunning();
        execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE " + SCHEMA + ".channel (id int PRIMARY KEY, name text, muted boolean)",
                "CREATE TABLE " + SCHEMA + ".channel_copy (id int PRIMARY KEY, name text, muted boolean)",
                "CREATE TABLE " + SCHEMA + ".job_state (id int PRIMARY KEY, ticks int)",
                "INSERT INTO " + SCHEMA + ".channel VALUES (1, 'ops', false), (2, 'sales', false), (3, 'it', true)",
                // The same rows written in another order, so stored and returned in another order.
                "INSERT INTO " + SCHEMA + ".channel_copy VALUES (3, 'it', true), (1, 'ops', false), "
                        + "(2, 'sales', false)",
                "INSERT INTO " + SCHEMA + ".job_state VALUES (1, 0)");
    }

    @AfterAll
    static void dropTables() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Test
    void anUpdateThatKeepsTheRowCountChangesTheDigestOfThatTableAlone() throws SQLException {
        Map<String, String> before = TableDigests.of(SCHEMA, table -> table.equals("job_state"));
        execute("UPDATE " + SCHEMA + ".channel SET muted = true WHERE id = 2");
        Map<String, String> after = TableDigests.of(SCHEMA, table -> table.equals("job_state"));
        execute("UPDATE " + SCHEMA + ".channel SET muted = false WHERE id = 2");

        assertThat(before).containsOnlyKeys("channel", "channel_copy");
        assertThat(after.get("channel")).startsWith("3 rows, md5 ").isNotEqualTo(before.get("channel"));
        assertThat(after.get("channel_copy")).isEqualTo(before.get("channel_copy"));
        assertThat(TableDigests.of(SCHEMA, table -> false).get("channel")).isEqualTo(before.get("channel"));
    }

    @Test
    void theDigestDependsOnTheRowsNotOnTheirOrder() throws SQLException {
        Map<String, String> digests = TableDigests.of(SCHEMA, table -> false);

        assertThat(digests.get("channel")).isEqualTo(digests.get("channel_copy")).matches("3 rows, md5 [0-9a-f]{32}");
        assertThat(digests.get("job_state")).isNotEqualTo(digests.get("channel"));
    }
}
