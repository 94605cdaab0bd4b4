package io.connectops.ingest.aws;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Paces Connect calls per rate-limit bucket (account, Region, API) across every replica, as Connect counts them:
 * a generic cell rate algorithm on one PostgreSQL row per bucket. Each call moves the bucket's theoretical arrival
 * time one spacing on and learns how long to wait; a burst of {@code burst} calls goes at once after a quiet spell.
 * The database's clock is the only clock, so replicas whose clocks disagree still share one pace.
 */
@ApplicationScoped
public class AccountRateLimit {

    /** Parameters: key, spacing, spacing, burst x spacing. Returns the wait in microseconds. */
    private static final String RESERVE = "INSERT INTO connect_rate_limit AS b (bucket_key, theoretical_arrival)"
            + " VALUES (?, clock_timestamp() + ? * INTERVAL '1 microsecond')"
            + " ON CONFLICT (bucket_key) DO UPDATE SET theoretical_arrival ="
            + "   GREATEST(b.theoretical_arrival, clock_timestamp()) + ? * INTERVAL '1 microsecond'"
            + " RETURNING GREATEST(0, EXTRACT(EPOCH FROM"
            + "   (b.theoretical_arrival - ? * INTERVAL '1 microsecond' - clock_timestamp())) * 1000000)::BIGINT";

    @Inject
    DataSource dataSource;

    public AccountRateLimit() {
    }

    /** A limiter outside CDI, e.g. a second "replica" in a test. */
    public AccountRateLimit(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes the next slot of {@code bucketKey} and waits until it starts. */
    public void acquire(String bucketKey, double ratePerSecond, int burst) throws InterruptedException {
        Duration wait = reserve(bucketKey, ratePerSecond, burst);
        if (!wait.isZero()) {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
        }
    }

    /** Takes the next slot of {@code bucketKey}; returns how long the caller must wait before it starts. */
    public Duration reserve(String bucketKey, double ratePerSecond, int burst) {
        long spacingMicros = Math.round(1_000_000d / ratePerSecond);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(RESERVE)) {
            statement.setString(1, bucketKey);
            statement.setLong(2, spacingMicros);
            statement.setLong(3, spacingMicros);
            statement.setLong(4, spacingMicros * Math.max(1, burst));
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return Duration.ofNanos(row.getLong(1) * 1000);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take a Connect rate-limit slot: " + e.getMessage(), e);
        }
    }
}
