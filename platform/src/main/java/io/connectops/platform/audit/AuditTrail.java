package io.connectops.platform.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.Actor;

/** The audit trail of API writes: who, what, when. */
@ApplicationScoped
public class AuditTrail {

    @Inject
    AgroalDataSource dataSource;

    public record Entry(long id, Instant occurredAt, String actorId, String actorName, String method, String path,
            int status) {
    }

    public void record(Actor actor, String method, String path, int status) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_entry "
                        + "(occurred_at, actor_id, actor_name, method, path, status) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setTimestamp(1, Timestamp.from(Instant.now()));
            insert.setString(2, actor.id());
            insert.setString(3, actor.name());
            insert.setString(4, method);
            insert.setString(5, path);
            insert.setInt(6, status);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the audit trail", e);
        }
    }

    public List<Entry> find(String actorId, Instant from, Instant to, int page, int size) {
        StringBuilder sql = new StringBuilder("SELECT id, occurred_at, actor_id, actor_name, method, path, status "
                + "FROM audit_entry WHERE occurred_at >= ? AND occurred_at < ?");
        if (actorId != null) {
            sql.append(" AND actor_id = ?");
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?");
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            select.setTimestamp(i++, Timestamp.from(from));
            select.setTimestamp(i++, Timestamp.from(to));
            if (actorId != null) {
                select.setString(i++, actorId);
            }
            select.setInt(i++, size);
            select.setLong(i, (long) page * size);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), rows.getTimestamp(2).toInstant(), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getInt(7)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the audit trail", e);
        }
    }
}
