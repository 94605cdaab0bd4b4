package io.connectops.scheduling.roster;

import static io.connectops.scheduling.RacingTransitions.outboxTypes;
import static io.connectops.scheduling.RacingTransitions.race;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.SchedulePublished;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.scheduling.config.SchedulingConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Two instances (or two supervisors) acting on one schedule at the same instant, against the real database. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ScheduleRaceTest {

    @Inject
    ScheduleService schedules;

    @Inject
    SchedulingConfig config;

    @Inject
    EntityManager entityManager;

    private UUID insert(String groupId, Schedule.Status status, Instant createdAt, int timeLimitSeconds) {
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.groupId = UUID.fromString(groupId);
        schedule.fromDate = LocalDate.now(ZoneOffset.UTC);
        schedule.days = 1;
        schedule.status = status;
        schedule.timeLimitSeconds = timeLimitSeconds;
        schedule.requirement = List.of();
        schedule.shifts = status == Schedule.Status.DRAFT ? List.of() : null;
        schedule.feasible = status == Schedule.Status.DRAFT ? Boolean.TRUE : null;
        schedule.coverage = status == Schedule.Status.DRAFT ? 1.0 : null;
        schedule.createdBy = "race-test";
        schedule.createdAt = createdAt;
        QuarkusTransaction.requiringNew().run(schedule::persist);
        return schedule.id;
    }

    private Schedule reload(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Schedule.<Schedule>findById(id));
    }

    @Test
    void ofTwoRacingPublishesOneWinsTheOtherGets409AndTheScheduleIsAnnouncedOnce() throws Exception {
        String groupId = ScheduleApiTest.group(UUID.randomUUID().toString().substring(0, 8), "");
        for (int round = 0; round < 3; round++) {
            UUID id = insert(groupId, Schedule.Status.DRAFT, Instant.now(), 30);
            List<Integer> codes = race(
                    () -> ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/schedules/" + id + "/publish").statusCode(),
                    () -> ApiSecurity.as(Roles.SUPERVISOR).post("/api/v1/schedules/" + id + "/publish").statusCode());

            assertThat(codes).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            assertThat(reload(id).status).isEqualTo(Schedule.Status.PUBLISHED);
            assertThat(outboxTypes(entityManager, id.toString())).containsExactly(SchedulePublished.TYPE);
        }
    }

    @Test
    void aScheduleWhoseSolverDiedFailsAfterItsDeadlineWhileALiveSolveIsLeftAlone() {
        String groupId = ScheduleApiTest.group(UUID.randomUUID().toString().substring(0, 8), "");
        Instant now = Instant.now();
        // Created an hour ago with 30 s to solve: its instance was killed mid-solve.
        UUID abandoned = insert(groupId, Schedule.Status.SOLVING, now.minus(Duration.ofHours(1)), 30);
        // Within its time limit and grace: its solver may still be running.
        UUID live = insert(groupId, Schedule.Status.SOLVING, now.minusSeconds(20), 30);
        try {
            assertThat(schedules.failAbandoned(now)).isGreaterThanOrEqualTo(1);

            Schedule failed = reload(abandoned);
            assertThat(failed.status).isEqualTo(Schedule.Status.FAILED);
            assertThat(failed.failure).startsWith("abandoned");
            assertThat(reload(live).status).isEqualTo(Schedule.Status.SOLVING);
            ApiSecurity.as(Roles.SUPERVISOR).get("/api/v1/schedules/" + abandoned + "?withShifts=false").then()
                    .statusCode(200).body("status", equalTo("FAILED"));
            // The job runs on every instance: a later pass leaves a failed schedule as it was.
            schedules.failAbandoned(now.plusSeconds(60));
            assertThat(reload(abandoned).solvedAt).isEqualTo(failed.solvedAt);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> Schedule.update("status = ?1 where id = ?2",
                    Schedule.Status.FAILED, live));
        }
    }

    @Test
    void aSolverThatFinishesAfterItsScheduleWasFailedLeavesItFailed() {
        String groupId = ScheduleApiTest.group(UUID.randomUUID().toString().substring(0, 8), "");
        UUID id = insert(groupId, Schedule.Status.SOLVING, Instant.now().minus(Duration.ofHours(1)), 1);
        schedules.failAbandoned(Instant.now());
        String failure = reload(id).failure;

        schedules.solve(id);

        assertThat(reload(id).status).isEqualTo(Schedule.Status.FAILED);
        assertThat(reload(id).failure).isEqualTo(failure);
    }

    @Test
    void solvesBeyondTheCapAreRefusedWith429AndOfTwoRacingForTheLastSlotOneGetsIt() throws Exception {
        String groupId = ScheduleApiTest.group(UUID.randomUUID().toString().substring(0, 8), "");
        Instant abandonedBefore = Instant.now().minus(config.maxSolveTime()).minus(config.solveGrace());
        long solving = QuarkusTransaction.requiringNew().call(() -> Schedule.count("status = ?1 and createdAt > ?2",
                Schedule.Status.SOLVING, abandonedBefore));
        List<UUID> holding = new ArrayList<>();
        try {
            // Every slot but one is taken by solves still running.
            for (long i = solving; i < config.maxConcurrentSolves() - 1; i++) {
                holding.add(insert(groupId, Schedule.Status.SOLVING, Instant.now(), 600));
            }
            String body = "{\"groupId\":\"" + groupId + "\",\"from\":\"" + LocalDate.now(ZoneOffset.UTC)
                    + "\",\"days\":1,\"timeLimitSeconds\":1,\"requirement\":[{\"start\":\""
                    + LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant() + "\",\"agents\":1}]}";
            List<Response> responses = race(
                    () -> ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json").body(body)
                            .post("/api/v1/schedules"),
                    () -> ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json").body(body)
                            .post("/api/v1/schedules"));

            assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(202, 429);
            Response refused = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.jsonPath().getString("detail")).contains("being solved");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> holding.forEach(id -> Schedule.update(
                    "status = ?1 where id = ?2", Schedule.Status.FAILED, id)));
        }
    }
}
