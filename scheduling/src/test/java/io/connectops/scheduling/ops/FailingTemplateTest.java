package io.connectops.scheduling.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** One template that can never produce its task, beside a healthy template and a maintenance window that is due. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class FailingTemplateTest {

    @Inject
    OpsJobs clock;

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry registry;

    @Test
    void aBrokenTemplateStopsNeitherTheOtherTemplatesNorTheMaintenanceClock() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // Written before the cron was validated (or by hand): it no longer parses, so its task can never be made.
        UUID broken = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("INSERT INTO ops_task_template "
                + "(id, name, kind, priority, cron, time_zone, due_after_minutes, checklist, active, created_at) VALUES "
                + "(?1, ?2, 'CHECKLIST', 'HIGH', 'every full moon', 'UTC', 60, CAST('[\"x\"]' AS jsonb), true, now())")
                .setParameter(1, broken).setParameter(2, "broken " + suffix).executeUpdate());
        String healthy = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"healthy " + suffix + "\",\"kind\":\"CHECKLIST\",\"priority\":\"LOW\","
                        + "\"cron\":\"0 * * ? * *\",\"timeZone\":\"UTC\",\"dueAfterMinutes\":5,\"checklist\":[\"y\"]}")
                .post("/api/v1/ops-task-templates").then().statusCode(201).extract().jsonPath().getString("id");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(10);
        MaintenanceWindow window = new MaintenanceWindow();
        window.id = UUID.randomUUID();
        window.title = "due " + suffix;
        window.instanceIds = List.of("instance-" + suffix);
        window.queueIds = List.of();
        window.startsAt = now.plusSeconds(600);
        window.endsAt = now.plusSeconds(3600);
        window.owner = "operations";
        window.leadTimeMinutes = 60;
        window.status = MaintenanceWindow.Status.SCHEDULED;
        window.createdBy = "test";
        window.createdAt = now.minusSeconds(7200);
        QuarkusTransaction.requiringNew().run(window::persist);
        double failuresBefore = registry.counter(DueTaskService.TEMPLATE_FAILURES).count();
        try {
            clock.run(now);

            ApiSecurity.as(Roles.VIEWER).queryParam("templateId", healthy).get("/api/v1/ops-tasks").then()
                    .statusCode(200).body("total", equalTo(1));
            assertThat(QuarkusTransaction.requiringNew()
                    .call(() -> MaintenanceWindow.<MaintenanceWindow>findById(window.id).status))
                    .isEqualTo(MaintenanceWindow.Status.ANNOUNCED);
            assertThat(registry.counter(DueTaskService.TEMPLATE_FAILURES).count()).isGreaterThan(failuresBefore);
        } finally {
            // Neither template may keep making tasks in later runs on the same database (they would fill the
            // supervisor page's list of the day).
            QuarkusTransaction.requiringNew().run(() -> OpsTaskTemplate.update("active = false where id in ?1",
                    List.of(broken, UUID.fromString(healthy))));
        }
    }
}
