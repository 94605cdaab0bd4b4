package io.connectops.platform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the rows of a schema's tables hold, one digest per table: its row count and an MD5 over the text of every row
 * (every column), independent of row order. Compared before and after, it shows an INSERT or DELETE and also an UPDATE
 * that changes a value without changing how many rows there are, which row counts alone miss.
 */
public final class TableDigests {

    private TableDigests() {
    }

    /** The digest of every table of {@code schema} but the skipped ones: "&lt;rows&gt; rows, md5 &lt;hex&gt;". */
    public static Map<String, String> of(String schema, Predicate<String> skipped) throws SQLException {
        Map<String, String> digests = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(RealServers.databaseUrl(), RealServers.DB_USER,
                RealServers.DB_PASSWORD); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = '" + schema + "' AND table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                if (skipped.test(table)) {
                    continue;
                }
                // Each row's text hashed, the hashes sorted and hashed again: as many bytes per row as an MD5, and
                // the same digest whatever order the rows are stored or returned in.
                try (ResultSet rows = statement.executeQuery("SELECT count(*), md5(coalesce(string_agg(row_md5, '' "
                        + "ORDER BY row_md5), '')) FROM (SELECT md5(t::text) AS row_md5 FROM \"" + schema + "\".\""
                        + table + "\" t) r")) {
                    rows.next();
                    digests.put(table, rows.getLong(1) + " rows, md5 " + rows.getString(2));
                }
            }
        }
        return digests;
    }
}
