package io.connectops.incidents.service;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.connectops.contracts.Severity;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.platform.rest.Page;

/**
 * Reads incidents to show, straight from their rows into detached {@link Incident}s: one statement for an incident,
 * one for a page (and one more for its total when the page cannot tell it). The API's hottest reads went through
 * Hibernate, which translated the list and its count query again on every request (a status filter binds a list, and
 * Hibernate caches no plan for that) and built a persistence context for rows nobody changes; that was half of a
 * list request's CPU. The SQL text of each filter shape is fixed, so the driver's prepared statements are reused.
 */
@ApplicationScoped
public class IncidentStore {

    /** Every column of {@code incident}, in the order {@link #incidentOf} reads them. */
    private static final String COLUMNS = "id, number, title, description, status, severity, impact, summary,"
            + " commander, queues, services, instance_id, source, idempotency_key, mitigation, resolution,"
            + " cancel_reason, escalation_level, reopen_count, created_by_id, created_by_name, created_at,"
            + " acknowledged_at, acknowledged_by_id, acknowledged_by_name, assessed_at, mitigated_at, resolved_at,"
            + " review_started_at, closed_at, cancelled_at, reopened_at, updated_at, merged_into";

    private static final int COLUMN_COUNT = COLUMNS.split(",").length;

    /**
     * A row's version: xmin, the id of the transaction that wrote the row as it is now. Every change gives the row a
     * new one, whoever makes it (this replica or another, a JPA flush or plain SQL), and a reader outside that
     * transaction only ever sees its committed state, so one version is one content. Read as a number (xid has no
     * JDBC type); it wraps after four billion transactions, far beyond the life of a cached rendering.
     */
    private static final String VERSION = "xmin::text::bigint";

    private static final String BY_ID = "SELECT " + COLUMNS + " FROM incident WHERE id = ?";

    private static final String BY_IDS = "SELECT " + COLUMNS + ", " + VERSION + " FROM incident WHERE id = ANY (?)";

    @Inject
    AgroalDataSource dataSource;

    /** The incident with this id, or null. */
    public Incident find(UUID id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(BY_ID)) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? incidentOf(rows) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read incident " + id, e);
        }
    }

    /**
     * A page of the incidents that match, newest first. {@code number} is a reference typed into the search (INC-42),
     * {@code text} a lower-case LIKE pattern over title and description; either may be null.
     */
    public Page<Incident> page(IncidentCommands.Filter filter, Long number, String text, int page, int size) {
        return page(COLUMNS, IncidentStore::incidentOf, new Where(filter, number, text), page, size);
    }

    /**
     * The same page as {@link #page}, as each row's id and version only: what the API's list needs to tell which of
     * its cached renderings are still current.
     */
    public Page<IncidentVersion> pageVersions(IncidentCommands.Filter filter, Long number, String text, int page,
            int size) {
        return page("id, " + VERSION, rows -> new IncidentVersion(rows.getObject(1, UUID.class), rows.getLong(2)),
                new Where(filter, number, text), page, size);
    }

    /** The incidents with these ids that still exist, each with the version of its row, in no particular order. */
    public List<VersionedIncident> findVersioned(List<UUID> ids) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(BY_IDS)) {
            select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            List<VersionedIncident> found = new ArrayList<>(ids.size());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new VersionedIncident(incidentOf(rows), rows.getLong(COLUMN_COUNT + 1)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read incidents " + ids, e);
        }
    }

    private <T> Page<T> page(String columns, RowReader<T> reader, Where where, int page, int size) {
        String select = "SELECT " + columns + " FROM incident" + where.sql
                + " ORDER BY created_at DESC, number LIMIT ? OFFSET ?";
        try (Connection connection = dataSource.getConnection()) {
            List<T> items = new ArrayList<>(Math.min(size, 64));
            try (PreparedStatement statement = connection.prepareStatement(select)) {
                int next = where.bind(connection, statement);
                statement.setInt(next, size);
                statement.setLong(next + 1, (long) page * size);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        items.add(reader.read(rows));
                    }
                }
            }
            return Pages.of(items, page, size, () -> count(connection, where));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list incidents", e);
        }
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private static long count(Connection connection, Where where) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM incident" + where.sql)) {
            where.bind(connection, statement);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count incidents", e);
        }
    }

    /** The WHERE clause of a filter, and its parameters in order; only the conditions the filter sets. */
    private static final class Where {

        final String sql;
        private final IncidentCommands.Filter filter;
        private final Long number;
        private final String text;

        Where(IncidentCommands.Filter filter, Long number, String text) {
            this.filter = filter;
            this.number = number;
            this.text = text;
            List<String> conditions = new ArrayList<>();
            if (!isEmpty(filter.statuses())) {
                conditions.add("status = ANY (?)");
            }
            if (!isEmpty(filter.severities())) {
                conditions.add("severity = ANY (?)");
            }
            if (hasQueue()) {
                // @> is what the GIN index on queues serves.
                conditions.add("queues @> ARRAY[CAST(? AS text)]");
            }
            if (filter.createdFrom() != null) {
                conditions.add("created_at >= ?");
            }
            if (filter.createdTo() != null) {
                conditions.add("created_at < ?");
            }
            if (number != null) {
                conditions.add("number = ?");
            } else if (text != null) {
                // PostgreSQL's LIKE escapes with a backslash, as the pattern does.
                conditions.add("(lower(title) LIKE ? OR lower(coalesce(description, '')) LIKE ?)");
            }
            this.sql = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        /** Binds the parameters; answers the index of the next one. */
        int bind(Connection connection, PreparedStatement statement) throws SQLException {
            int index = 1;
            if (!isEmpty(filter.statuses())) {
                statement.setArray(index++, connection.createArrayOf("text",
                        filter.statuses().stream().map(Enum::name).toArray()));
            }
            if (!isEmpty(filter.severities())) {
                statement.setArray(index++, connection.createArrayOf("text",
                        filter.severities().stream().map(Enum::name).toArray()));
            }
            if (hasQueue()) {
                statement.setString(index++, filter.queue());
            }
            if (filter.createdFrom() != null) {
                statement.setObject(index++, filter.createdFrom().atOffset(ZoneOffset.UTC));
            }
            if (filter.createdTo() != null) {
                statement.setObject(index++, filter.createdTo().atOffset(ZoneOffset.UTC));
            }
            if (number != null) {
                statement.setLong(index++, number);
            } else if (text != null) {
                statement.setString(index++, text);
                statement.setString(index++, text);
            }
            return index;
        }

        private boolean hasQueue() {
            return filter.queue() != null && !filter.queue().isBlank();
        }

        private static boolean isEmpty(List<?> values) {
            return values == null || values.isEmpty();
        }
    }

    private static Incident incidentOf(ResultSet rows) throws SQLException {
        Incident incident = new Incident();
        incident.id = rows.getObject(1, UUID.class);
        incident.number = rows.getLong(2);
        incident.title = rows.getString(3);
        incident.description = rows.getString(4);
        incident.status = IncidentStatus.valueOf(rows.getString(5));
        incident.severity = Severity.valueOf(rows.getString(6));
        incident.impact = rows.getString(7);
        incident.summary = rows.getString(8);
        incident.commander = rows.getString(9);
        incident.queues = strings(rows.getArray(10));
        incident.services = strings(rows.getArray(11));
        incident.instanceId = rows.getString(12);
        incident.source = Incident.Source.valueOf(rows.getString(13));
        incident.idempotencyKey = rows.getString(14);
        incident.mitigation = rows.getString(15);
        incident.resolution = rows.getString(16);
        incident.cancelReason = rows.getString(17);
        incident.escalationLevel = rows.getInt(18);
        incident.reopenCount = rows.getInt(19);
        incident.createdById = rows.getString(20);
        incident.createdByName = rows.getString(21);
        incident.createdAt = instant(rows, 22);
        incident.acknowledgedAt = instant(rows, 23);
        incident.acknowledgedById = rows.getString(24);
        incident.acknowledgedByName = rows.getString(25);
        incident.assessedAt = instant(rows, 26);
        incident.mitigatedAt = instant(rows, 27);
        incident.resolvedAt = instant(rows, 28);
        incident.reviewStartedAt = instant(rows, 29);
        incident.closedAt = instant(rows, 30);
        incident.cancelledAt = instant(rows, 31);
        incident.reopenedAt = instant(rows, 32);
        incident.updatedAt = instant(rows, 33);
        incident.mergedInto = rows.getObject(34, UUID.class);
        return incident;
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(Arrays.asList((String[]) array.getArray()));
        } finally {
            array.free();
        }
    }
}
