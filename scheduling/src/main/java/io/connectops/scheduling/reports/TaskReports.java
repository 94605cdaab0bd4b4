package io.connectops.scheduling.reports;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.connectops.scheduling.ops.OpsTaskTemplate;
import io.connectops.scheduling.ops.Recurrence;
import io.connectops.scheduling.ops.TaskContent;

/** A report task carries the figures of the period its recurrence covers; a checklist, the briefing of its day. */
@ApplicationScoped
public class TaskReports implements TaskContent {

    @Inject
    PeriodReport periodReport;

    @Inject
    MorningBriefing briefing;

    @Override
    public Object of(OpsTaskTemplate template, Instant occurrence, Instant now) {
        Recurrence recurrence = Recurrence.parse(template.cron, template.timeZone);
        if (template.kind == OpsTaskTemplate.Kind.REPORT) {
            return periodReport.over(recurrence.zone(), recurrence.period(), occurrence);
        }
        return briefing.of(recurrence, template.overnightIncidents, occurrence, now);
    }
}
