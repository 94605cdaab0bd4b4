package io.connectops.scheduling.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.connectops.contracts.Actor;
import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.platform.security.CurrentActor;
import io.connectops.scheduling.common.Ids;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;

/** The tasks recurring templates produce: listing them, and completing their checklist items and themselves. */
@ApplicationScoped
public class OpsTaskService {

    @Inject
    CurrentActor currentActor;

    @Transactional
    public Page<TaskView> tasks(String due, String status, String templateId, PageRequest page, Instant now) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (due != null) {
            switch (due) {
                case "today": {
                    Instant dayStart = now.atZone(ZoneId.of("UTC")).toLocalDate().atStartOfDay(ZoneId.of("UTC")).toInstant();
                    query.append(" and dueAt >= :from and dueAt < :to");
                    parameters.and("from", dayStart).and("to", dayStart.plus(Duration.ofDays(1)));
                    break;
                }
                case "overdue":
                    query.append(" and status = :open and dueAt < :now");
                    parameters.and("open", OpsTask.Status.OPEN).and("now", now);
                    break;
                default:
                    throw ProblemException.invalid("due", "must be today or overdue");
            }
        }
        if (status != null) {
            try {
                parameters.and("status", OpsTask.Status.valueOf(status));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("status", "must be OPEN or DONE");
            }
            query.append(" and status = :status");
        }
        if (templateId != null) {
            query.append(" and templateId = :templateId");
            parameters.and("templateId", Ids.inPath("ops task template", templateId));
        }
        PanacheQuery<OpsTask> found = OpsTask.find(query.toString(), Sort.by("dueAt").and("priority").and("id"),
                parameters);
        return new Page<>(found.page(page.page(), page.size()).list().stream().map(t -> TaskView.of(t, now)).toList(),
                page.page(), page.size(), found.count());
    }

    /**
     * Tasks due in [from, to) by due time, then the open ones due before it, latest first: the day's list of a
     * supervisor, with what is left over from earlier days. At most {@code limit} of each.
     */
    @Transactional
    public List<TaskView> dueOrOverdue(Instant from, Instant to, Instant now, int limit) {
        List<OpsTask> found = new ArrayList<>(OpsTask.<OpsTask>find("dueAt >= ?1 and dueAt < ?2",
                Sort.by("dueAt").and("priority").and("id"), from, to).page(0, limit).list());
        found.addAll(OpsTask.<OpsTask>find("status = ?1 and dueAt < ?2",
                Sort.by("dueAt").descending().and("id"), OpsTask.Status.OPEN, from).page(0, limit).list());
        return found.stream().map(task -> TaskView.of(task, now)).toList();
    }

    @Transactional
    public TaskView task(String id, Instant now) {
        return TaskView.of(find(id), now);
    }

    private OpsTask find(String id) {
        OpsTask task = OpsTask.findById(Ids.inPath("ops task", id));
        if (task == null) {
            throw ProblemException.notFound("ops task", id);
        }
        return task;
    }

    @Transactional
    public TaskView completeItem(String id, int index, String notes, Instant now) {
        return tick(id, index, true, notes, now);
    }

    /**
     * Ticks or unticks one checklist item, if it is not already in that state. The task's row is locked first, so
     * that ticks of two items of the same checklist never overwrite each other's (the items are one JSON column),
     * and of two ticks of the same item the second is a 409 naming who ticked first. Each change is recorded in the
     * checklist's history with who and when, in the same transaction.
     */
    @Transactional
    public TaskView tick(String id, int index, boolean done, String notes, Instant now) {
        OpsTask task = OpsTask.findById(Ids.inPath("ops task", id), LockModeType.PESSIMISTIC_WRITE);
        if (task == null) {
            throw ProblemException.notFound("ops task", id);
        }
        if (task.status != OpsTask.Status.OPEN) {
            throw ProblemException.illegalTransition("ops task", task.status, done ? "tick" : "untick",
                    task.status.allowedActions());
        }
        if (index < 0 || index >= task.items.size()) {
            throw ProblemException.notFound("checklist item", index);
        }
        OpsTask.Item item = task.items.get(index);
        if (item.done() == done) {
            throw ProblemException.conflict("Checklist item " + index + " (" + item.text() + ") is already "
                    + (done ? "ticked" + (item.completedBy() == null ? "" : " by " + item.completedBy() + " at "
                            + item.completedAt()) : "open") + "; reload the task");
        }
        Actor actor = currentActor.get();
        // PostgreSQL keeps microseconds: the item (JSON) and its history then say the same instant.
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        List<OpsTask.Item> items = new ArrayList<>(task.items);
        items.set(index, done ? new OpsTask.Item(item.text(), true, notes, actor.id(), at)
                : new OpsTask.Item(item.text(), false, notes, null, null));
        task.items = items;
        ItemTick tick = new ItemTick();
        tick.taskId = task.id;
        tick.itemIndex = index;
        tick.done = done;
        tick.actorId = actor.id();
        tick.actorName = actor.name();
        tick.occurredAt = at;
        tick.persist();
        return TaskView.of(task, now);
    }

    /** The checklist's history, oldest first. */
    @Transactional
    public List<TickView> ticks(String id) {
        OpsTask task = find(id);
        return ItemTick.<ItemTick>find("taskId", Sort.by("occurredAt").and("id"), task.id).list().stream()
                .map(tick -> TickView.of(tick, task)).toList();
    }

    @Transactional
    public TaskView complete(String id, String notes, Instant now) {
        OpsTask task = find(id);
        if (task.status != OpsTask.Status.OPEN) {
            throw ProblemException.illegalTransition("ops task", task.status, "complete", task.status.allowedActions());
        }
        long open = task.items.stream().filter(item -> !item.done()).count();
        if (open > 0) {
            throw ProblemException.conflict(open + " checklist item(s) are still open; complete them first");
        }
        task.status = OpsTask.Status.DONE;
        task.notes = notes;
        task.completedBy = currentActor.get().id();
        task.completedAt = now;
        return TaskView.of(task, now);
    }
}
