package io.connectops.scheduling.ops;

import static io.connectops.scheduling.RacingTransitions.outboxTypes;
import static io.connectops.scheduling.RacingTransitions.race;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.MaintenanceWindowEvent;
import io.connectops.contracts.MaintenanceWindowEvent.Change;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The clock and supervisors acting on one maintenance window at the same instant, against the real database. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class MaintenanceRaceTest {

    @Inject
    MaintenanceService maintenance;

    @Inject
    EntityManager entityManager;

    private UUID insert(MaintenanceWindow.Status status, Instant startsAt, Instant endsAt) {
        MaintenanceWindow window = new MaintenanceWindow();
        window.id = UUID.randomUUID();
        window.title = "race " + window.id;
        window.instanceIds = List.of("instance-race");
        window.queueIds = List.of();
        window.startsAt = startsAt;
        window.endsAt = endsAt;
        window.owner = "operations";
        window.leadTimeMinutes = 60;
        window.status = status;
        window.createdBy = "race-test";
        window.createdAt = Instant.now();
        QuarkusTransaction.requiringNew().run(window::persist);
        return window.id;
    }

    private MaintenanceWindow.Status statusOf(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> MaintenanceWindow.<MaintenanceWindow>findById(id).status);
    }

    private static int cancel(UUID id) {
        return ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/maintenance-windows/" + id + "/cancel").statusCode();
    }

    @Test
    void aWindowTheClockStartsWhileASupervisorCancelsItIsEitherStartedOrCancelledNeverBoth() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int round = 0; round < 5; round++) {
            UUID id = insert(MaintenanceWindow.Status.ANNOUNCED, now.minusSeconds(60), now.plusSeconds(3600));
            List<Integer> results = race(() -> {
                maintenance.advance(now);
                return 0;
            }, () -> cancel(id));

            List<String> events = outboxTypes(entityManager, id.toString());
            if (results.get(1) == 200) {
                assertThat(statusOf(id)).as("round %d", round).isEqualTo(MaintenanceWindow.Status.CANCELLED);
                assertThat(events).containsExactly(MaintenanceWindowEvent.typeOf(Change.CANCELLED));
            } else {
                assertThat(results.get(1)).as("round %d", round).isEqualTo(409);
                assertThat(statusOf(id)).isEqualTo(MaintenanceWindow.Status.IN_PROGRESS);
                assertThat(events).containsExactly(MaintenanceWindowEvent.typeOf(Change.STARTED));
            }
        }
    }

    @Test
    void ofTwoRacingCancelsOneWinsTheOtherGets409AndStakeholdersAreToldOnce() throws Exception {
        Instant now = Instant.now();
        for (int round = 0; round < 3; round++) {
            UUID id = insert(MaintenanceWindow.Status.ANNOUNCED, now.plusSeconds(3600), now.plusSeconds(7200));

            assertThat(race(() -> cancel(id), () -> cancel(id))).as("round %d", round)
                    .containsExactlyInAnyOrder(200, 409);
            assertThat(statusOf(id)).isEqualTo(MaintenanceWindow.Status.CANCELLED);
            assertThat(outboxTypes(entityManager, id.toString()))
                    .containsExactly(MaintenanceWindowEvent.typeOf(Change.CANCELLED));
        }
    }

    @Test
    void ofTwoRacingDocumentsOneWinsTheOtherGets409AndItsOutcomeStands() throws Exception {
        Instant now = Instant.now();
        for (int round = 0; round < 3; round++) {
            UUID id = insert(MaintenanceWindow.Status.ENDED, now.minusSeconds(7200), now.minusSeconds(3600));
            List<Integer> codes = race(
                    () -> ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                            .body("{\"outcome\":\"first\"}").post("/api/v1/maintenance-windows/" + id + "/document")
                            .statusCode(),
                    () -> ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                            .body("{\"outcome\":\"second\"}").post("/api/v1/maintenance-windows/" + id + "/document")
                            .statusCode());

            assertThat(codes).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            String outcome = QuarkusTransaction.requiringNew()
                    .call(() -> MaintenanceWindow.<MaintenanceWindow>findById(id).outcome);
            assertThat(outcome).isEqualTo(codes.get(0) == 200 ? "first" : "second");
            assertThat(statusOf(id)).isEqualTo(MaintenanceWindow.Status.DOCUMENTED);
        }
    }
}
