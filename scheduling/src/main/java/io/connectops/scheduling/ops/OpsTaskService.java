package io.connectops.scheduling.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

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
        OpsTask task = find(id);
        if (task.status != OpsTask.Status.OPEN) {
            throw ProblemException.illegalTransition("ops task", task.status, "complete-item", task.status.allowedActions());
        }
        if (index < 0 || index >= task.items.size()) {
            throw ProblemException.notFound("checklist item", index);
        }
        List<OpsTask.Item> items = new ArrayList<>(task.items);
        OpsTask.Item item = items.get(index);
        items.set(index, new OpsTask.Item(item.text(), true, notes, currentActor.get().id(), now));
        task.items = items;
        return TaskView.of(task, now);
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
