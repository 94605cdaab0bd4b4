package io.connectops.incidents.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.incidents.IncidentApi;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Retention with the packaged settings: audit entries go after 400 days and delivery records on timelines after 90;
 * recent rows stay, and the entries that document an incident stay however old they are.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class RetentionJobTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionJob job;

    @Test
    void oldAuditEntriesAndDeliveryRecordsGoWhileRecentOnesAndTheIncidentsOwnEntriesStay() throws Exception {
        Instant now = Instant.now();
        String actor = "retention-" + UUID.randomUUID();
        audit(actor + "-401d", now.minus(Duration.ofDays(401)));
        audit(actor + "-399d", now.minus(Duration.ofDays(399)));
        audit(actor + "-today", now);

        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        entry(id, "DELIVERY", "delivered 91 days ago", now.minus(Duration.ofDays(91)));
        entry(id, "DELIVERY", "delivered 89 days ago", now.minus(Duration.ofDays(89)));
        entry(id, "NOTE", "noted 500 days ago", now.minus(Duration.ofDays(500)));

        RetentionJob.Deleted deleted = job.deleteExpired(now);

        assertThat(deleted.auditEntries()).isGreaterThanOrEqualTo(1);
        assertThat(deleted.timelineDeliveries()).isGreaterThanOrEqualTo(1);
        assertThat(strings("SELECT actor_id FROM audit_entry WHERE actor_id LIKE ? ORDER BY actor_id", actor + "%"))
                .containsExactlyInAnyOrder(actor + "-399d", actor + "-today");
        assertThat(strings("SELECT text FROM timeline_entry WHERE incident_id = ?::uuid AND kind <> 'OPENED'", id))
                .containsExactlyInAnyOrder("delivered 89 days ago", "noted 500 days ago");
        assertThat(IncidentApi.viewer().get(IncidentApi.BASE + "/" + id + "/timeline").then().statusCode(200)
                .extract().jsonPath().getList("items.kind", String.class)).containsOnly("OPENED", "DELIVERY", "NOTE");
    }

    @Test
    void outsideTheJobADeliveryRecordCannotBeDeleted() throws Exception {
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        entry(id, "DELIVERY", "delivered long ago", Instant.now().minus(Duration.ofDays(365)));
        try (var connection = dataSource.getConnection(); var delete = connection.prepareStatement(
                "DELETE FROM timeline_entry WHERE incident_id = ?::uuid AND kind = 'DELIVERY'")) {
            delete.setString(1, id);
            assertThatThrownBy(delete::executeUpdate).isInstanceOf(SQLException.class)
                    .hasMessageContaining("append-only");
        }
        assertThat(strings("SELECT text FROM timeline_entry WHERE incident_id = ?::uuid AND kind = 'DELIVERY'", id))
                .containsExactly("delivered long ago");
    }

    private void audit(String actorId, Instant at) throws SQLException {
        try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement(
                "INSERT INTO audit_entry (occurred_at, actor_id, actor_name, method, path, status) "
                        + "VALUES (?, ?, 'Retention Test', 'POST', '/api/v1/incidents', 201)")) {
            insert.setTimestamp(1, Timestamp.from(at));
            insert.setString(2, actorId);
            insert.executeUpdate();
        }
    }

    private void entry(String incidentId, String kind, String text, Instant at) throws SQLException {
        try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement(
                "INSERT INTO timeline_entry (incident_id, occurred_at, kind, actor_id, actor_name, text, status, "
                        + "severity) VALUES (?::uuid, ?, ?, 'notifications', 'Notifications', ?, 'TRIAGE', 'P3')")) {
            insert.setString(1, incidentId);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.setString(3, kind);
            insert.setString(4, text);
            insert.executeUpdate();
        }
    }

    private List<String> strings(String sql, String parameter) throws SQLException {
        try (var connection = dataSource.getConnection(); var select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (var rows = select.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        }
    }
}
