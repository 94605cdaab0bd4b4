package io.connectops.ingest.service;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;

/** The latest value of every series, as last published. */
@ApplicationScoped
public class SeriesService {

    /** One series and its latest sample; a null value means Connect had no data. */
    public record LatestSample(String seriesKey, String source, String instanceId, String queueId, String channel,
            String agentId, String metric, Double value, String unit, Instant timestamp) {
    }

    @Inject
    EntityManager entityManager;

    @Transactional
    public Page<LatestSample> latest(String instanceId, String queueId, String metric, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<String> parameters = new ArrayList<>();
        filter(where, parameters, "instance_id", instanceId);
        filter(where, parameters, "queue_id", queueId);
        filter(where, parameters, "metric", metric);
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            long total;
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM series_latest" + where)) {
                bind(count, parameters);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<LatestSample> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT series_key, source, instance_id, "
                    + "queue_id, channel, agent_id, metric, value, unit, sample_time FROM series_latest" + where
                    + " ORDER BY series_key LIMIT ? OFFSET ?")) {
                bind(select, parameters);
                select.setInt(parameters.size() + 1, page.size());
                select.setInt(parameters.size() + 2, page.offset());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        double read = rows.getDouble("value");
                        Double value = rows.wasNull() ? null : read;
                        items.add(new LatestSample(rows.getString("series_key"), rows.getString("source"),
                                rows.getString("instance_id"), rows.getString("queue_id"), rows.getString("channel"),
                                rows.getString("agent_id"), rows.getString("metric"), value,
                                rows.getString("unit"), rows.getTimestamp("sample_time").toInstant()));
                    }
                }
            }
            return new Page<>(items, page.page(), page.size(), total);
        });
    }

    private static void filter(StringBuilder where, List<String> parameters, String column, String value) {
        if (value != null && !value.isBlank()) {
            where.append(" AND ").append(column).append(" = ?");
            parameters.add(value);
        }
    }

    private static void bind(PreparedStatement statement, List<String> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setString(i + 1, parameters.get(i));
        }
    }
}
