package io.connectops.incidents.service;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.connectops.contracts.Actor;
import io.connectops.incidents.domain.Incident;
import io.connectops.incidents.domain.IncidentStatus;
import io.connectops.incidents.domain.MitigationAction;
import io.connectops.incidents.domain.MitigationAction.Status;
import io.connectops.incidents.domain.MitigationAction.Step;
import io.connectops.incidents.domain.TimelineEntry.Kind;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.quarkus.panache.common.Sort;

/** Mitigation actions: planned, run (by people or a remediation hook) and finished with a result. */
@ApplicationScoped
public class MitigationService {

    @Inject
    IncidentService incidents;

    @Inject
    Timeline timeline;

    @Inject
    IncidentEvents events;

    public record Plan(
            @NotBlank @Size(max = 4000) String description,
            @NotBlank @Size(max = 200) String owner,
            boolean automated) {
    }

    public record Outcome(@Size(max = 10000) String result) {
    }

    @Transactional
    public MitigationAction plan(UUID incidentId, Plan plan, Actor actor) {
        Incident incident = incidents.lock(incidentId);
        if (incident.status == IncidentStatus.CLOSED
                || incident.status == IncidentStatus.CANCELLED) {
            throw ProblemException.conflict("Incident " + incident.reference() + " is " + incident.status
                    + ": no more mitigation actions can be added");
        }
        Instant now = Instant.now();
        MitigationAction action = new MitigationAction();
        action.id = UUID.randomUUID();
        action.incidentId = incidentId;
        action.description = plan.description();
        action.owner = plan.owner();
        action.automated = plan.automated();
        action.status = Status.PLANNED;
        action.createdAt = now;
        action.updatedAt = now;
        action.persist();
        timeline.record(incident, Kind.ACTION_ADDED, actor, (plan.automated() ? "Automated action requested: "
                : "Action planned: ") + plan.description() + " (owner " + plan.owner() + ")");
        if (plan.automated()) {
            events.requestAction(incident, action.id.toString(), plan.description(), actor);
        }
        return action;
    }

    @Transactional
    public MitigationAction advance(UUID incidentId, UUID actionId, Step step, Outcome outcome, Actor actor) {
        Incident incident = incidents.lock(incidentId);
        MitigationAction action = MitigationAction.find("id = ?1 and incidentId = ?2", actionId, incidentId)
                .firstResult();
        if (action == null) {
            throw ProblemException.notFound("Mitigation action", actionId);
        }
        if (!step.allowedFrom(action.status)) {
            throw ProblemException.illegalTransition("mitigation action", action.status, step.path(),
                    Arrays.stream(Step.values()).filter(s -> s.allowedFrom(action.status)).map(Step::path).toList());
        }
        action.status = step.target();
        if (outcome != null && outcome.result() != null && !outcome.result().isBlank()) {
            action.result = outcome.result();
        }
        action.updatedAt = Instant.now();
        timeline.record(incident, Kind.ACTION_UPDATED, actor, "Action " + action.status + ": " + action.description
                + (action.result == null ? "" : " — " + action.result));
        return action;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<MitigationAction> of(UUID incidentId, List<Status> statuses, int page, int size) {
        incidents.get(incidentId);
        var query = statuses == null || statuses.isEmpty()
                ? MitigationAction.<MitigationAction>find("incidentId", Sort.by("createdAt").and("id"), incidentId)
                : MitigationAction.<MitigationAction>find("incidentId = ?1 and status in ?2",
                        Sort.by("createdAt").and("id"), incidentId, statuses);
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }
}
