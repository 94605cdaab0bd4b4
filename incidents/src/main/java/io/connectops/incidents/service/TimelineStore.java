package io.connectops.incidents.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.TimelineEntry;
import io.connectops.platform.rest.Page;

/**
 * Reads pages of a timeline straight from its rows into detached {@link TimelineEntry}s (entries are never changed,
 * so a persistence context would only cost): one statement a page, one more for the total when the page cannot tell
 * it.
 */
@ApplicationScoped
public class TimelineStore {

    private static final String COLUMNS = "id, occurred_at, kind, actor_id, actor_name, text, status, severity,"
            + " related_incident_id";
    private static final String ORDER = " ORDER BY occurred_at, id LIMIT ? OFFSET ?";
    private static final String OF_INCIDENT = " FROM timeline_entry WHERE incident_id = ?";
    private static final String OF_KIND = OF_INCIDENT + " AND kind = ?";

    @Inject
    AgroalDataSource dataSource;

    /** Entries of the incident in the order they happened, only those of {@code kind} unless it is null. */
    public Page<TimelineEntry> page(UUID incidentId, TimelineEntry.Kind kind, int page, int size) {
        String where = kind == null ? OF_INCIDENT : OF_KIND;
        try (Connection connection = dataSource.getConnection()) {
            List<TimelineEntry> entries = new ArrayList<>(Math.min(size, 64));
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + where + ORDER)) {
                int next = bind(select, incidentId, kind);
                select.setInt(next, size);
                select.setLong(next + 1, (long) page * size);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(entryOf(rows, incidentId));
                    }
                }
            }
            return Pages.of(entries, page, size, () -> count(connection, where, incidentId, kind));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the timeline of incident " + incidentId, e);
        }
    }

    private static long count(Connection connection, String where, UUID incidentId, TimelineEntry.Kind kind) {
        try (PreparedStatement select = connection.prepareStatement("SELECT count(*)" + where)) {
            bind(select, incidentId, kind);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the timeline of incident " + incidentId, e);
        }
    }

    private static int bind(PreparedStatement statement, UUID incidentId, TimelineEntry.Kind kind)
            throws SQLException {
        statement.setObject(1, incidentId);
        if (kind == null) {
            return 2;
        }
        statement.setString(2, kind.name());
        return 3;
    }

    private static TimelineEntry entryOf(ResultSet rows, UUID incidentId) throws SQLException {
        TimelineEntry entry = new TimelineEntry();
        entry.id = rows.getLong(1);
        entry.incidentId = incidentId;
        entry.occurredAt = rows.getObject(2, OffsetDateTime.class).toInstant();
        entry.kind = TimelineEntry.Kind.valueOf(rows.getString(3));
        entry.actorId = rows.getString(4);
        entry.actorName = rows.getString(5);
        entry.text = rows.getString(6);
        String status = rows.getString(7);
        entry.status = status == null ? null : IncidentStatus.valueOf(status);
        String severity = rows.getString(8);
        entry.severity = severity == null ? null : Severity.valueOf(severity);
        entry.relatedIncidentId = rows.getObject(9, UUID.class);
        return entry;
    }
}
