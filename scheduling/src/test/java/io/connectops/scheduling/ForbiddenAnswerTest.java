package io.connectops.scheduling;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A token without the role an operation needs is told which roles it declares, as a problem. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ForbiddenAnswerTest {

    @Test
    void aViewerCreatingATemplateIsToldThatTheOperationNeedsTheSupervisorRole() {
        ApiSecurity.as(Roles.VIEWER).contentType("application/json").body("{}")
                .post("/api/v1/ops-task-templates")
                .then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Forbidden"))
                .body("status", equalTo(403))
                .body("detail", equalTo("This operation needs role supervisor"))
                .body("roles", contains(Roles.SUPERVISOR))
                .body("instance", equalTo("/api/v1/ops-task-templates"))
                .body(not(containsString("user-viewer")));
    }

    @Test
    void anIngestClientReadingTasksIsToldEveryRoleThatMayReadThem() {
        ApiSecurity.as(Roles.INGEST).get("/api/v1/ops-tasks")
                .then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("This operation needs role viewer or supervisor"))
                .body("roles", contains(Roles.VIEWER, Roles.SUPERVISOR));
    }
}
