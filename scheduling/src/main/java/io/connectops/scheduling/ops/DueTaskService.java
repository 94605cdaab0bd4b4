package io.connectops.scheduling.ops;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.OpsTaskOverdue;
import io.connectops.contracts.Topics;
import io.connectops.platform.outbox.Outbox;
import io.connectops.scheduling.common.Json;
import io.connectops.scheduling.common.SchedulingEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The clock side of recurring tasks. Due tasks are inserted with {@code ON CONFLICT DO NOTHING} on (template,
 * occurrence), so every instance may run the job and each task still exists once; overdue tasks are claimed with a
 * conditional update before their event is written, so each is announced once.
 */
@ApplicationScoped
public class DueTaskService {

    public static final String TEMPLATE_FAILURES = "scheduling.ops.template.failures";

    private static final Logger LOG = Logger.getLogger(DueTaskService.class);

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    TaskContent content;

    private final Counter templateFailures;

    @Inject
    DueTaskService(MeterRegistry registry) {
        templateFailures = Counter.builder(TEMPLATE_FAILURES)
                .description("Due-task creations that failed for one template (the others went on)")
                .register(registry);
    }

    /**
     * Creates the latest due occurrence of every active template; returns how many tasks this call created. Each
     * template has its own transaction: one that fails (a cron that no longer parses, a report that cannot be
     * computed) is logged and counted, and the others are created all the same; it is tried again on the next tick.
     */
    public int createDueTasks(Instant now) {
        int created = 0;
        List<UUID> active = QuarkusTransaction.requiringNew().call(() -> OpsTaskTemplate
                .<OpsTaskTemplate>list("active", true).stream().map(template -> template.id).toList());
        for (UUID id : active) {
            try {
                created += QuarkusTransaction.requiringNew().call(() -> createDue(OpsTaskTemplate.findById(id), now));
            } catch (RuntimeException e) {
                templateFailures.increment();
                LOG.errorf(e, "Ops task template %s could not create its due task; the other templates go on", id);
            }
        }
        return created;
    }

    private int createDue(OpsTaskTemplate template, Instant now) {
        Optional<Instant> occurrence = Recurrence.parse(template.cron, template.timeZone).latestAtOrBefore(now);
        // Only occurrences still inside their due window: a restart after a long pause does not flood the list.
        if (occurrence.isEmpty() || now.isAfter(occurrence.get().plusSeconds(template.dueAfterMinutes * 60L))) {
            return 0;
        }
        return insertOnce(template, occurrence.get(), now);
    }

    private int insertOnce(OpsTaskTemplate template, Instant occurrence, Instant now) {
        List<OpsTask.Item> items = template.checklist.stream()
                .map(text -> new OpsTask.Item(text, false, null, null, null)).toList();
        Object report = content.of(template, occurrence, now);
        return entityManager.createNativeQuery("INSERT INTO ops_task (id, template_id, title, kind, priority, assignee, "
                + "scheduled_for, due_at, status, items, report, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                + "'OPEN', CAST(?9 AS jsonb), CAST(?10 AS jsonb), ?11) ON CONFLICT (template_id, scheduled_for) DO NOTHING")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, template.id)
                .setParameter(3, template.name)
                .setParameter(4, template.kind.name())
                .setParameter(5, template.priority.name())
                .setParameter(6, template.assignee)
                .setParameter(7, occurrence)
                .setParameter(8, occurrence.plusSeconds(template.dueAfterMinutes * 60L))
                .setParameter(9, Json.write(items))
                .setParameter(10, report == null ? null : Json.write(report))
                .setParameter(11, now)
                .executeUpdate();
    }

    /** Publishes each overdue task once; returns how many this call published. */
    @Transactional
    public int publishOverdue(Instant now) {
        List<OpsTask> overdue = OpsTask.list("status = ?1 and dueAt < ?2 and overduePublishedAt is null",
                OpsTask.Status.OPEN, now);
        int published = 0;
        for (OpsTask task : overdue) {
            int claimed = OpsTask.update("overduePublishedAt = ?1 where id = ?2 and overduePublishedAt is null",
                    now, task.id);
            if (claimed == 0) {
                continue;
            }
            int open = (int) task.items.stream().filter(item -> !item.done()).count();
            OpsTaskOverdue event = new OpsTaskOverdue(task.id.toString(), task.templateId.toString(), task.title,
                    task.priority.name(), task.assignee, task.dueAt, open);
            outbox.publish(Topics.SCHEDULES, task.id.toString(),
                    CloudEvent.of(SchedulingEvents.SOURCE, OpsTaskOverdue.TYPE, task.id.toString(), event));
            published++;
        }
        return published;
    }
}
