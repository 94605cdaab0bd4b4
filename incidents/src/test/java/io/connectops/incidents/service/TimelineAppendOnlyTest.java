package io.connectops.incidents.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.connectops.incidents.IncidentApi;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The timeline is a record: the database itself refuses to change or delete an entry. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class TimelineAppendOnlyTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void timelineEntriesCannotBeChangedOrDeleted() throws Exception {
        String id = IncidentApi.open("P3", "q-" + UUID.randomUUID());
        try (var connection = dataSource.getConnection()) {
            try (var update = connection.prepareStatement(
                    "UPDATE timeline_entry SET text = 'rewritten' WHERE incident_id = ?::uuid")) {
                update.setString(1, id);
                assertThatThrownBy(update::executeUpdate).isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
            try (var delete = connection.prepareStatement("DELETE FROM timeline_entry WHERE incident_id = ?::uuid")) {
                delete.setString(1, id);
                assertThatThrownBy(delete::executeUpdate).isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }
        String text = IncidentApi.viewer().get(IncidentApi.BASE + "/" + id + "/timeline").then().statusCode(200)
                .extract().path("items[0].text");
        assertThat(text).startsWith("Opened INC-").doesNotContain("rewritten");
    }
}
