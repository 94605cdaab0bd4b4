package io.connectops.scheduling.ops;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.connectops.platform.problem.ProblemException;
import io.connectops.platform.rest.Page;
import io.connectops.platform.rest.PageRequest;
import io.connectops.scheduling.common.Ids;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;

/** Templates of recurring operational tasks: a checklist or a report, due on a cron in a time zone. */
@ApplicationScoped
public class TemplateService {

    @Transactional
    public Page<TemplateView> templates(PageRequest page) {
        PanacheQuery<OpsTaskTemplate> query = OpsTaskTemplate.findAll(Sort.by("priority").and("name"));
        return new Page<>(query.page(page.page(), page.size()).list().stream().map(TemplateView::of).toList(),
                page.page(), page.size(), query.count());
    }

    @Transactional
    public TemplateView get(String id) {
        return TemplateView.of(template(id));
    }

    private OpsTaskTemplate template(String id) {
        OpsTaskTemplate template = OpsTaskTemplate.findById(Ids.inPath("ops task template", id));
        if (template == null) {
            throw ProblemException.notFound("ops task template", id);
        }
        return template;
    }

    @Transactional
    public TemplateView create(TemplateDraft request) {
        try {
            Recurrence.parse(request.cron(), request.timeZone());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(e.getMessage().startsWith("unknown time zone") ? "timeZone" : "cron",
                    e.getMessage());
        }
        if (Boolean.TRUE.equals(request.overnightIncidents()) && request.kind() != OpsTaskTemplate.Kind.CHECKLIST) {
            throw ProblemException.invalid("overnightIncidents", "only a checklist lists the incidents of the night");
        }
        if (OpsTaskTemplate.count("name", request.name()) > 0) {
            throw ProblemException.conflict("a template named " + request.name() + " exists already");
        }
        OpsTaskTemplate template = new OpsTaskTemplate();
        template.id = UUID.randomUUID();
        template.name = request.name();
        template.description = request.description();
        template.kind = request.kind();
        template.priority = request.priority();
        template.cron = request.cron();
        template.timeZone = ZoneId.of(request.timeZone()).getId();
        template.dueAfterMinutes = request.dueAfterMinutes();
        template.assignee = request.assignee();
        template.checklist = List.copyOf(request.checklist());
        template.overnightIncidents = Boolean.TRUE.equals(request.overnightIncidents());
        template.active = true;
        template.createdAt = Instant.now();
        template.persist();
        return TemplateView.of(template);
    }

    @Transactional
    public TemplateView setActive(String id, boolean active) {
        OpsTaskTemplate template = template(id);
        template.active = active;
        return TemplateView.of(template);
    }
}
